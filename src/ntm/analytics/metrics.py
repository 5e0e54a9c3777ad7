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
  than 0 for every commune.
- Not assessed is not zero: a commune without a file for the year is *not
  assessed* (chưa đánh giá), never "not met". Averages, bands and shares of
  communes meeting a criterion are taken over the communes assessed, and the
  number not assessed is given beside them.
- A year is *final* once every commune of the unit has a file appraised by the
  province (appraised or recognised); until then it is *provisional* (tạm
  tính): its figures are shown with their denominators, and its changes
  against last year and its percentages of plan are withheld (``None``), so
  that a campaign that has just opened never reads as a collapse.
- The communes meeting the standard (đạt chuẩn) are those holding a
  recognition decision in force, plus those whose file of the year meets
  every criterion (awaiting their decision); a recognised commune stays
  counted whatever its unfinished file of the year says.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ntm.evaluation.numbers import round_half_away
from ntm.ocop.rules import OcopFigures
from ntm.plans.rows import OCOP_ROWS

Exact = int | Fraction | Decimal
PLACES = 2


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class FileCounts:
    """The year's files (hồ sơ đánh giá) by how far they went through the workflow.

    Each count includes the files that went further: ``submitted`` counts the
    files submitted, reviewed, appraised or recognised (a file returned to its
    commune counts as opened only, until it is sent again). States are those
    of ``assessments.Assessment.State`` (docs/workflow.md).
    """

    opened: int = 0
    submitted: int = 0
    reviewed: int = 0
    appraised: int = 0
    recognised: int = 0


@dataclass(frozen=True)
class YearCounts:
    """What the database gives for one unit and one year (``selectors.unit_counts``).

    ``distribution`` maps a number of criteria met to the number of communes
    assessed (communes without a file are not in it: they are
    ``not_assessed``); ``per_criterion`` maps a criterion number to the number
    of communes meeting it, ``per_criterion_assessed`` to the number whose
    file gives the criterion a result, met or not (a criterion without a value
    or declaration is not assessed; empty when not known: then every commune
    assessed counts). ``recognised`` counts the communes holding a
    recognition decision in force, ``recognised_not_met`` those of them whose
    file of the year does not meet every criterion (or who have no file).
    ``files`` is None when the workflow states are not known (then the year
    is final when every commune is assessed).
    """

    year: int
    communes: int
    assessed: int
    criteria_met_sum: int
    distribution: Mapping[int, int] = field(default_factory=dict)
    per_criterion: Mapping[int, int] = field(default_factory=dict)
    per_criterion_assessed: Mapping[int, int] = field(default_factory=dict)
    recognised: int = 0
    recognised_not_met: int = 0
    files: FileCounts | None = None
    # the communes have no district (two tiers): files go straight to the province
    direct: bool = False
    # files meeting every criterion of their own set (None: read from ``distribution``),
    # and the first year of the period whose set the year's files follow (None: not known)
    meeting_all: int | None = None
    period: int | None = None

    @property
    def has_data(self) -> bool:
        return self.assessed > 0

    @property
    def started(self) -> bool:
        """Some commune has a file for the year (assessed or only opened)."""
        return self.has_data or (self.files is not None and self.files.opened > 0)

    @property
    def not_assessed(self) -> int:
        """Communes without a file for the year (chưa đánh giá)."""
        return max(self.communes - self.assessed, 0)

    @property
    def final(self) -> bool:
        """Every commune's file is appraised (or recognised): the year's figures are final."""
        done = self.assessed if self.files is None else self.files.appraised
        return done >= self.communes

    @property
    def provisional(self) -> bool:
        """Some commune's file is missing or not yet appraised: the figures are tạm tính."""
        return not self.final

    def standard(self, criteria_count: int) -> int:
        """Communes whose file of the year meets all ``criteria_count`` criteria."""
        if self.meeting_all is not None:
            return self.meeting_all
        return sum(n for met, n in self.distribution.items() if met >= criteria_count)

    def holding_standard(self, criteria_count: int) -> int:
        """Communes meeting the standard (đạt chuẩn): decisions in force, plus files meeting all."""
        return self.standard(criteria_count) + self.recognised_not_met

    def met_exactly(self, criteria: int) -> int:
        return self.distribution.get(criteria, 0)

    def criterion_assessed(self, number: int) -> int:
        """Communes whose file gives criterion ``number`` a result (met or not met)."""
        if not self.per_criterion_assessed:
            return self.assessed
        return self.per_criterion_assessed.get(number, 0)

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


