"""The one place tests build their data: units, criteria sets, officers, assessments, plans, decisions.

Factories are plain functions named ``<entity>_make`` with keyword arguments
and defaults that make sense for the programme; two ready-made worlds are
built from them:

- :func:`world_build`, a small hand-made world (two provinces P and Q, a
  three-criterion set, one officer of each role inside P's scope and one
  outside), for services, permissions and workflow;
- :func:`cao_bang_build`, two provinces loaded from the official lists with
  the shipped 2016-2020 criteria set, officers and a few files, for pages and
  browser journeys.

The fixtures that hand them to tests are in ``tests/conftest.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from ntm.accounts.services import profile_set
from ntm.assessments.models import Assessment, CriterionStatus, Recognition
from ntm.criteria.models import CriteriaSet, Criterion, CriterionGroup
from ntm.ocop.models import Certificate, Product, Rating
from ntm.plans.models import Target, TargetCommune
from ntm.units.models import AdminUnit, Region

PASSWORD = "ntm-test-pw"
ROLES = ("central", "province", "district", "commune", "viewer")


# -- Units -------------------------------------------------------------------------------------


def unit_make(
    code: str,
    name: str,
    *,
    level: int,
    kind: str,
    parent: AdminUnit | None = None,
    region: Region | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> AdminUnit:
    """An administrative unit under ``parent``, with its materialised path and province."""
    unit = AdminUnit.objects.create(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent=parent,
        region=region,
        province=parent.province if parent is not None else None,
        valid_from=valid_from,
        valid_to=valid_to,
        source_list="test",
        path="",
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    if level == AdminUnit.Level.PROVINCE:
        unit.province = unit
    unit.save(update_fields=["path", "province"])
    return unit


def province_make(
    districts: dict[str, list[str]], *, code: str = "99", name: str = "Thử Nghiệm"
) -> dict[str, AdminUnit]:
    """A province whose districts (name → commune names) get codes in order.

    A district named ``"TP …"`` is a provincial city. The result maps every
    district and commune name to its unit, and ``"province"`` to the province.
    """
    province = unit_make(code, name, level=1, kind=AdminUnit.Kind.PROVINCE)
    out: dict[str, AdminUnit] = {"province": province}
    n = 0
    for i, (district_name, communes) in enumerate(districts.items(), start=1):
        kind = "thanh_pho" if district_name.startswith("TP ") else AdminUnit.Kind.DISTRICT
        district = unit_make(
            f"{code}{i:02d}",
            district_name.removeprefix("TP "),
            level=2,
            kind=kind,
            parent=province,
        )
        out[district_name] = district
        for commune_name in communes:
            n += 1
            out[commune_name] = unit_make(
                f"{code}{i:02d}{n:03d}",
                commune_name,
                level=3,
                kind=AdminUnit.Kind.COMMUNE,
                parent=district,
            )
    return out


# -- Criteria ----------------------------------------------------------------------------------


def criteria_set_make(*, n: int = 3, code: str = "xa-thu-2016-2020") -> CriteriaSet:
    """A criteria set of ``n`` criteria in force 2016-2020 (so that nothing relies on 19)."""
    cset = CriteriaSet.objects.create(
        code=code, name="Bộ tiêu chí thử", legal_basis="thử", period_start=2016, period_end=2020
    )
    group = CriterionGroup.objects.create(criteria_set=cset, code="I", name="Nhóm thử")
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=cset,
            group=group,
            number=number,
            name=f"Tiêu chí {number}",
            short_name=f"TC{number}",
        )
        for number in range(1, n + 1)
    )
    return cset


# -- Officers ----------------------------------------------------------------------------------


def user_make(
    username: str,
    role: str | None = None,
    unit: AdminUnit | None = None,
    *,
    password: str | None = None,
) -> User:
    """An officer with a role and unit given through ``profile_set`` (none: not yet assigned)."""
    user = User.objects.create_user(username=username, password=password)
    if role is not None:
        profile_set(user=user, role=role, unit=unit)
    return user


# -- Assessments and decisions -----------------------------------------------------------------


def first(k: int) -> set[int]:
    """Criteria 1..k."""
    return set(range(1, k + 1))


def assessment_make(
    commune: AdminUnit,
    year: int = 2019,
    *,
    criteria_set: CriteriaSet,
    met: Iterable[int] | None = None,
    meets_standard: bool = True,
    state: str = Assessment.State.DRAFT,
    locked: bool | None = None,
) -> Assessment:
    """A commune's assessment (hồ sơ đánh giá) of a year, written as evaluation leaves it.

    One status per criterion, so that the file is complete (every criterion
    has a result, as the workflow's checks require): with ``met``, exactly the
    criteria numbered in ``met`` are met; without, every criterion is met
    (``meets_standard``) or every one but the last. An appraised or recognised
    file is locked unless told otherwise.
    """
    criteria = list(criteria_set.criteria.order_by("number"))
    total = len(criteria)
    if met is None:
        met = first(total if meets_standard else total - 1)
    numbers = set(met)
    count = len(numbers)
    if locked is None:
        locked = state in (Assessment.State.APPRAISED, Assessment.State.RECOGNISED)
    assessment = Assessment.objects.create(
        commune=commune,
        year=year,
        criteria_set=criteria_set,
        kind=criteria_set.kind,
        level=criteria_set.level,
        state=state,
        locked=locked,
        criteria_total=total,
        criteria_met=count,
        meets_standard=count == total,
    )
    CriterionStatus.objects.bulk_create(
        CriterionStatus(
            assessment=assessment,
            criterion=c,
            met=c.number in numbers,
            computed_met=c.number in numbers,
            source="computed",
        )
        for c in criteria
    )
    return assessment


def file_complete(assessment: Assessment, *, all_met: bool = False) -> None:
    """Declare a result for every criterion of the file that has none, as not met, so that the
    workflow's checks let it through; with ``all_met``, every criterion not met is declared met
    (a file that may be recognised). Declared while the file is editable, before its state is set.
    """
    from ntm.assessments.services.evaluation import criterion_status_declare

    results = dict(
        CriterionStatus.objects.filter(assessment=assessment).values_list(
            "criterion__number", "met"
        )
    )
    for criterion in assessment.criteria_set.criteria.order_by("number"):
        met = results.get(criterion.number)
        if met is None or (all_met and met is not True):
            criterion_status_declare(
                assessment=assessment, criterion_number=criterion.number, met=all_met
            )


def certified_product_make(commune: AdminUnit, *, name: str = "Miến dong") -> Product:
    """An OCOP product of ``commune`` rated 4 stars in 2019, its certificate in force to 2022."""
    product = Product.objects.create(code="SP-1", name=name, group="thuc_pham", commune=commune)
    rating = Rating.objects.create(
        product=product, year=2019, sheet="qd-1048-2019", level="tinh", score_a=30, score_b=15,
        score_c=25, total=70, stars=4,
    )  # fmt: skip
    Certificate.objects.create(
        rating=rating,
        number="7/QĐ-UBND",
        issued_on=datetime.date(2019, 6, 1),
        valid_until=datetime.date(2022, 6, 1),
    )
    return product


def recognition_make(
    commune: AdminUnit,
    year: int,
    *,
    title: str = Recognition.Title.STANDARD,
    revoked_on: datetime.date | None = None,
    **fields: Any,
) -> Recognition:
    """A recognition decision (quyết định công nhận) as recorded, without its workflow."""
    fields.setdefault("number", f"{commune.code}/QĐ-UBND")
    fields.setdefault("date", datetime.date(year, 12, 1))
    fields.setdefault("issuer", "UBND tỉnh")
    return Recognition.objects.create(
        commune=commune, year=year, title=title, revoked_on=revoked_on, **fields
    )


def target_make(unit: AdminUnit, year: int, row_id: str, value: Any) -> Target:
    """A plan's target for one appendix row."""
    return Target.objects.create(unit=unit, year=year, row_id=row_id, value=Decimal(str(value)))


def target_commune_make(unit: AdminUnit, year: int, commune: AdminUnit) -> TargetCommune:
    """A commune that a plan names as a target for the title."""
    return TargetCommune.objects.create(unit=unit, year=year, commune=commune)


# -- The hand-made world -----------------------------------------------------------------------


@dataclass
class World:
    """Province P (districts D1: C1, C2; D2: C3) and Q (QD: QC), a three-criterion set, officers."""

    criteria_set: CriteriaSet
    province: AdminUnit
    d1: AdminUnit
    d2: AdminUnit
    c1: AdminUnit
    c2: AdminUnit
    c3: AdminUnit
    other_province: AdminUnit
    other_district: AdminUnit
    other_commune: AdminUnit
    users: dict[str, User] = field(default_factory=dict)

    def user(self, role: str, *, in_scope: bool = True) -> User:
        """An officer of ``role`` whose unit contains C1 (in scope) or does not (out of scope)."""
        return self.users[role if in_scope or role == "central" else f"{role}_out"]

    def assessment(self, *, commune: AdminUnit | None = None, **kwargs: Any) -> Assessment:
        """An assessment of C1 (or ``commune``) in 2019; see :func:`assessment_make`."""
        return assessment_make(commune or self.c1, criteria_set=self.criteria_set, **kwargs)


def world_build(*, criteria_set: CriteriaSet | None = None) -> World:
    cset = criteria_set or criteria_set_make()
    province, commune = AdminUnit.Kind.PROVINCE, AdminUnit.Kind.COMMUNE
    p = unit_make("P1", "Thử Nhất", level=1, kind=province)
    d1 = unit_make("D11", "Một", level=2, kind=AdminUnit.Kind.DISTRICT, parent=p)
    d2 = unit_make("D12", "Hai", level=2, kind=AdminUnit.Kind.DISTRICT, parent=p)
    c1 = unit_make("C111", "An", level=3, kind=commune, parent=d1)
    c2 = unit_make("C112", "Bình", level=3, kind=commune, parent=d1)
    c3 = unit_make("C121", "Cường", level=3, kind=commune, parent=d2)
    q = unit_make("P2", "Thử Hai", level=1, kind=province)
    qd = unit_make("D21", "Ba", level=2, kind=AdminUnit.Kind.DISTRICT, parent=q)
    qc = unit_make("C211", "Đông", level=3, kind=commune, parent=qd)
    w = World(cset, p, d1, d2, c1, c2, c3, q, qd, qc)
    w.users = {
        "central": user_make("trung_uong", "central"),
        "province": user_make("tinh", "province", p),
        "district": user_make("huyen", "district", d1),
        "commune": user_make("xa", "commune", c1),
        "viewer": user_make("lanh_dao", "viewer", p),
        "province_out": user_make("tinh_khac", "province", q),
        "district_out": user_make("huyen_khac", "district", d2),
        "commune_out": user_make("xa_khac", "commune", c2),
        "viewer_out": user_make("lanh_dao_khac", "viewer", q),
        "none": user_make("chua_phan_quyen"),
        "none_out": user_make("chua_phan_quyen_2"),
    }
    return w


# -- Cao Bằng and Bạc Liêu from the official lists ---------------------------------------------

CAO_BANG_YEARS = (2018, 2019)


@dataclass(frozen=True)
class CaoBang:
    """Cao Bằng (the officers' province) and Bạc Liêu (outside every officer's units but central).

    In Cao Bằng: huyện Hà Quảng with xã Sóc Hà (the commune officer's) and xã
    Quý Quân (a neighbour), huyện Hoà An with one commune. Primary keys only,
    so that a world built once per module can be read inside each test.
    """

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


def _file_fill(commune: AdminUnit, year: int, better: int) -> None:
    """A file with a few values: irrigation 3.1 as a ratio, income 10.1, a boolean, a declaration."""
    from ntm.assessments.services.evaluation import (
        assessment_get_or_create,
        criterion_status_declare,
        indicator_value_set,
    )

    a = assessment_get_or_create(commune=commune, year=year)
    indicator_value_set(assessment=a, indicator_code="1.1", value=True)
    indicator_value_set(assessment=a, indicator_code="3.1", numerator=40 + better, denominator=50)
    indicator_value_set(assessment=a, indicator_code="10.1", value=Decimal("28.5") + better)
    criterion_status_declare(assessment=a, criterion_number=19, met=True)


def cao_bang_build() -> CaoBang:
    """Both provinces' 2019 lists, the 2016-2020 set, files for 2018-2019, officers of every role.

    Officers (password :data:`PASSWORD`): ``tinh`` (province), ``huyen``
    (Hà Quảng), ``xa`` (Sóc Hà), ``huyen2`` (Hoà An), ``xa2`` (Quý Quân),
    ``lanhdao`` (viewer of the province) and the superuser ``admin``.
    """
    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
    from ntm.units.services import units_load

    units_load(list_name="2019", province_code="4")
    units_load(list_name="2019", province_code="95")
    criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2016-2020.yaml")
    province = AdminUnit.objects.get(level=1, code="4")
    other_province = AdminUnit.objects.get(level=1, code="95")
    district = AdminUnit.objects.get(level=2, parent=province, name="Hà Quảng")
    other_district = AdminUnit.objects.get(level=2, parent=province, name="Hoà An")
    communes = AdminUnit.objects.filter(kind=AdminUnit.Kind.COMMUNE).order_by("code")
    commune = communes.get(parent=district, name="Sóc Hà")
    neighbour = communes.get(parent=district, name="Quý Quân")
    other_district_commune = communes.filter(parent=other_district).first()
    outside = communes.filter(province=other_province).first()
    assert other_district_commune is not None and outside is not None
    for unit in (commune, neighbour, other_district_commune, outside):
        for i, year in enumerate(CAO_BANG_YEARS):
            _file_fill(unit, year, better=i * 5)
    officers = [
        ("tinh", "province", province),
        ("huyen", "district", district),
        ("xa", "commune", commune),
        ("huyen2", "district", other_district),
        ("xa2", "commune", neighbour),
        ("lanhdao", "viewer", province),
    ]
    for username, role, unit in officers:
        user_make(username, role, unit, password=PASSWORD)
    User.objects.create_superuser("admin", password=PASSWORD)
    return CaoBang(
        province=province.pk,
        other_province=other_province.pk,
        district=district.pk,
        other_district=other_district.pk,
        commune=commune.pk,
        neighbour=neighbour.pk,
        other_district_commune=other_district_commune.pk,
        outside=outside.pk,
    )


# --- versions of the editing pages (core.concurrency) ------------------------------------


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


def document_version(unit: AdminUnit, year: int, *, only_year: bool = False) -> str:
    """The version the document setting page of ``unit`` and ``year`` carries when opened now."""
    from ntm.core.concurrency import version_token
    from ntm.reports.services import document_setting_state, reference_state

    state = document_setting_state(unit=unit, year=year if only_year else None)
    return version_token(state | reference_state(unit=unit, year=year))
