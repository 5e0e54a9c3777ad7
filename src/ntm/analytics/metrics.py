"""The maths of the annual report's figures: shares, changes, averages, bands (pure).

Everything here is plain Python on plain rows (no Django), so each rule can be
tested alone. Counts come from the database (``analytics.selectors``); this
module turns them into the figures the report prints. The rules (see
docs/report.md, "Cách tính"):

- Every figure is kept exact (``Fraction``) until it is shown; what is shown is
  rounded half away from zero to 2 decimals (``ntm.evaluation.numbers``).
- A share is ``communes / communes in scope × 100``.
- A change (against last year, against plan) is computed from the exact values,
  then rounded once.
- A ratio whose numerator is itself printed rounded (the average number of
  criteria per commune) uses the printed value, so that a reader can redo the
  division from the printed numbers: 10,62 / 11 = 96,55% (the exact
  1880/177/11 would give 96,56%).
- A year without any assessment in scope has no figures (``None``), rather
  than 0 for every commune; within a year that has data, a commune without an
  assessment counts as 0 criteria met.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ntm.evaluation.numbers import round_half_away

Exact = int | Fraction | Decimal
PLACES = 2


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class YearCounts:
    """What the database gives for one unit and one year (``selectors.unit_counts``).

    ``distribution`` maps a number of criteria met to the number of communes
    (communes without an assessment are counted under 0); ``per_criterion``
    maps a criterion number to the number of communes meeting it.
    """

    year: int
    communes: int
    assessed: int
    criteria_met_sum: int
    distribution: Mapping[int, int] = field(default_factory=dict)
    per_criterion: Mapping[int, int] = field(default_factory=dict)
    recognised: int = 0

    @property
    def has_data(self) -> bool:
        return self.assessed > 0

    def standard(self, criteria_count: int) -> int:
        """Communes meeting all ``criteria_count`` criteria (đạt chuẩn)."""
        return sum(n for met, n in self.distribution.items() if met >= criteria_count)

    def met_exactly(self, criteria: int) -> int:
        return self.distribution.get(criteria, 0)

    def per_criterion_sum(self) -> int:
        return sum(self.per_criterion.values())


@dataclass(frozen=True)
class CriterionInfo:
    """A criterion of the set, as the report names it."""

    number: int
    name: str
    short_name: str
    group_code: str
    group_name: str


@dataclass(frozen=True)
class SubunitCounts:
    """One district (or other sub-unit) of the unit: its communes and criteria met, two years.

    ``unit_id`` is the district's row in the database, for pages that link to it.
    """

    code: str
    name: str
    kind: str
    now: YearCounts
    before: YearCounts | None
    unit_id: int | None = None


# --------------------------------------------------------------------------- primitives


def _fraction(value: Exact) -> Fraction:
    return Fraction(value)


def ratio(part: Exact | None, whole: Exact | None) -> Fraction | None:
    """``part / whole`` exactly; None when either is unknown or ``whole`` is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return _fraction(part) / _fraction(whole)


def percent(part: Exact | None, whole: Exact | None) -> Fraction | None:
    """``part / whole × 100`` exactly."""
    value = ratio(part, whole)
    return None if value is None else value * 100


def average(total: Exact | None, count: Exact | None) -> Fraction | None:
    return ratio(total, count)


def change(now: Exact | None, before: Exact | None) -> Fraction | None:
    """``now - before`` exactly (the caller rounds once, at the end)."""
    if now is None or before is None:
        return None
    return _fraction(now) - _fraction(before)


def shown(value: Exact | None, places: int = PLACES) -> Decimal | None:
    """The value as printed: rounded half away from zero to ``places`` decimals."""
    if value is None:
        return None
    if isinstance(value, int):
        value = Fraction(value)
    return round_half_away(value, places)


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class StandardFigures:
    """Communes meeting the standard (xã đạt chuẩn nông thôn mới) in a year.

    ``new`` is this year's count minus last year's (it can be negative);
    ``new_percent_of_plan`` compares it with the planned increase, that is the
    year's target for row 2.1 minus last year's actual count.
    """

    communes: int
    standard: int
    recognised: int
    share: Decimal | None
    previous: int | None
    previous_share: Decimal | None
    new: int | None
    share_change: Decimal | None
    plan: Decimal | None
    percent_of_plan: Decimal | None
    plan_new: Decimal | None
    new_percent_of_plan: Decimal | None
    next_plan: Decimal | None