# --------------------------------------------------------------------------- completeness


@dataclass(frozen=True)
class Completeness:
    """How far a year's campaign has gone: files opened, submitted, reviewed, appraised, recognised.

    Counts are of communes (a commune has at most one file a year), shares of
    the unit's communes. ``final`` is the rule of the module docstring.
    """

    communes: int
    assessed: int
    not_assessed: int
    opened: int
    submitted: int
    reviewed: int
    appraised: int
    recognised: int
    opened_share: Decimal | None
    submitted_share: Decimal | None
    reviewed_share: Decimal | None
    appraised_share: Decimal | None
    recognised_share: Decimal | None
    final: bool
    direct: bool = False

    @property
    def provisional(self) -> bool:
        return not self.final


def completeness(counts: YearCounts) -> Completeness:
    """The completeness of ``counts``' year (pure)."""
    files = counts.files or FileCounts(
        opened=counts.assessed,
        submitted=counts.assessed,
        reviewed=counts.assessed,
        appraised=counts.assessed,
    )

    def share(n: int) -> Decimal | None:
        return shown(percent(n, counts.communes))

    return Completeness(
        communes=counts.communes,
        assessed=counts.assessed,
        not_assessed=counts.not_assessed,
        opened=files.opened,
        submitted=files.submitted,
        reviewed=files.reviewed,
        appraised=files.appraised,
        recognised=files.recognised,
        opened_share=share(files.opened),
        submitted_share=share(files.submitted),
        reviewed_share=share(files.reviewed),
        appraised_share=share(files.appraised),
        recognised_share=share(files.recognised),
        final=counts.final,
        direct=counts.direct,
    )


def same_set(now: YearCounts, before: YearCounts | None) -> bool:
    """Whether two years' files follow the criteria of one period (true when either is not known).

    A province's own set re-issues the national set of its period: the same
    criteria. Another period's set counts other criteria.
    """
    return (
        before is None
        or now.period is None
        or before.period is None
        or (now.period == before.period)
    )


def comparable(now: YearCounts, before: YearCounts | None) -> bool:
    """Whether a change from ``before`` to ``now`` can be stated: both years final, one set.

    Across two criteria sets (2025 under QĐ 318, 2026 under QĐ 51/2025) a count
    of criteria or of communes meeting them is not the same measure: the
    change is not stated (a break in series).
    """
    return (
        before is not None
        and before.has_data
        and now.final
        and before.final
        and same_set(now, before)
    )


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class StandardFigures:
    """Communes meeting the standard (xã đạt chuẩn nông thôn mới) in a year.

    ``standard`` holds a decision in force or meets every criterion this year
    (``YearCounts.holding_standard``); ``recognised`` holds a decision,
    ``assessed_standard`` meets every criterion by its file of the year.
    ``new`` is this year's count minus last year's (it can be negative);
    ``new_percent_of_plan`` compares it with the planned increase, that is the
    year's target for row 2.1 minus last year's actual count. In a
    provisional year (``provisional``) the changes and percentages of plan
    are None: they are withheld until the year is final.
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
    assessed_standard: int = 0
    provisional: bool = False


def standard_figures(
    *,
    criteria_count: int,
    now: YearCounts,
    before: YearCounts | None,
    plan: Decimal | None,
    next_plan: Decimal | None = None,
) -> StandardFigures:
    standard = now.holding_standard(criteria_count)
    has_before = before is not None and before.has_data
    prev = before.holding_standard(criteria_count) if before is not None and has_before else None
    changes = comparable(now, before)
    new = None if prev is None or not changes else standard - prev
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
        share_change=shown(change(exact_share, exact_prev_share)) if changes else None,
        plan=plan,
        percent_of_plan=shown(percent(standard, plan)) if now.final else None,
        plan_new=plan_new,
        new_percent_of_plan=shown(percent(new, plan_new)) if plan_new and plan_new > 0 else None,
        next_plan=next_plan,
        assessed_standard=now.standard(criteria_count),
        provisional=now.provisional,
    )


@dataclass(frozen=True)
class AverageFigures:
    """Average number of criteria met per commune assessed (bình quân tiêu chí/xã).

    ``percent_of_plan`` divides the *printed* average by the plan (rule in the
    module docstring); ``change`` is computed from the exact averages. Both,
    and ``next_change``, are None in a provisional year; ``assessed`` of
    ``communes`` is the denominator.
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
    assessed: int = 0
    communes: int = 0
    provisional: bool = False


