"""Reading the figures of a province or district for a year, live from the data.

Counting happens in the database; the rates, changes and rounding are the pure
functions of ``analytics.metrics``. Selectors return plain rows (frozen
dataclasses), never model instances. See docs/report.md for how each figure
is defined.

Scope of a figure (decided for the whole system):
- the communes of a unit in a year are the units of kind ``xa`` valid at some
  time in that year within the unit's subtree; "Tổng số xã thực hiện Chương
  trình NTM" is their number;
- a commune without an assessment that year, or whose file gives no
  criterion a result yet (opened, nothing entered), is not assessed (chưa
  đánh giá): it is in no count of criteria met, only in ``communes``;
- a commune is recognised (đã có QĐ công nhận) in year Y when it has a
  ``dat_chuan`` recognition of year ≤ Y not revoked by the end of Y;
- the year's files are counted by how far they went through the workflow
  (``FILE_STAGES``); a year is final once every commune's file is appraised.
"""

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from ntm.accounts.scope import ensure_in_scope, user_role, user_unit
from ntm.analytics import metrics
from ntm.assessments.models import Assessment, CriterionStatus, Recognition
from ntm.assessments.selectors import district_set, district_standings, province_districts
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet, CriterionLink
from ntm.criteria.services import criteria_set_for_year
from ntm.plans.models import Target
from ntm.units.models import AdminUnit, Region, UnitQuerySet
from ntm.units.selectors import in_territory, territory_filters
from ntm.units.services import DATA_DIR

# --------------------------------------------------------------------------- units


def communes_in(*, unit: AdminUnit, year: int) -> QuerySet[AdminUnit]:
    """The communes (xã) of ``unit`` in ``year``: within it on the map in force that year, or,
    for a unit of a later map, the communes of that year on its territory (its lineage)."""
    return (
        AdminUnit.objects.valid_in_year(year).communes().filter(in_territory(unit=unit, year=year))
    )


def _province_of(unit: AdminUnit) -> AdminUnit:
    """The unit's province (the unit itself for a province, without a query)."""
    if unit.province_id is None or unit.province_id == unit.pk:
        return unit
    return unit.province


def criteria_set_of(*, unit: AdminUnit, year: int) -> CriteriaSet:
    return criteria_set_for_year(year=year, province=_province_of(unit))


def criteria_counts(*, unit: AdminUnit, years: Iterable[int]) -> dict[int, int]:
    """How many criteria the set in force each year has (years without a set are left out)."""
    province = _province_of(unit)
    sets: dict[int, int] = {}
    out = {}
    for year in years:
        try:
            cset = criteria_set_for_year(year=year, province=province)
        except ApplicationError:
            continue
        if cset.pk not in sets:
            sets[cset.pk] = cset.criteria.count()
        out[year] = sets[cset.pk]
    return out


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

_S = Assessment.State
#: The states a file has reached each stage of the workflow in (docs/workflow.md): a
#: file returned to its commune is opened only, until it is submitted again.
FILE_STAGES: dict[str, tuple[str, ...]] = {
    "submitted": (_S.SUBMITTED, _S.REVIEWED, _S.APPRAISED, _S.RECOGNISED),
    "reviewed": (_S.REVIEWED, _S.APPRAISED, _S.RECOGNISED),
    "appraised": (_S.APPRAISED, _S.RECOGNISED),
    "recognised": (_S.RECOGNISED,),
}


def _file_counts(by_state: Mapping[str, int]) -> metrics.FileCounts:
    """The stages reached, from the number of files in each state."""
    stage = {k: sum(by_state.get(st, 0) for st in states) for k, states in FILE_STAGES.items()}
    return metrics.FileCounts(opened=sum(by_state.values()), **stage)


def _in_force(y: int) -> Q:
    """Recognitions of the standard in force in year ``y`` (``Recognition.holding``)."""
    return Q(title=Recognition.Title.STANDARD) & Recognition.holding(y)


def with_results() -> Exists:
    """Whether a file gives some criterion a result: a file opened with nothing in it is not yet
    an assessment (its commune is not assessed), one with any criterion met or not met is."""
    known = CriterionStatus.objects.filter(assessment=OuterRef("pk"), met__isnull=False)
    return Exists(known)