def standard_figures(
    *,
    criteria_count: int,
    now: YearCounts,
    before: YearCounts | None,
    plan: Decimal | None,
    next_plan: Decimal | None = None,
) -> StandardFigures:
    standard = now.standard(criteria_count)
    prev = before.standard(criteria_count) if before is not None and before.has_data else None
    new = None if prev is None else standard - prev
    plan_new = None if plan is None or prev is None else plan - prev
    exact_share = percent(standard, now.communes)
    exact_prev_share = percent(prev, before.communes) if before is not None else None
    return StandardFigures(
        communes=now.communes,
        standard=standard,
        recognised=now.recognised,
        share=shown(exact_share),
        previous=prev,
        previous_share=shown(exact_prev_share),
        new=new,
        share_change=shown(change(exact_share, exact_prev_share)),
        plan=plan,
        percent_of_plan=shown(percent(standard, plan)),
        plan_new=plan_new,
        new_percent_of_plan=shown(percent(new, plan_new)) if plan_new and plan_new > 0 else None,
        next_plan=next_plan,
    )


@dataclass(frozen=True)
class AverageFigures:
    """Average number of criteria met per commune (bình quân tiêu chí/xã).

    ``percent_of_plan`` divides the *printed* average by the plan (rule in the
    module docstring); ``change`` is computed from the exact averages.
    """

    exact: Fraction | None
    value: Decimal | None
    previous_exact: Fraction | None
    previous: Decimal | None
    change: Decimal | None
    plan: Decimal | None
    percent_of_plan: Decimal | None
    next_plan: Decimal | None
    next_change: Decimal | None


def average_figures(
    *,
    now: YearCounts,
    before: YearCounts | None,
    plan: Decimal | None,
    next_plan: Decimal | None = None,
) -> AverageFigures:
    exact = average(now.criteria_met_sum, now.communes) if now.has_data else None
    prev_exact = (
        average(before.criteria_met_sum, before.communes)
        if before is not None and before.has_data
        else None
    )
    value = shown(exact)
    return AverageFigures(
        exact=exact,
        value=value,
        previous_exact=prev_exact,
        previous=shown(prev_exact),
        change=shown(change(exact, prev_exact)),
        plan=plan,
        percent_of_plan=shown(percent(value, plan)),
        next_plan=next_plan,
        next_change=shown(change(next_plan, exact)),
    )


@dataclass(frozen=True)
class Band:
    """A band of communes by criteria met, as reports group them (19; 15-18; 10-14; 5-9; dưới 5)."""

    low: int
    high: int
    communes: int
    share: Decimal | None
    label: str


