"""A small world for the web tests: two provinces, officers of every role, a few files.

Cao Bằng (the province the officers work for) and Bạc Liêu (outside every
officer's units but the central one). In Cao Bằng: huyện Hà Quảng with xã Sóc
Hà (the commune officer's) and xã Quý Quân (a neighbour), huyện Hoà An with
one commune. Every commune has a file for 2018 and 2019 with a few values.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User

from ntm.accounts.services import profile_set
from ntm.assessments.models import Assessment
from ntm.assessments.services.evaluation import (
    assessment_get_or_create,
    criterion_status_declare,
    indicator_value_set,
)
from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
from ntm.units.models import AdminUnit
from ntm.units.services import units_load

PASSWORD = "ntm-test-pw"
YEARS = (2018, 2019)


@dataclass(frozen=True)
class World:
    province: int
    other_province: int
    district: int
    other_district: int
    commune: int
    neighbour: int
    other_district_commune: int
    outside: int

    def unit(self, name: str) -> AdminUnit:
        return AdminUnit.objects.get(pk=getattr(self, name))

    def assessment(self, name: str, year: int = 2019) -> Assessment:
        return Assessment.objects.get(commune_id=getattr(self, name), year=year)


def _commune(district: AdminUnit, name: str | None = None) -> AdminUnit:
    qs = AdminUnit.objects.filter(parent=district, kind=AdminUnit.Kind.COMMUNE).order_by("code")
    return qs.get(name=name) if name else qs.first()


def _fill(commune: AdminUnit, year: int, better: int) -> None:
    """A file with a few values: irrigation 3.1 as a ratio, income 10.1, a boolean, a declaration."""
    a = assessment_get_or_create(commune=commune, year=year)
    indicator_value_set(assessment=a, indicator_code="1.1", value=True)
    indicator_value_set(assessment=a, indicator_code="3.1", numerator=40 + better, denominator=50)
    indicator_value_set(assessment=a, indicator_code="10.1", value=Decimal("28.5") + better)
    criterion_status_declare(assessment=a, criterion_number=19, met=True)


def build_world() -> World:
    units_load(list_name="2019", province_code="4")
    units_load(list_name="2019", province_code="95")
    criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2016-2020.yaml")
    province = AdminUnit.objects.get(level=1, code="4")
    other_province = AdminUnit.objects.get(level=1, code="95")
    district = AdminUnit.objects.get(level=2, parent=province, name="Hà Quảng")
    other_district = AdminUnit.objects.get(level=2, parent=province, name="Hoà An")
    commune = _commune(district, "Sóc Hà")
    neighbour = _commune(district, "Quý Quân")
    other_district_commune = _commune(other_district)
    outside = (
        AdminUnit.objects.filter(province=other_province, kind=AdminUnit.Kind.COMMUNE)
        .order_by("code")
        .first()
    )
    for unit in (commune, neighbour, other_district_commune, outside):
        for i, year in enumerate(YEARS):
            _fill(unit, year, better=i * 5)
    officers = [
        ("tinh", "province", province),
        ("huyen", "district", district),
        ("xa", "commune", commune),
        ("huyen2", "district", other_district),
        ("xa2", "commune", neighbour),
        ("lanhdao", "viewer", province),
    ]
    for username, role, unit in officers:
        user = User.objects.create_user(username, password=PASSWORD)
        profile_set(user=user, role=role, unit=unit)
    User.objects.create_superuser("admin", password=PASSWORD)
    return World(
        province=province.pk,
        other_province=other_province.pk,
        district=district.pk,
        other_district=other_district.pk,
        commune=commune.pk,
        neighbour=neighbour.pk,
        other_district_commune=other_district_commune.pk,
        outside=outside.pk,
    )


def entry_version(assessment: Assessment, group_code: str) -> str:
    """The version an entry form of ``group_code`` carries when opened now."""
    from ntm.assessments.selectors import entry_state
    from ntm.core.concurrency import version_token
    from ntm.criteria.models import CriterionGroup

    group = CriterionGroup.objects.get(criteria_set=assessment.criteria_set_id, code=group_code)
    return version_token(entry_state(assessment=assessment, group=group))


def plan_version(unit: AdminUnit, year: int) -> str:
    """The version the plans page of ``unit`` and ``year`` carries when opened now."""
    from ntm.core.concurrency import version_token
    from ntm.plans.selectors import plan_state

    return version_token(plan_state(unit=unit, year=year))


def texts_version(unit: AdminUnit, year: int) -> str:
    """The version the report texts page of ``unit`` and ``year`` carries when opened now."""
    from ntm.core.concurrency import version_token
    from ntm.reports.services import report_texts_state

    return version_token(report_texts_state(unit=unit, year=year))