def _meeting_all(y: int) -> QuerySet[Assessment]:
    """Files of ``y`` meeting every criterion of their set."""
    return Assessment.objects.standard().filter(
        year=y, criteria_total__gt=0, criteria_met__gte=F("criteria_total")
    )


def _by_year(years: Iterable[int], in_year: Mapping[int, Any], *, year: str, commune: str) -> Q:
    """Rows of any of ``years`` whose commune is one of that year's (``in_year[y]``)."""
    q = Q()
    for y in years:
        q |= Q(**{year: y, f"{commune}__in": in_year[y]})
    return q


def _counts(
    communes: UnitQuerySet, years: Iterable[int], *, where: Mapping[int, Q] | None = None
) -> dict[int, metrics.YearCounts]:
    """The counts of each year for the ``communes`` valid that year, in four grouped queries.

    Whatever the number of years: one query each for the communes, the
    distribution of criteria met and the files' states, the per-criterion
    counts and the recognitions, grouped (or filtered) by year in the database.
    """
    years = sorted(set(years))
    if not years:
        return {}
    in_year = {
        y: communes.valid_in_year(y).filter(where[y] if where else Q()).values("id") for y in years
    }
    sizes = communes.aggregate(
        **{f"y{y}": Count("id", filter=Q(pk__in=in_year[y])) for y in years},
        # communes under a district (none on the two-tier map of July 2025)
        **{
            f"d{y}": Count(
                "id", filter=Q(pk__in=in_year[y], parent__level=AdminUnit.Level.DISTRICT)
            )
            for y in years
        },
    )
    distribution: dict[int, dict[int, int]] = {y: {} for y in years}
    states: dict[int, dict[str, int]] = {y: {} for y in years}
    meeting_all: dict[int, int] = {y: 0 for y in years}
    sets: dict[int, Counter[int]] = {y: Counter() for y in years}
    for y, met, total, code, state, known, n in (
        Assessment.objects.standard()
        .filter(_by_year(years, in_year, year="year", commune="commune"))
        .annotate(known=with_results())
        .values(
            "year", "criteria_met", "criteria_total", "criteria_set__period_start", "state", "known"
        )
        .annotate(n=Count("id"))
        .order_by()
        .values_list(
            "year",
            "criteria_met",
            "criteria_total",
            "criteria_set__period_start",
            "state",
            "known",
            "n",
        )
    ):
        if met > 0 or known:
            distribution[y][met] = distribution[y].get(met, 0) + n
        if total > 0 and met >= total:
            meeting_all[y] += n
        sets[y][code] += n
        states[y][state] = states[y].get(state, 0) + n
    per_criterion: dict[int, dict[int, int]] = {y: {} for y in years}
    per_criterion_assessed: dict[int, dict[int, int]] = {y: {} for y in years}
    for y, number, n, known in (
        CriterionStatus.objects.filter(
            _by_year(years, in_year, year="assessment__year", commune="assessment__commune"),
            met__isnull=False,
            assessment__kind=CriteriaSet.SetKind.STANDARD,
        )
        .values("assessment__year", "criterion__number")
        .annotate(n=Count("id", filter=Q(met=True)), known=Count("id"))
        .order_by()
        .values_list("assessment__year", "criterion__number", "n", "known")
    ):
        if n:
            per_criterion[y][number] = n
        per_criterion_assessed[y][number] = known
    recognised = Recognition.objects.filter(
        commune__in=communes.values("id"), title=Recognition.Title.STANDARD
    ).aggregate(
        **{
            f"y{y}": Count(
                "commune", distinct=True, filter=Q(commune__in=in_year[y]) & _in_force(y)
            )
            for y in years
        },
        **{
            f"n{y}": Count(
                "commune",
                distinct=True,
                filter=Q(commune__in=in_year[y])
                & _in_force(y)
                & ~Q(commune__in=_meeting_all(y).values("commune")),
            )
            for y in years
        },
    )
    out = {}
    for y in years:
        dist = distribution[y]
        out[y] = metrics.YearCounts(
            year=y,
            communes=sizes[f"y{y}"],
            assessed=sum(dist.values()),
            criteria_met_sum=sum(met * n for met, n in dist.items()),
            distribution=dist,
            per_criterion=per_criterion[y],
            per_criterion_assessed=per_criterion_assessed[y],
            recognised=recognised[f"y{y}"] or 0,
            recognised_not_met=recognised[f"n{y}"] or 0,
            files=_file_counts(states[y]),
            direct=sizes[f"y{y}"] > 0 and not sizes[f"d{y}"],
            meeting_all=meeting_all[y],
            period=sets[y].most_common(1)[0][0] if sets[y] else None,
        )
    return out


