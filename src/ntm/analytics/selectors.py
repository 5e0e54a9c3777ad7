"""Reading the figures of a province or district for a year, live from the data.

Counting happens in the database; the rates, changes and rounding are the pure
functions of ``analytics.metrics``. Selectors return plain rows (frozen
dataclasses), never model instances. See docs/report.md for how each figure
is defined.

Scope of a figure (decided for the whole system):
- the communes of a unit in a year are the units of kind ``xa`` valid at some
  time in that year within the unit's subtree; "Tổng số xã thực hiện Chương
  trình NTM" is their number;
- a commune without an assessment that year counts as 0 criteria met;
- a commune is recognised (đã có QĐ công nhận) in year Y when it has a
  ``dat_chuan`` recognition of year ≤ Y not revoked by the end of Y.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from ntm.accounts.scope import ensure_in_scope
from ntm.analytics import metrics
from ntm.assessments.models import Assessment, CriterionStatus, Recognition
from ntm.criteria.models import CriteriaSet
from ntm.criteria.services import criteria_set_for_year
from ntm.plans.models import Target, TargetCommune
from ntm.units.models import AdminUnit

#: Reports follow the communes under this many criteria ("xã dưới 10 tiêu chí").
LOW_CRITERIA_LIMIT = metrics.LOW_CRITERIA_LIMIT

_KIND_PREFIX = {
    AdminUnit.Kind.PROVINCE: "tỉnh",
    AdminUnit.Kind.CITY: "thành phố",
    AdminUnit.Kind.DISTRICT: "huyện",
    AdminUnit.Kind.PROVINCIAL_CITY: "thành phố",
    AdminUnit.Kind.TOWN: "thị xã",
    AdminUnit.Kind.URBAN_DISTRICT: "quận",
    AdminUnit.Kind.COMMUNE: "xã",
    AdminUnit.Kind.WARD: "phường",
    AdminUnit.Kind.TOWNSHIP: "thị trấn",
}


def kind_prefix(kind: str) -> str:
    """The lower-case word written before a unit's name: "huyện", "thành phố", "xã"."""
    return _KIND_PREFIX.get(kind, "")


# --------------------------------------------------------------------------- units


def communes_in(*, unit: AdminUnit, year: int) -> QuerySet[AdminUnit]:
    """The communes (xã) of ``unit`` in ``year``."""
    return AdminUnit.objects.valid_in_year(year).communes().within(unit)


def criteria_set_of(*, unit: AdminUnit, year: int) -> CriteriaSet:
    province = unit.province if unit.province_id else unit
    return criteria_set_for_year(year=year, province=province)


def criteria_info(*, criteria_set: CriteriaSet) -> list[metrics.CriterionInfo]:
    rows = criteria_set.criteria.select_related("group").order_by("number")
    return [
        metrics.CriterionInfo(
            number=c.number,
            name=c.name,
            short_name=c.short_name or c.name,
            group_code=c.group.code,
            group_name=c.group.name,
        )
        for c in rows
    ]


# --------------------------------------------------------------------------- counts


def _counts(year: int, communes: QuerySet[AdminUnit]) -> metrics.YearCounts:
    commune_ids = communes.values("id")
    n_communes = communes.count()
    assessments = Assessment.objects.filter(year=year, commune__in=commune_ids)
    agg = assessments.aggregate(assessed=Count("id"), met=Sum("criteria_met"))
    assessed = agg["assessed"] or 0
    distribution = {
        row["criteria_met"]: row["n"]
        for row in assessments.values("criteria_met").annotate(n=Count("id")).order_by()
    }
    missing = n_communes - assessed
    if missing > 0:
        distribution[0] = distribution.get(0, 0) + missing
    per_criterion = {
        row["criterion__number"]: row["n"]
        for row in CriterionStatus.objects.filter(
            assessment__year=year, assessment__commune__in=commune_ids, met=True
        )
        .values("criterion__number")
        .annotate(n=Count("id"))
        .order_by()
    }
    year_end = datetime.date(year, 12, 31)
    recognised = (
        Recognition.objects.filter(
            commune__in=commune_ids, title=Recognition.Title.STANDARD, year__lte=year
        )
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=year_end))
        .values("commune")
        .distinct()
        .count()
    )
    return metrics.YearCounts(
        year=year,
        communes=n_communes,
        assessed=assessed,
        criteria_met_sum=agg["met"] or 0,
        distribution=distribution,
        per_criterion=per_criterion,
        recognised=recognised,
    )


def unit_year_counts(*, unit: AdminUnit, year: int) -> metrics.YearCounts:
    """Communes, criteria met, distribution, per-criterion counts and recognitions of a year."""
    return _counts(year, communes_in(unit=unit, year=year))


def subunits_of(*, unit: AdminUnit, year: int) -> list[AdminUnit]:
    """The districts (cấp huyện) of a province in ``year``; none below the district level."""
    if unit.level != AdminUnit.Level.PROVINCE:
        return []
    return list(
        AdminUnit.objects.valid_in_year(year)
        .filter(level=AdminUnit.Level.DISTRICT)
        .within(unit)
        .order_by("code")
    )