def band_limits(criteria_count: int) -> list[tuple[int, int]]:
    """The bands for a set of ``criteria_count`` criteria, highest first.

    All criteria on their own, then blocks ending at the multiples of five
    below it: for 19 criteria 19; 15-18; 10-14; 5-9; 0-4 (reports write "dưới 5").
    """
    limits = [(criteria_count, criteria_count)]
    high = criteria_count - 1
    while high >= 0:
        low = (high // 5) * 5
        limits.append((low, high))
        high = low - 1
    return limits


def band_label(low: int, high: int) -> str:
    if low == high:
        return f"{low} tiêu chí"
    if low == 0:
        return f"dưới {high + 1} tiêu chí"
    return f"từ {low}-{high} tiêu chí"


def bands(*, criteria_count: int, counts: YearCounts) -> list[Band]:
    out = []
    for low, high in band_limits(criteria_count):
        top = high if high < criteria_count else max([criteria_count, *counts.distribution])
        n = sum(counts.distribution.get(k, 0) for k in range(low, top + 1))
        out.append(Band(low, high, n, shown(percent(n, counts.communes)), band_label(low, high)))
    return out


def below(counts: Mapping[int, int], limit: int) -> int:
    """Communes meeting fewer than ``limit`` criteria."""
    return sum(n for met, n in counts.items() if met < limit)


@dataclass(frozen=True)
class CriterionFigures:
    """Communes meeting one criterion: count, share, change in points, against plan."""

    number: int
    name: str
    short_name: str
    group_code: str
    group_name: str
    communes: int
    share: Decimal | None
    previous: int | None
    previous_share: Decimal | None
    change_points: Decimal | None
    plan: Decimal | None
    percent_of_plan: Decimal | None
    plan_share: Decimal | None
    points_to_plan: Decimal | None
    next_plan: Decimal | None


def criterion_figures(
    *,
    criteria: Sequence[CriterionInfo],
    now: YearCounts,
    before: YearCounts | None,
    plan: Mapping[str, Decimal],
    next_plan: Mapping[str, Decimal],
) -> list[CriterionFigures]:
    """One row per criterion. Targets are read from rows ``3.<number>`` of the plan."""
    out = []
    has_before = before is not None and before.has_data
    for info in criteria:
        n = now.per_criterion.get(info.number, 0)
        exact_share = percent(n, now.communes)
        prev = (
            before.per_criterion.get(info.number, 0) if before is not None and has_before else None
        )
        exact_prev = percent(prev, before.communes) if before is not None and has_before else None
        target = plan.get(f"3.{info.number}")
        exact_plan_share = percent(target, now.communes)
        out.append(
            CriterionFigures(
                number=info.number,
                name=info.name,
                short_name=info.short_name,
                group_code=info.group_code,
                group_name=info.group_name,
                communes=n,
                share=shown(exact_share),
                previous=prev,
                previous_share=shown(exact_prev),
                change_points=shown(change(exact_share, exact_prev)),
                plan=target,
                percent_of_plan=shown(percent(n, target)),
                plan_share=shown(exact_plan_share),
                points_to_plan=shown(change(exact_share, exact_plan_share)),
                next_plan=next_plan.get(f"3.{info.number}"),
            )
        )
    return out


@dataclass(frozen=True)
class SubunitFigures:
    """A district's average criteria per commune, its change, and its rank (1 = highest)."""

    code: str
    name: str
    kind: str
    communes: int
    exact: Fraction | None
    average: Decimal | None
    previous: Decimal | None
    change: Decimal | None
    change_exact: Fraction | None
    standard: int
    rank: int
    unit_id: int | None = None


def subunit_figures(*, criteria_count: int, rows: Sequence[SubunitCounts]) -> list[SubunitFigures]:
    """Districts ranked by their exact average, highest first; equal averages share a rank."""
    items = []
    for row in rows:
        exact = average(row.now.criteria_met_sum, row.now.communes) if row.now.has_data else None
        prev = (
            average(row.before.criteria_met_sum, row.before.communes)
            if row.before is not None and row.before.has_data
            else None
        )
        diff = change(exact, prev)
        items.append((row, exact, prev, diff))
    items.sort(key=lambda it: (it[1] is None, -(it[1] or 0), it[0].name))
    out: list[SubunitFigures] = []
    last: Fraction | None = None
    rank = 0
    for position, (row, exact, prev, diff) in enumerate(items, start=1):
        if exact != last or position == 1:
            rank = position
            last = exact
        out.append(
            SubunitFigures(
                code=row.code,
                name=row.name,
                kind=row.kind,
                communes=row.now.communes,
                exact=exact,
                average=shown(exact),
                previous=shown(prev),
                change=shown(diff),
                change_exact=diff,
                standard=row.now.standard(criteria_count),
                rank=rank,
                unit_id=row.unit_id,
            )
        )
    return out


@dataclass(frozen=True)
class ComparisonFigures:
    """The same figures for the unit above (the region of a province, the province of a district)."""

    name: str
    kind: str
    communes: int
    standard: int
    average: Decimal | None
    unit_share_of_standard: Decimal | None


def comparison_figures(
    *, name: str, kind: str, criteria_count: int, unit: YearCounts, above: YearCounts
) -> ComparisonFigures:
    standard_above = above.standard(criteria_count)
    return ComparisonFigures(
        name=name,
        kind=kind,
        communes=above.communes,
        standard=standard_above,
        average=shown(average(above.criteria_met_sum, above.communes)) if above.has_data else None,
        unit_share_of_standard=shown(percent(unit.standard(criteria_count), standard_above)),
    )


@dataclass(frozen=True)
class UnitYearData:
    """Everything the database gives for a unit's year (``selectors.unit_year_data``), read once.

    ``counts`` holds each year counted, once: the year and the year before, and
    when asked every year from the base year of the criteria set. ``plan`` and
    ``next_plan`` are the unit's targets for the year and the next (by
    appendix row); ``subunits`` its districts' counts of the year and the year
    before; ``comparison`` the unit above (already counted).
    """

    unit_code: str
    unit_name: str
    unit_kind: str
    unit_level: int
    year: int
    base_year: int
    criteria: tuple[CriterionInfo, ...]
    counts: Mapping[int, YearCounts]
    plan: Mapping[str, Decimal]
    next_plan: Mapping[str, Decimal]
    subunits: tuple[SubunitCounts, ...] = ()
    comparison: ComparisonFigures | None = None

    @property
    def now(self) -> YearCounts:
        return self.counts[self.year]

    @property
    def before(self) -> YearCounts | None:
        return self.counts.get(self.year - 1)


@dataclass(frozen=True)
class UnitFigures:
    """Every figure of a unit's year, as the dashboard and the report show them."""

    unit_code: str
    unit_name: str
    unit_kind: str
    unit_level: int
    year: int
    criteria_count: int
    base_year: int
    now: YearCounts
    before: YearCounts | None
    standard: StandardFigures
    average: AverageFigures
    bands: list[Band]
    previous_bands: list[Band] | None
    criteria: list[CriterionFigures]
    subunits: list[SubunitFigures]
    comparison: ComparisonFigures | None
    below_ten: int
    next_below_ten: int | None


def plan_below(plan: Mapping[str, Decimal], criteria_count: int, limit: int) -> int | None:
    """Planned communes under ``limit`` criteria: the sum of rows 2.k for fewer than ``limit``.

    Row 2.k of the appendix is the number of communes meeting
    ``criteria_count - k + 1`` criteria. None unless every such row is planned.
    """
    total = Decimal(0)
    for met in range(1, limit):
        row = f"2.{criteria_count - met + 1}"
        if row not in plan:
            return None
        total += plan[row]
    return int(total)


#: Reports follow the communes under this many criteria ("xã dưới 10 tiêu chí").
LOW_CRITERIA_LIMIT = 10


def unit_figures_compute(
    *,
    unit_code: str,
    unit_name: str,
    unit_kind: str,
    unit_level: int,
    year: int,
    base_year: int,
    criteria: Sequence[CriterionInfo],
    now: YearCounts,
    before: YearCounts | None,
    plan: Mapping[str, Decimal],
    next_plan: Mapping[str, Decimal],
    subunits: Sequence[SubunitCounts] = (),
    comparison: ComparisonFigures | None = None,
    low_limit: int = LOW_CRITERIA_LIMIT,
) -> UnitFigures:
    """Every figure of a unit's year from its counts, targets and districts (pure).

    ``before`` without data counts as no previous year.
    """
    n = len(criteria)
    prev = before if before is not None and before.has_data else None
    return UnitFigures(
        unit_code=unit_code,
        unit_name=unit_name,
        unit_kind=unit_kind,
        unit_level=unit_level,
        year=year,
        criteria_count=n,
        base_year=base_year,
        now=now,
        before=prev,
        standard=standard_figures(
            criteria_count=n,
            now=now,
            before=prev,
            plan=plan.get("2.1"),
            next_plan=next_plan.get("2.1"),
        ),
        average=average_figures(
            now=now, before=prev, plan=plan.get("1"), next_plan=next_plan.get("1")
        ),
        bands=bands(criteria_count=n, counts=now),
        previous_bands=bands(criteria_count=n, counts=prev) if prev is not None else None,
        criteria=criterion_figures(
            criteria=criteria, now=now, before=prev, plan=plan, next_plan=next_plan
        ),
        subunits=subunit_figures(criteria_count=n, rows=subunits),
        comparison=comparison,
        below_ten=below(now.distribution, low_limit),
        next_below_ten=plan_below(next_plan, n, low_limit),
    )


def unit_figures_of(data: UnitYearData, *, low_limit: int = LOW_CRITERIA_LIMIT) -> UnitFigures:
    """Every figure of the unit's year from what was read (pure): the dashboard's and the report's."""
    return unit_figures_compute(
        unit_code=data.unit_code,
        unit_name=data.unit_name,
        unit_kind=data.unit_kind,
        unit_level=data.unit_level,
        year=data.year,
        base_year=data.base_year,
        criteria=data.criteria,
        now=data.now,
        before=data.before,
        plan=data.plan,
        next_plan=data.next_plan,
        subunits=data.subunits,
        comparison=data.comparison,
        low_limit=low_limit,
    )