def unit_counts(*, unit: AdminUnit, years: Iterable[int]) -> dict[int, metrics.YearCounts]:
    """Communes, criteria met, distribution, per-criterion counts and recognitions, by year.

    Each year is counted once, all years together (``_counts``).
    """
    years = sorted(set(years))
    where = territory_filters(unit=unit, years=years)
    pool = Q(pk__in=[])
    for q in {str(q): q for q in where.values()}.values():
        pool |= q
    return _counts(AdminUnit.objects.communes().filter(pool), years, where=where)


def _counts_by_district(
    districts: Mapping[int, list[int]], *, by: str = "parent"
) -> dict[int, dict[int, metrics.YearCounts]]:
    """Communes, criteria met, files' states and decisions, per year and district.

    Two grouped queries, and one per year for the decisions in force.
    ``districts`` maps a year to the districts counted that year. A district's
    communes are its direct children (the tree is province → district →
    commune); with ``by="province"`` the groups are provinces and their communes those
    whose province they are (a country's or a region's provinces). Per-criterion counts
    are not read: the sub-units' figures (average, change, rank, communes meeting
    standard, completeness) do not use them.
    """
    group, of_commune = f"{by}_id", f"commune__{by}_id"
    years = sorted(y for y, ids in districts.items() if ids)
    if not years:
        return {}
    every = sorted({d for y in years for d in districts[y]})
    communes = AdminUnit.objects.communes().filter(**{f"{group}__in": every})
    in_year = {
        y: communes.valid_in_year(y).filter(**{f"{group}__in": districts[y]}).values("id")
        for y in years
    }
    sizes: dict[int, dict[int, int]] = {y: {} for y in years}
    for row in (
        communes.values(group)
        .annotate(**{f"y{y}": Count("id", filter=Q(pk__in=in_year[y])) for y in years})
        .order_by()
    ):
        for y in years:
            sizes[y][row[group]] = row[f"y{y}"]
    dist: dict[int, dict[int, dict[int, int]]] = {y: {d: {} for d in districts[y]} for y in years}
    states: dict[int, dict[int, dict[str, int]]] = {y: {d: {} for d in districts[y]} for y in years}
    for y, parent_id, met, state, known, n in (
        Assessment.objects.standard()
        .filter(_by_year(years, in_year, year="year", commune="commune"))
        .annotate(known=with_results())
        .values("year", of_commune, "criteria_met", "state", "known")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("year", of_commune, "criteria_met", "state", "known", "n")
    ):
        if met > 0 or known:
            dist[y][parent_id][met] = dist[y][parent_id].get(met, 0) + n
        states[y][parent_id][state] = states[y][parent_id].get(state, 0) + n
    held: dict[int, dict[int, tuple[int, int]]] = {y: {} for y in years}
    for y in years:
        for row in (
            Recognition.objects.filter(_in_force(y), commune__in=in_year[y])
            .values(of_commune)
            .annotate(
                n=Count("commune", distinct=True),
                not_met=Count(
                    "commune",
                    distinct=True,
                    filter=~Q(commune__in=_meeting_all(y).values("commune")),
                ),
            )
            .order_by()
        ):
            held[y][row[of_commune]] = (row["n"], row["not_met"])
    out: dict[int, dict[int, metrics.YearCounts]] = {}
    for y in years:
        out[y] = {}
        for d in districts[y]:
            counts = dist[y][d]
            recognised, not_met = held[y].get(d, (0, 0))
            out[y][d] = metrics.YearCounts(
                year=y,
                communes=sizes[y].get(d, 0),
                assessed=sum(counts.values()),
                criteria_met_sum=sum(met * n for met, n in counts.items()),
                distribution=counts,
                recognised=recognised,
                recognised_not_met=not_met,
                files=_file_counts(states[y][d]),
            )
    return out