def average_figures(
    *,
    now: YearCounts,
    before: YearCounts | None,
    plan: Decimal | None,
    next_plan: Decimal | None = None,
) -> AverageFigures:
    exact = average(now.criteria_met_sum, now.assessed) if now.has_data else None
    prev_exact = (
        average(before.criteria_met_sum, before.assessed)
        if before is not None and before.has_data and same_set(now, before)
        else None
    )
    value = shown(exact)
    changes = comparable(now, before)
    return AverageFigures(
        exact=exact,
        value=value,
        previous_exact=prev_exact,
        previous=shown(prev_exact),
        change=shown(change(exact, prev_exact)) if changes else None,
        plan=plan,
        percent_of_plan=shown(percent(value, plan)) if now.final else None,
        next_plan=next_plan,
        next_change=shown(change(next_plan, exact)) if now.final else None,
        assessed=now.assessed,
        communes=now.communes,
        provisional=now.provisional,
    )


@dataclass(frozen=True)
class Band:
    """A band of communes by criteria met, as reports group them (19; 15-18; 10-14; 5-9; dưới 5).

    Communes not assessed are in no band; ``share`` is of the communes assessed.
    """

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
        out.append(Band(low, high, n, shown(percent(n, counts.assessed)), band_label(low, high)))
    return out


def below(counts: Mapping[int, int], limit: int) -> int:
    """Communes meeting fewer than ``limit`` criteria."""
    return sum(n for met, n in counts.items() if met < limit)


@dataclass(frozen=True)
class CriterionFigures:
    """Communes meeting one criterion: count, share, change in points, against plan.

    ``share`` is of the ``assessed`` communes (whose file gives the criterion a
    result); ``not_assessed`` are the others of the unit.
    """

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
    assessed: int = 0
    not_assessed: int = 0


def criterion_figures(
    *,
    criteria: Sequence[CriterionInfo],
    now: YearCounts,
    before: YearCounts | None,
    plan: Mapping[str, Decimal],
    next_plan: Mapping[str, Decimal],
) -> list[CriterionFigures]:
    """One row per criterion. Targets are read from rows ``3.<number>`` of the plan.

    Shares are of the communes assessed; in a provisional year the change and
    the comparisons with plan are None.
    """
    out = []
    # last year's criterion k is another criterion when the set changed (2025 → 2026)
    has_before = before is not None and before.has_data and same_set(now, before)
    changes = comparable(now, before)
    for info in criteria:
        n = now.per_criterion.get(info.number, 0)
        assessed = now.criterion_assessed(info.number)
        exact_share = percent(n, assessed) if now.has_data else None
        prev = (
            before.per_criterion.get(info.number, 0) if before is not None and has_before else None
        )
        exact_prev = (
            percent(prev, before.criterion_assessed(info.number))
            if before is not None and has_before
            else None
        )
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
                change_points=shown(change(exact_share, exact_prev)) if changes else None,
                plan=target,
                percent_of_plan=shown(percent(n, target)) if now.final else None,
                plan_share=shown(exact_plan_share),
                points_to_plan=shown(change(exact_share, exact_plan_share)) if now.final else None,
                next_plan=next_plan.get(f"3.{info.number}"),
                assessed=assessed,
                not_assessed=max(now.communes - assessed, 0),
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
    completeness: Completeness | None = None
    provisional: bool = False


