"""Small builders for analytics and report tests: a few units, assessments, targets."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from ntm.assessments.models import Assessment, CriterionStatus, Recognition
from ntm.criteria.models import CriteriaSet
from ntm.plans.models import Target, TargetCommune
from ntm.units.models import AdminUnit


def unit(
    code: str,
    name: str,
    *,
    level: int,
    kind: str,
    parent: AdminUnit | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> AdminUnit:
    u = AdminUnit.objects.create(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent=parent,
        province=parent.province if parent else None,
        valid_from=valid_from,
        valid_to=valid_to,
        source_list="test",
        path="",
    )
    u.path = f"{parent.path if parent else '/'}{u.pk}/"
    if level == 1:
        u.province = u
    u.save()
    return u


def province_with(districts: dict[str, list[str]], *, code: str = "99", name: str = "Thử Nghiệm"):
    """A province whose districts (name → commune names) get codes in order."""
    p = unit(code, name, level=1, kind="tinh")
    out: dict[str, AdminUnit] = {}
    n = 0
    for i, (dname, communes) in enumerate(districts.items(), start=1):
        kind = "thanh_pho" if dname.startswith("TP ") else "huyen"
        d = unit(f"{code}{i:02d}", dname.removeprefix("TP "), level=2, kind=kind, parent=p)
        out[dname] = d
        for cname in communes:
            n += 1
            out[cname] = unit(f"{code}{i:02d}{n:03d}", cname, level=3, kind="xa", parent=d)
    out["province"] = p
    return out


def assess(commune: AdminUnit, year: int, met: Iterable[int], cset: CriteriaSet) -> Assessment:
    """An assessment meeting exactly the criteria numbered in ``met`` (others not met)."""
    met = set(met)
    criteria = list(cset.criteria.order_by("number"))
    a = Assessment.objects.create(
        commune=commune,
        year=year,
        criteria_set=cset,
        criteria_met=len(met),
        criteria_total=len(criteria),
        meets_standard=len(met) == len(criteria),
    )
    CriterionStatus.objects.bulk_create(
        CriterionStatus(
            assessment=a,
            criterion=c,
            met=c.number in met,
            computed_met=c.number in met,
            source="computed",
        )
        for c in criteria
    )
    return a


def first(k: int) -> set[int]:
    """Criteria 1..k."""
    return set(range(1, k + 1))


def target(unit_: AdminUnit, year: int, row_id: str, value) -> Target:
    return Target.objects.create(unit=unit_, year=year, row_id=row_id, value=Decimal(str(value)))


def target_commune(unit_: AdminUnit, year: int, commune: AdminUnit) -> TargetCommune:
    return TargetCommune.objects.create(unit=unit_, year=year, commune=commune)


def recognise(
    commune: AdminUnit, year: int, *, revoked_on: datetime.date | None = None
) -> Recognition:
    return Recognition.objects.create(
        commune=commune,
        year=year,
        number=f"{commune.code}/QĐ-UBND",
        date=datetime.date(year, 12, 1),
        issuer="UBND tỉnh",
        revoked_on=revoked_on,
    )