def subunit_counts(*, unit: AdminUnit, year: int) -> list[metrics.SubunitCounts]:
    """Each district's counts this year and last year (None if it did not exist last year).

    The districts (cấp huyện) of a province in ``year``; none below the province.
    """
    if unit.level != AdminUnit.Level.PROVINCE:
        return []
    subs = list(
        AdminUnit.objects.valid_in_year(year)
        .filter(level=AdminUnit.Level.DISTRICT)
        .filter(in_territory(unit=unit, year=year))
        .annotate(
            existed=Exists(AdminUnit.objects.valid_in_year(year - 1).filter(pk=OuterRef("pk")))
        )
        .order_by("code")
    )
    counts = _counts_by_district(
        {year: [s.pk for s in subs], year - 1: [s.pk for s in subs if s.existed]}
    )
    now, before = counts.get(year, {}), counts.get(year - 1, {})
    return [
        metrics.SubunitCounts(sub.code, sub.name, sub.kind, now[sub.pk], before.get(sub.pk), sub.pk)
        for sub in subs
    ]


def region_province_codes(region_code: str) -> set[str]:
    """The provinces of a region by the official list shipped with NTM (units/regions-2019.csv)."""
    with (DATA_DIR / "regions-2019.csv").open(encoding="utf-8") as fh:
        return {r["province_code"] for r in csv.DictReader(fh) if r["region_code"] == region_code}


def region_year_counts(*, province: AdminUnit, year: int) -> tuple[str, metrics.YearCounts] | None:
    """The counts of the province's whole region, only when every province of it has data.

    Every province the official list puts in the region must be in NTM with
    assessments that year: comparing a province with the part of its region
    that happens to be loaded would be wrong, so the report then leaves the
    comparison out.
    """
    if province.region_id is None:
        return None
    region = province.region
    assert region is not None
    provinces = list(
        AdminUnit.objects.valid_in_year(year).filter(level=AdminUnit.Level.PROVINCE, region=region)
    )
    official = region_province_codes(region.code)
    if not official or not official <= {p.code for p in provinces}:
        return None
    ids = [p.pk for p in provinces]
    with_data = set(
        Assessment.objects.standard()
        .filter(year=year, commune__province__in=ids)
        .values_list("commune__province", flat=True)
        .distinct()
    )
    if not set(ids) <= with_data:
        return None
    communes = AdminUnit.objects.communes().filter(province__in=ids)
    return region.name, _counts(communes, [year])[year]