def _counts_by_district(year: int, district_ids: list[int]) -> dict[int, metrics.YearCounts]:
    """Communes and their distribution of criteria met, per district, in two grouped queries.

    A district's communes are its direct children (the tree is province →
    district → commune). Per-criterion counts and recognitions are not read:
    the district figures (average, change, rank, communes meeting standard) do
    not use them.
    """
    communes = AdminUnit.objects.valid_in_year(year).communes().filter(parent_id__in=district_ids)
    sizes = dict(
        communes.values("parent_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("parent_id", "n")
    )
    dist: dict[int, dict[int, int]] = {d: {} for d in district_ids}
    for parent_id, met, n in (
        Assessment.objects.filter(year=year, commune__in=communes.values("id"))
        .values("commune__parent_id", "criteria_met")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("commune__parent_id", "criteria_met", "n")
    ):
        dist[parent_id][met] = n
    out = {}
    for d in district_ids:
        assessed = sum(dist[d].values())
        missing = sizes.get(d, 0) - assessed
        if missing > 0:
            dist[d][0] = dist[d].get(0, 0) + missing
        out[d] = metrics.YearCounts(
            year=year,
            communes=sizes.get(d, 0),
            assessed=assessed,
            criteria_met_sum=sum(k * n for k, n in dist[d].items()),
            distribution=dist[d],
        )
    return out


def subunit_counts(*, unit: AdminUnit, year: int) -> list[metrics.SubunitCounts]:
    """Each district's counts this year and last year (None if it did not exist last year)."""
    subs = subunits_of(unit=unit, year=year)
    ids = [u.pk for u in subs]
    last_year_ids = set(
        AdminUnit.objects.valid_in_year(year - 1).filter(pk__in=ids).values_list("pk", flat=True)
    )
    now = _counts_by_district(year, ids)
    before = _counts_by_district(year - 1, [i for i in ids if i in last_year_ids])
    return [
        metrics.SubunitCounts(sub.code, sub.name, sub.kind, now[sub.pk], before.get(sub.pk))
        for sub in subs
    ]


def region_province_codes(region_code: str) -> set[str]:
    """The provinces of a region by the official list shipped with NTM (units/regions-2019.csv)."""
    import csv

    from ntm.units.services import DATA_DIR

    with (DATA_DIR / "regions-2019.csv").open(encoding="utf-8") as fh:
        return {r["province_code"] for r in csv.DictReader(fh) if r["region_code"] == region_code}


def region_year_counts(*, province: AdminUnit, year: int) -> tuple[str, metrics.YearCounts] | None:
    """The counts of the province's whole region, only when every province of it has data.

    Every province the official list puts in the region must be in NTM with
    assessments that year: comparing a province with the part of its region
    that happens to be loaded would be wrong, so the report then leaves the
    comparison out.
    """
    region = province.region
    if region is None:
        return None
    provinces = list(
        AdminUnit.objects.valid_in_year(year).filter(level=AdminUnit.Level.PROVINCE, region=region)
    )
    official = region_province_codes(region.code)
    if not official or not official <= {p.code for p in provinces}:
        return None
    for p in provinces:
        if not Assessment.objects.filter(year=year, commune__path__startswith=p.path).exists():
            return None
    communes = (
        AdminUnit.objects.valid_in_year(year)
        .communes()
        .filter(province__in=[p.pk for p in provinces])
    )
    return region.name, _counts(year, communes)


def targets_of(*, unit: AdminUnit, year: int) -> dict[str, Decimal]:
    """The unit's planned values for ``year`` by appendix row (plans.Target)."""
    return dict(Target.objects.filter(unit=unit, year=year).values_list("row_id", "value"))


@dataclass(frozen=True)
class CommuneName:
    """A commune and the district it belongs to, for lists written in the report."""

    code: str
    name: str
    kind: str
    parent_name: str
    parent_kind: str


def _commune_names(qs: QuerySet[AdminUnit]) -> list[CommuneName]:
    return [
        CommuneName(
            u.code,
            u.name,
            u.kind,
            u.parent.name if u.parent else "",
            u.parent.kind if u.parent else "",
        )
        for u in qs.select_related("parent").order_by("parent__code", "code")
    ]


def standard_communes_new(*, unit: AdminUnit, year: int, criteria_count: int) -> list[CommuneName]:
    """Communes meeting all criteria in ``year`` that did not the year before."""
    communes = communes_in(unit=unit, year=year)
    now = Assessment.objects.filter(
        year=year, commune__in=communes.values("id"), criteria_met__gte=criteria_count
    ).values("commune")
    before = Assessment.objects.filter(
        year=year - 1, commune__in=communes.values("id"), criteria_met__gte=criteria_count
    ).values("commune")
    return _commune_names(communes.filter(pk__in=now).exclude(pk__in=before))


def target_communes(*, unit: AdminUnit, year: int) -> list[CommuneName]:
    """Communes the unit's plan for ``year`` names as striving for the standard (plans.TargetCommune)."""
    ids = TargetCommune.objects.filter(unit=unit, year=year, title="dat_chuan").values("commune")
    return _commune_names(AdminUnit.objects.filter(pk__in=ids))


def target_communes_missed(*, unit: AdminUnit, year: int, criteria_count: int) -> list[CommuneName]:
    """Communes planned to meet the standard in ``year`` that did not."""
    ids = TargetCommune.objects.filter(unit=unit, year=year, title="dat_chuan").values("commune")
    met = Assessment.objects.filter(
        year=year, commune__in=ids, criteria_met__gte=criteria_count
    ).values("commune")
    return _commune_names(AdminUnit.objects.filter(pk__in=ids).exclude(pk__in=met))


# --------------------------------------------------------------------------- figures


def _check_scope(user: Any, unit: AdminUnit) -> None:
    if user is not None:
        ensure_in_scope(user, unit)


def unit_figures(*, unit: AdminUnit, year: int, user: Any = None) -> metrics.UnitFigures:
    """Every figure of ``unit`` for ``year``: the dashboard's key figures and the report's.

    ``user`` (optional) restricts to the user's units.
    """
    _check_scope(user, unit)
    cset = criteria_set_of(unit=unit, year=year)
    criteria = criteria_info(criteria_set=cset)
    n = len(criteria)
    now = unit_year_counts(unit=unit, year=year)
    comparison = None
    if unit.level == AdminUnit.Level.PROVINCE:
        region = region_year_counts(province=unit, year=year)
        if region is not None:
            comparison = metrics.comparison_figures(
                name=region[0], kind="vung", criteria_count=n, unit=now, above=region[1]
            )
    elif unit.province_id:
        province = unit.province
        comparison = metrics.comparison_figures(
            name=province.name,
            kind=province.kind,
            criteria_count=n,
            unit=now,
            above=unit_year_counts(unit=province, year=year),
        )
    return metrics.unit_figures_compute(
        unit_code=unit.code,
        unit_name=unit.name,
        unit_kind=unit.kind,
        unit_level=unit.level,
        year=year,
        base_year=cset.base_year,
        criteria=criteria,
        now=now,
        before=unit_year_counts(unit=unit, year=year - 1),
        plan=targets_of(unit=unit, year=year),
        next_plan=targets_of(unit=unit, year=year + 1),
        subunits=subunit_counts(unit=unit, year=year),
        comparison=comparison,
        low_limit=LOW_CRITERIA_LIMIT,
    )


def district_ranking(
    *, unit: AdminUnit, year: int, user: Any = None
) -> list[metrics.SubunitFigures]:
    """The districts of a province ranked by average criteria per commune, with their change."""
    _check_scope(user, unit)
    n = criteria_set_of(unit=unit, year=year).criteria.count()
    return metrics.subunit_figures(criteria_count=n, rows=subunit_counts(unit=unit, year=year))


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    communes: int
    value: int | None
    share: Decimal | None


@dataclass(frozen=True)
class CriterionSeries:
    """Communes meeting one criterion over the years (the dashboard's attainment series)."""

    number: int
    name: str
    points: list[SeriesPoint]


def criteria_attainment(
    *, unit: AdminUnit, years: Iterable[int], user: Any = None
) -> list[CriterionSeries]:
    """For each criterion of the last year's set: communes meeting it and their share, per year."""
    _check_scope(user, unit)
    years = sorted(years)
    if not years:
        return []
    cset = criteria_set_of(unit=unit, year=years[-1])
    counts = {y: unit_year_counts(unit=unit, year=y) for y in years}
    out = []
    for info in criteria_info(criteria_set=cset):
        points = []
        for y in years:
            c = counts[y]
            value = c.per_criterion.get(info.number, 0) if c.has_data else None
            points.append(
                SeriesPoint(y, c.communes, value, metrics.shown(metrics.percent(value, c.communes)))
            )
        out.append(CriterionSeries(info.number, info.name, points))
    return out


@dataclass(frozen=True)
class AveragePoint:
    year: int
    average: Decimal | None
    standard: int | None
    kind: str  # "TH" (actual) or "KH" (plan)


def average_series(
    *, unit: AdminUnit, years: Iterable[int], user: Any = None
) -> list[AveragePoint]:
    """Average criteria per commune and communes meeting the standard, year by year (actuals)."""
    _check_scope(user, unit)
    out = []
    for y in sorted(years):
        c = unit_year_counts(unit=unit, year=y)
        if not c.has_data:
            continue
        n = criteria_set_of(unit=unit, year=y).criteria.count()
        out.append(
            AveragePoint(
                y,
                metrics.shown(metrics.average(c.criteria_met_sum, c.communes)),
                c.standard(n),
                "TH",
            )
        )
    return out