def subunit_figures(*, criteria_count: int, rows: Sequence[SubunitCounts]) -> list[SubunitFigures]:
    """Districts ranked by their exact average, highest first; equal averages share a rank.

    A district's average is over its communes assessed; its change is None
    unless both its years are final.
    """
    items = []
    for row in rows:
        exact = average(row.now.criteria_met_sum, row.now.assessed) if row.now.has_data else None
        prev = (
            average(row.before.criteria_met_sum, row.before.assessed)
            if row.before is not None and row.before.has_data
            else None
        )
        diff = change(exact, prev) if comparable(row.now, row.before) else None
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
                standard=row.now.holding_standard(criteria_count),
                rank=rank,
                unit_id=row.unit_id,
                completeness=completeness(row.now),
                provisional=row.now.provisional,
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
    standard_above = above.holding_standard(criteria_count)
    return ComparisonFigures(
        name=name,
        kind=kind,
        communes=above.communes,
        standard=standard_above,
        average=shown(average(above.criteria_met_sum, above.assessed)) if above.has_data else None,
        unit_share_of_standard=shown(
            percent(unit.holding_standard(criteria_count), standard_above)
        ),
    )


#: The level of a territory's figures (the country, a region: ``selectors.Territory``), whose
#: sub-units are provinces.
TERRITORY_LEVEL = 0


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
    period: int | None = None  # the first year of the set's period

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
    completeness: Completeness | None = None

    @property
    def provisional(self) -> bool:
        """The year is not final (some commune's file missing or not appraised): tạm tính."""
        return self.now.provisional


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

    ``before`` without data counts as no previous year. A provisional year's
    changes and percentages of plan are withheld (module docstring).
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
        completeness=completeness(now),
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


# --------------------------------------------------------------------------- higher titles


@dataclass(frozen=True)
class CommuneName:
    """A commune and the unit it belongs to, for lists written on a page or in the report."""

    code: str
    name: str
    kind: str
    parent_name: str
    parent_kind: str


@dataclass(frozen=True)
class TitleDecision:
    """A decision in force giving a commune the advanced or model title (quyết định công nhận)."""

    commune: CommuneName
    year: int
    number: str
    date_text: str  # dd/mm/yyyy, as the reports cite a decision


@dataclass(frozen=True)
class TitleFile:
    """A commune's file of the advanced or model set this year: criteria met out of its set's."""

    commune: CommuneName
    criteria_met: int
    criteria_total: int
    assessed: bool  # some criterion has a result (a file opened empty is not yet assessed)


@dataclass(frozen=True)
class HigherTitle:
    """The advanced (nâng cao) or model (kiểu mẫu) title in a unit and a year.

    - ``decisions``: communes holding the title by a decision in force
      (``Recognition.holding``), listed in ``holders``; ``new`` are the
      decisions taken that year;
    - ``files``: this year's files of that set, ``files_met`` those meeting
      every criterion; ``in_progress`` the files of communes not holding the
      title yet (the dashboard's card and the report's section read the same).
    """

    title: str  # the title's label, "Đạt chuẩn nông thôn mới nâng cao"
    code: str  # Recognition.Title value: nang_cao, kieu_mau
    set_kind: str  # CriteriaSet.SetKind value: advanced, model
    year: int
    holders: tuple[TitleDecision, ...]
    files_of_year: tuple[TitleFile, ...]

    @property
    def decisions(self) -> int:
        """Communes holding the title (one per commune, whatever its number of decisions)."""
        return len({d.commune.code for d in self.holders})

    @property
    def new(self) -> tuple[TitleDecision, ...]:
        """The decisions of the year (communes newly recognised)."""
        return tuple(d for d in self.holders if d.year == self.year)

    @property
    def files(self) -> int:
        return len(self.files_of_year)

    @property
    def files_met(self) -> int:
        return sum(1 for f in self.files_of_year if 0 < f.criteria_total <= f.criteria_met)

    @property
    def in_progress(self) -> tuple[TitleFile, ...]:
        held = {d.commune.code for d in self.holders}
        return tuple(f for f in self.files_of_year if f.commune.code not in held)

    @property
    def in_progress_average(self) -> Fraction | None:
        """The average criteria met by the files in progress that are assessed (exact)."""
        assessed = [f for f in self.in_progress if f.assessed]
        return average(sum(f.criteria_met for f in assessed), len(assessed))

    @property
    def in_progress_total(self) -> int | None:
        """The number of criteria of the set of the files in progress (None if they differ)."""
        totals = {f.criteria_total for f in self.in_progress if f.assessed}
        return totals.pop() if len(totals) == 1 else None