def targets_of(*, unit: AdminUnit, years: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    """The unit's planned values by year and appendix row (plans.Target), one query for all years."""
    out: dict[int, dict[str, Decimal]] = {y: {} for y in years}
    for y, row_id, value in Target.objects.filter(unit=unit, year__in=list(out)).values_list(
        "year", "row_id", "value"
    ):
        out[y][row_id] = value
    return out


# --------------------------------------------------------------------------- figures


def _check_scope(user: Any, unit: AdminUnit) -> None:
    if user is not None:
        ensure_in_scope(user, unit)


def unit_year_data(
    *, unit: AdminUnit, year: int, user: Any = None, since_base_year: bool = False
) -> metrics.UnitYearData:
    """What the figures of ``unit``'s ``year`` are computed from, read once.

    The year and the year before are counted together, and with
    ``since_base_year`` every year from the base year of the criteria set (the
    report's chart and appendix): each year once. ``user`` (optional)
    restricts to the user's units.
    """
    _check_scope(user, unit)
    cset = criteria_set_of(unit=unit, year=year)
    criteria = tuple(criteria_info(criteria_set=cset))
    years = {year - 1, year}
    if since_base_year:
        years |= set(range(cset.base_year, year + 1))
    counts = unit_counts(unit=unit, years=years)
    n = len(criteria)
    comparison = None
    if unit.level == AdminUnit.Level.PROVINCE:
        region = region_year_counts(province=unit, year=year)
        if region is not None:
            comparison = metrics.comparison_figures(
                name=region[0], kind="vung", criteria_count=n, unit=counts[year], above=region[1]
            )
    elif unit.province_id:
        province = _province_of(unit)
        comparison = metrics.comparison_figures(
            name=province.name,
            kind=province.kind,
            criteria_count=n,
            unit=counts[year],
            above=unit_counts(unit=province, years=[year])[year],
        )
    targets = targets_of(unit=unit, years=[year, year + 1])
    return metrics.UnitYearData(
        unit_code=unit.code,
        unit_name=unit.name,
        unit_kind=unit.kind,
        unit_level=unit.level,
        year=year,
        base_year=cset.base_year,
        criteria=criteria,
        counts=counts,
        plan=targets[year],
        next_plan=targets[year + 1],
        subunits=tuple(subunit_counts(unit=unit, year=year)),
        comparison=comparison,
        period=cset.period_start,
    )


def unit_figures(*, unit: AdminUnit, year: int, user: Any = None) -> metrics.UnitFigures:
    """Every figure of ``unit`` for ``year``: the dashboard's key figures and the report's.

    ``user`` (optional) restricts to the user's units.
    """
    return metrics.unit_figures_of(unit_year_data(unit=unit, year=year, user=user))


# --- the whole country and its regions (cả nước, vùng) ----------------------------------------

#: The country's code in commands and pages (``--country``, ``?territory=VN``).
COUNTRY_CODE = "VN"


@dataclass(frozen=True)
class Territory:
    """The whole country (cả nước) or a socio-economic region (vùng): the communes of its
    provinces counted together, its provinces as its sub-units. Only the central level
    (whose units are the whole country) reads it."""

    code: str
    name: str
    kind: str  # "ca_nuoc" or "vung"
    region_id: int | None = None

    @property
    def is_country(self) -> bool:
        return self.region_id is None


def territory_get(*, code: str) -> Territory:
    """The country (``VN``) or the region of ``code`` (``units.Region``, as TDMNPB)."""
    if code.upper() == COUNTRY_CODE:
        return Territory(COUNTRY_CODE, "Cả nước", "ca_nuoc")
    region = Region.objects.filter(code__iexact=code).first()
    if region is None:
        known = ", ".join(Region.objects.order_by("id").values_list("code", flat=True))
        raise ApplicationError(f"Không có vùng mã {code} (các vùng: {known}).")
    return Territory(region.code, region.name, "vung", region.pk)


def territories() -> list[Territory]:
    """The country, then each region, as the pages offer them."""
    return [territory_get(code=COUNTRY_CODE)] + [
        Territory(r.code, r.name, "vung", r.pk) for r in Region.objects.order_by("id")
    ]


def ensure_whole_country(user: Any) -> None:
    """Raise ``ApplicationError`` unless the user's units are the whole country (the central
    level, a superuser): a territory's figures count every province in it."""
    if user is not None and (user_role(user) != "central" or user_unit(user) is not None):
        raise ApplicationError("Chỉ cấp trung ương xem được số liệu cả nước và các vùng.")


def _territory_communes(territory: Territory) -> UnitQuerySet:
    communes = AdminUnit.objects.communes()
    if territory.region_id is not None:
        communes = communes.filter(province__region_id=territory.region_id)
    return communes


def territory_provinces(*, territory: Territory, year: int) -> list[AdminUnit]:
    """The provinces of the territory on the map in force in ``year``, by code."""
    provinces = AdminUnit.objects.valid_in_year(year).filter(level=AdminUnit.Level.PROVINCE)
    if territory.region_id is not None:
        provinces = provinces.filter(region_id=territory.region_id)
    return sorted(provinces, key=lambda p: (len(p.code), p.code))


def _province_counts(*, territory: Territory, year: int) -> list[metrics.SubunitCounts]:
    """Each province's counts this year and last year (None where it did not exist then)."""
    now = territory_provinces(territory=territory, year=year)
    before_ids = {p.pk for p in territory_provinces(territory=territory, year=year - 1)}
    counts = _counts_by_district(
        {year: [p.pk for p in now], year - 1: [p.pk for p in now if p.pk in before_ids]},
        by="province",
    )
    this, last = counts.get(year, {}), counts.get(year - 1, {})
    return [
        metrics.SubunitCounts(p.code, p.name, p.kind, this[p.pk], last.get(p.pk), p.pk) for p in now
    ]


def territory_years(*, territory: Territory) -> dict[int, int]:
    """Years with communes' files in the territory, with how many files each has."""
    rows = (
        Assessment.objects.standard()
        .filter(commune__in=_territory_communes(territory).values("id"))
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    return dict(sorted(rows))


def territory_year_data(
    *, territory: Territory, year: int, user: Any = None, since_base_year: bool = False
) -> metrics.UnitYearData:
    """What a territory's figures of ``year`` are computed from, as ``unit_year_data`` reads
    a unit's: the national set of the year, every commune of the territory counted each
    year on the map then, its provinces as sub-units. No plan: the centre's targets are not
    held as a unit's."""
    ensure_whole_country(user)
    cset = criteria_set_for_year(year=year)
    criteria = tuple(criteria_info(criteria_set=cset))
    years = {year - 1, year}
    if since_base_year:
        years |= set(range(cset.base_year, year + 1))
    return metrics.UnitYearData(
        unit_code=territory.code,
        unit_name=territory.name,
        unit_kind=territory.kind,
        unit_level=metrics.TERRITORY_LEVEL,
        year=year,
        base_year=cset.base_year,
        criteria=criteria,
        counts=_counts(_territory_communes(territory), years),
        plan={},
        next_plan={},
        subunits=tuple(_province_counts(territory=territory, year=year)),
        period=cset.period_start,
    )


def territory_figures(*, territory: Territory, year: int, user: Any = None) -> metrics.UnitFigures:
    """Every figure of the territory's year, its provinces ranked among its sub-units."""
    return metrics.unit_figures_of(territory_year_data(territory=territory, year=year, user=user))


#: The titles above the standard and the kind of set a commune's file for each follows.
HIGHER_TITLES = (
    (Recognition.Title.ADVANCED, CriteriaSet.SetKind.ADVANCED),
    (Recognition.Title.MODEL, CriteriaSet.SetKind.MODEL),
)


def _name_of(row: Mapping[str, Any], prefix: str) -> metrics.CommuneName:
    return metrics.CommuneName(
        code=row[f"{prefix}code"],
        name=row[f"{prefix}name"],
        kind=row[f"{prefix}kind"],
        parent_name=row[f"{prefix}parent__name"] or "",
        parent_kind=row[f"{prefix}parent__kind"] or "",
    )


def _name_fields(prefix: str) -> list[str]:
    return [f"{prefix}{f}" for f in ("code", "name", "kind", "parent__name", "parent__kind")]


def higher_titles_by_year(
    *, unit: AdminUnit, years: Iterable[int], user: Any = None
) -> dict[int, list[metrics.HigherTitle]]:
    """Communes holding the advanced (nâng cao) and model (kiểu mẫu) titles, each of ``years``.

    For each year and title: the decisions in force that year
    (``Recognition.holding``, evaluated in the database for each year: the
    communes holding it, the decisions taken that year with their numbers and
    dates) and that year's communes' files of that set (criteria met of their
    set's) — two queries whatever the number of years. The dashboard's card,
    the report's section I.9.d and the appendix's rows all read this. A title
    with neither decisions nor files in a year is left out of that year's list
    (empty for a unit without any). ``user`` (optional) restricts to the
    user's units.
    """
    _check_scope(user, unit)
    years = sorted(set(years))
    if not years:
        return {}
    return _higher_titles(AdminUnit.objects.communes(), territory_filters(unit=unit, years=years))


def territory_higher_titles(
    *, territory: Territory, years: Iterable[int], user: Any = None
) -> dict[int, list[metrics.HigherTitle]]:
    """``higher_titles_by_year`` of the territory's communes."""
    ensure_whole_country(user)
    years = sorted(set(years))
    if not years:
        return {}
    return _higher_titles(_territory_communes(territory), {y: Q() for y in years})


def _higher_titles(
    communes: UnitQuerySet, where: Mapping[int, Q]
) -> dict[int, list[metrics.HigherTitle]]:
    """The higher titles of each year of ``where`` for those ``communes`` (valid that year and
    within its filter)."""
    years = sorted(where)
    in_year = {y: communes.valid_in_year(y).filter(where[y]).values("id") for y in years}
    held_in = {
        f"h{y}": ExpressionWrapper(
            Recognition.holding(y) & Q(commune__in=in_year[y]), output_field=BooleanField()
        )
        for y in years
    }
    holders: dict[int, dict[str, list[metrics.TitleDecision]]] = {
        y: {t: [] for t, _k in HIGHER_TITLES} for y in years
    }
    for row in (
        Recognition.objects.filter(
            _by_year_holding(years, in_year), title__in=[t for t, _k in HIGHER_TITLES]
        )
        .annotate(**held_in)
        .order_by("commune__parent__code", "commune__code", "year")
        .values("title", "year", "number", "date", *held_in, *_name_fields("commune__"))
    ):
        decision = metrics.TitleDecision(
            commune=_name_of(row, "commune__"),
            year=row["year"],
            number=row["number"],
            date_text=row["date"].strftime("%d/%m/%Y"),
        )
        for y in years:
            if row[f"h{y}"]:
                holders[y][row["title"]].append(decision)
    files: dict[int, dict[str, list[metrics.TitleFile]]] = {
        y: {k: [] for _t, k in HIGHER_TITLES} for y in years
    }
    for row in (
        Assessment.objects.filter(
            _by_year(years, in_year, year="year", commune="commune"),
            level=CriteriaSet.Level.COMMUNE,
            kind__in=[k for _t, k in HIGHER_TITLES],
        )
        .annotate(known=with_results())
        .order_by("commune__parent__code", "commune__code")
        .values(
            "year", "kind", "criteria_met", "criteria_total", "known", *_name_fields("commune__")
        )
    ):
        files[row["year"]][row["kind"]].append(
            metrics.TitleFile(
                commune=_name_of(row, "commune__"),
                criteria_met=row["criteria_met"],
                criteria_total=row["criteria_total"],
                assessed=bool(row["known"] or row["criteria_met"]),
            )
        )
    out: dict[int, list[metrics.HigherTitle]] = {}
    for y in years:
        out[y] = [
            metrics.HigherTitle(
                title=str(Recognition.Title(title).label),
                code=str(title),
                set_kind=str(kind),
                year=y,
                holders=tuple(holders[y][title]),
                files_of_year=tuple(files[y][kind]),
            )
            for title, kind in HIGHER_TITLES
            if holders[y][title] or files[y][kind]
        ]
    return out


def _by_year_holding(years: Iterable[int], in_year: Mapping[int, Any]) -> Q:
    """Decisions in force in any of ``years`` for a commune of that year."""
    q = Q(pk__in=[])
    for y in years:
        q |= Recognition.holding(y) & Q(commune__in=in_year[y])
    return q


def higher_titles(*, unit: AdminUnit, year: int, user: Any = None) -> list[metrics.HigherTitle]:
    """The advanced and model titles of ``year`` (``higher_titles_by_year`` for one year)."""
    return higher_titles_by_year(unit=unit, years=[year], user=user)[year]


@dataclass(frozen=True)
class DistrictSummary:
    """The district-level units of a dashboard's unit against the district set of the year."""

    legal_basis: str
    total: int
    met: int
    short: int
    unknown: int


def district_summary(*, unit: AdminUnit, year: int, user: Any = None) -> DistrictSummary | None:
    """How many of the unit's districts (the district itself on its own dashboard) meet their
    conditions; None where no district set is in force that year or there is no district."""
    if unit.level not in (AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT):
        return None
    cset = district_set(district=unit, year=year)
    if cset is None:
        return None
    if unit.level == AdminUnit.Level.DISTRICT:
        rows = district_standings(districts=[unit], year=year)
    else:
        rows = province_districts(user=user, province=unit, year=year)
    if not rows:
        return None
    standings = [r.standing for r in rows]
    return DistrictSummary(
        legal_basis=cset.legal_basis,
        total=len(rows),
        met=standings.count(True),
        short=standings.count(False),
        unknown=standings.count(None),
    )


#: How many older periods a criterion's trend follows through the crosswalks.
CROSSWALK_DEPTH = 4


def crosswalk_steps(*, criteria_set: CriteriaSet, number: int) -> list[metrics.CrosswalkStep]:
    """The crosswalk steps of criterion ``number`` of ``criteria_set``, newest first.

    A province's own set re-issues the national set of its period: the national
    set's links apply. The chain stops at a criterion without links, a new
    one, or a merger (the older figure of several criteria is not one count).
    """
    cset = criteria_set
    if cset.province_id is not None:
        cset = (
            CriteriaSet.objects.filter(
                province__isnull=True,
                level=cset.level,
                kind=cset.kind,
                period_start=cset.period_start,
            ).first()
            or cset
        )
    links_of = CriterionLink.objects.filter(criterion__criteria_set=cset, criterion__number=number)
    steps: list[metrics.CrosswalkStep] = []
    while links_of is not None and len(steps) < CROSSWALK_DEPTH:
        # one query a period: the links of the criterion followed, with the older criteria
        links = list(
            links_of.filter(previous__isnull=False)
            .select_related("previous__criteria_set")
            .order_by("previous__number")
        )
        if not links:
            break
        older = links[0].previous
        assert older is not None  # filtered above
        steps.append(
            metrics.CrosswalkStep(
                period=older.criteria_set.period_start,
                period_end=older.criteria_set.period_end,
                numbers=tuple(link.previous.number for link in links if link.previous),
                names=tuple(link.previous.name for link in links if link.previous),
                relation=links[0].relation,
                verified=all(link.verified for link in links),
            )
        )
        links_of = CriterionLink.objects.filter(criterion=older) if len(links) == 1 else None
    return steps


def criterion_trend(
    *,
    unit: AdminUnit,
    year: int,
    number: int,
    years: Iterable[int] = (),
    counts: Mapping[int, metrics.YearCounts] | None = None,
) -> list[metrics.CriterionTrendPoint]:
    """Communes of ``unit`` meeting criterion ``number`` of the ``year`` set, each of ``years``.

    Older periods' years count the criterion it continues (``crosswalk_steps``);
    the counts are ``unit_counts``' (one read for every year), or ``counts``
    when the caller has read them already (the dashboard's standard trend).
    """
    cset = criteria_set_of(unit=unit, year=year)
    if counts is None:
        counts = unit_counts(unit=unit, years=[y for y in years if y <= year])
    return metrics.criterion_trend(
        number=number,
        period=cset.period_start,
        counts=counts,
        steps=crosswalk_steps(criteria_set=cset, number=number),
    )


def village_counts(*, unit: AdminUnit, year: int) -> dict[str, int] | None:
    """How many villages (thôn) within ``unit`` in ``year``, and how many of them meet their set
    (their standard village file says so); None when the unit has no villages. One query."""
    standard_met = Q(
        assessments__year=year,
        assessments__kind=CriteriaSet.SetKind.STANDARD,
        assessments__level=CriteriaSet.Level.VILLAGE,
        assessments__meets_standard=True,
    )
    counts = (
        AdminUnit.objects.within(unit)
        .filter(level=AdminUnit.Level.VILLAGE)
        .valid_in_year(year)
        .aggregate(
            total=Count("pk", distinct=True),
            met=Count("pk", filter=standard_met, distinct=True),
        )
    )
    return counts if counts["total"] else None


def communes_recognised(*, commune_ids: Iterable[int], year: int) -> set[int]:
    """Of these communes, those holding a recognition of the standard in force in ``year``
    (as ``recognised`` counts them), in one query."""
    return set(
        Recognition.objects.filter(commune__in=list(commune_ids))
        .filter(_in_force(year))
        .values_list("commune", flat=True)
    )


def communes_criteria_met(*, communes: QuerySet[AdminUnit], year: int) -> dict[int, int]:
    """The criteria met by each of these communes assessed in ``year`` (a standard file giving
    some criterion a result, as the counts take it); a commune not assessed is left out."""
    return {
        commune: met
        for commune, met, known in Assessment.objects.standard()
        .filter(year=year, commune__in=communes.values("id"))
        .annotate(known=with_results())
        .values_list("commune_id", "criteria_met", "known")
        if met > 0 or known
    }