# --------------------------------------------------------------------------- across periods


@dataclass(frozen=True)
class CrosswalkStep:
    """How the criterion followed continues the criteria of an older period (the crosswalk's links).

    ``period`` is the first year of the older period, ``numbers`` and
    ``names`` its criteria the followed one continues (empty: new in the
    newer period, or a chain broken by a merger further on); ``relation`` is
    ``same``, ``changed``, ``merged`` or ``new`` (``criteria.CriterionLink``).
    """

    period: int
    period_end: int
    numbers: tuple[int, ...]
    names: tuple[str, ...]
    relation: str
    verified: bool

    @property
    def continuous(self) -> bool:
        """The definition is the same and that was checked: no break in series."""
        return self.relation == "same" and self.verified

    @property
    def countable(self) -> bool:
        """One older criterion: its communes meeting it are the continued figure."""
        return len(self.numbers) == 1


@dataclass(frozen=True)
class CriterionTrendPoint:
    """One year of a criterion's trend across periods: communes meeting it (or why none).

    ``number`` is the criterion counted that year (the older period's through
    the crosswalk); ``step`` the crosswalk step that year follows (None in the
    criterion's own period); ``series`` changes where the series breaks.
    """

    year: int
    communes: int | None
    share: Decimal | None
    number: int | None
    step: CrosswalkStep | None
    series: str
    provisional: bool = False


def criterion_trend(
    *,
    number: int,
    period: int,
    counts: Mapping[int, YearCounts],
    steps: Sequence[CrosswalkStep],
) -> list[CriterionTrendPoint]:
    """Communes meeting criterion ``number`` of the ``period`` set, each year, across periods.

    A year whose files follow an older set counts the criterion the crosswalk
    says the followed one continues (``steps``, newest first, one per older
    period). The series breaks where a step is not ``continuous`` (the
    definition changed, or the pairing is not verified), and every older
    year stays broken once a break is crossed. A merged or new criterion has
    no older figure: the year shows none, never a sum of other criteria.
    """
    by_period = {s.period: s for s in steps}
    # the series key of each period: a continuous step keeps the newer period's
    series = {period: str(period)}
    key = str(period)
    for s in sorted(steps, key=lambda s: -s.period):
        if not s.continuous:
            key = str(s.period)
        series[s.period] = key
    out = []
    for year in sorted(counts):
        c = counts[year]
        step = by_period.get(c.period) if c.period is not None else None
        if not c.has_data or c.period is None or (c.period != period and step is None):
            out.append(CriterionTrendPoint(year, None, None, None, step, "", c.provisional))
            continue
        counted: int | None = number
        if c.period != period:
            counted = step.numbers[0] if step is not None and step.countable else None
        if counted is None:
            out.append(
                CriterionTrendPoint(year, None, None, None, step, series[c.period], c.provisional)
            )
            continue
        n = c.per_criterion.get(counted, 0)
        out.append(
            CriterionTrendPoint(
                year,
                n,
                shown(percent(n, c.criterion_assessed(counted))),
                counted,
                step,
                series[c.period],
                c.provisional,
            )
        )
    return out


# --------------------------------------------------------------------------- OCOP against the plan


@dataclass(frozen=True)
class OcopProgress:
    """One OCOP target of the plan (``plans.rows.OCOP_ROWS``) beside the registry's figure."""

    key: str
    template: str  # the row's label template (pages translate it)
    unit: str
    actual: int
    target: Decimal | None

    @property
    def share(self) -> Fraction | None:
        """The actual figure as a percentage of the target (None without a positive target)."""
        return percent(self.actual, self.target) if self.target else None


def ocop_progress(fig: OcopFigures, plan: Mapping[str, Decimal]) -> list[OcopProgress]:
    """The registry's figures against the year's OCOP targets: the products reaching 3 stars
    in the round, the districts with a certificate in force at the year's end."""
    actual = {"ocop.3sao": fig.three_stars, "ocop.huyen": fig.districts_certified}
    return [
        OcopProgress(row.key, row.template, row.unit, actual[row.key], plan.get(row.key))
        for row in OCOP_ROWS
    ]
