"""A report's data: everything the annual report prints, read once into one plain structure (pure).

``reports.selectors.report_data`` makes the queries and fills ``ReportData``;
the narrative, the charts, the document builder and the renderers only take
it (or parts of it) and never query. No Django here.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ntm.analytics import metrics
from ntm.evaluation.district import ConditionResult
from ntm.maps.drawing import Choropleth
from ntm.ocop.rules import OcopFigures
from ntm.reports.appendix import AppendixTable
from ntm.reports.issuing import IssuingSetting, Reference
from ntm.reports.names import ReportUnit

#: A commune and the district it belongs to, for lists written in the report (the one
#: dataclass of it, shared with the dashboard's lists).
CommuneName = metrics.CommuneName


@dataclass(frozen=True)
class AveragePoint:
    """The average criteria per commune of one year with data (the report's chart)."""

    year: int
    average: Decimal


def average_series(
    counts: Mapping[int, metrics.YearCounts], *, first: int, last: int
) -> tuple[AveragePoint, ...]:
    """The average of each year from ``first`` to ``last`` that has data, as printed (rounded).

    As every average, of the communes assessed (a provisional year's is tạm tính).
    """
    out = []
    for year in range(first, last + 1):
        c = counts.get(year)
        if c is None or not c.has_data:
            continue
        value = metrics.shown(metrics.average(c.criteria_met_sum, c.assessed))
        if value is not None:
            out.append(AveragePoint(year, value))
    return tuple(out)


@dataclass(frozen=True)
class DistrictLine:
    """A district-level unit's conditions (huyện nông thôn mới) as the report states them."""

    name: str  # "huyện Hà Quảng", "thành phố Cao Bằng"
    standing: bool | None
    results: tuple[ConditionResult, ...]


@dataclass(frozen=True)
class DistrictSection:
    """The districts of the report's unit against the district set in force that year."""

    legal_basis: str
    lines: tuple[DistrictLine, ...]


@dataclass(frozen=True)
class FundSum:
    """The funds of one source managed at one level (province, district, commune), triệu đồng.

    ``disbursed`` is None unless every row of them states its disbursement; ``as_of`` is the
    latest date of disbursement they state.
    """

    source: str
    level: int
    allocated: Decimal
    disbursed: Decimal | None
    as_of: datetime.date | None


@dataclass(frozen=True)
class ResourceFigures:
    """The year's resources of the report's unit and every unit below it (parts I.7, I.8).

    ``funds``: sums by source and level (``resources.sources``); the support of the units
    assigned to help communes: ``supports`` rows and their cash, goods in kind and
    materials (triệu đồng).
    """

    year: int
    unit_level: int
    unit_kind: str
    funds: tuple[FundSum, ...] = ()
    supports: int = 0
    cash: Decimal = Decimal(0)
    in_kind: Decimal = Decimal(0)
    materials: Decimal = Decimal(0)


@dataclass(frozen=True)
class CourseLine:
    """A year's courses of one kind of the report's unit (``own``) or of a unit below it."""

    own: bool
    unit_code: str
    kind: str  # activities.Course.Kind: truyen_thong, dao_tao_ntm, boi_duong_xa, ocop, khac
    classes: int | None
    participants: int


@dataclass(frozen=True)
class EventLine:
    """A dated event of the report's unit (hội nghị, kiểm tra …)."""

    date: datetime.date
    kind: str  # the kind's label: "Hội nghị", "Kiểm tra"
    description: str


@dataclass(frozen=True)
class DirectiveLine:
    """A directive the report's unit issued in the year, as the list of I.3.a prints it."""

    kind: str  # the kind's label: "Quyết định", "Kế hoạch"
    number: str
    date: datetime.date
    issuer: str
    subject: str
    rank: int = 0  # the kind's place (nghị quyết, quyết định, kế hoạch …): the list's groups


@dataclass(frozen=True)
class ChainLine:
    """A value-chain plan (or a count of plans) of the report's unit (``own``) or one below it."""

    own: bool
    plans: int
    plan: str
    product: str
    communes: tuple[CommuneName, ...] = ()


@dataclass(frozen=True)
class Activities:
    """The courses, events, directives and value chains of the report's unit and year."""

    is_province: bool
    courses: tuple[CourseLine, ...] = ()
    events: tuple[EventLine, ...] = ()
    directives: tuple[DirectiveLine, ...] = ()
    chains: tuple[ChainLine, ...] = ()


@dataclass(frozen=True)
class PlanTarget:
    """One of next year's targets as the plan states it (``plans.Target``), for part III.1.

    ``value`` is the figure (or a range's low bound, ``high`` its high bound);
    ``note`` the plan's own words kept with it; ``own``: a target of the report's
    unit, else of a district the unit's plan names ("mỗi huyện 01-02 xã gồm …"),
    named by ``unit_name`` and ``unit_kind`` (AdminUnit.Kind), in the plan's order.
    """

    row_id: str
    value: Decimal
    high: Decimal | None = None
    note: str = ""
    own: bool = True
    unit_name: str = ""
    unit_kind: str = ""


@dataclass(frozen=True)
class ReportData:
    """The annual report's data for a unit and a year.

    - ``unit``: how the report names the unit, its issuer and symbol;
    - ``source``: what was read for the figures: the counts of each year from
      the base year (each counted once), the targets of the year and the
      next, the districts' counts, the comparison with the unit above;
    - ``figures``: every figure of the year, computed from ``source``
      (``metrics.unit_figures_of``, as the dashboard computes them);
    - the commune lists: new communes meeting the standard, planned communes
      that missed it, next year's target communes;
    - ``higher_titles``: the advanced and model titles (decisions in force,
      decisions of the year, files of those sets), as the dashboard's card
      reads them (``analytics.selectors.higher_titles``);
    - ``average_series``: the chart's averages, base year to year;
    - ``texts``: the office's texts by section key (empty texts left out);
    - ``appendix``: the appendix table (its caption without the report's number);
    - ``districts``: the district-level units against the district set of the
      year (None where no district set is in force or the unit has none);
    - ``ocop``: the unit's OCOP products rated that year and certificates in force;
    - ``map``: the sub-units a loaded map holds, coloured by their criteria met
      (the districts' averages, or the communes' criteria met), with the map's
      licence and source (None: no map holds them; docs/maps.md);
    - ``resources``: the funds by source and the communes' support of the year (I.7, I.8).
    - ``activities``: the courses, events, directives and value chains of the
      year (part I.1, I.3-I.6; ``reports.narrative_activities``).
    - ``setting``: how the office issues the report (``reports.DocumentSetting``: header,
      number, signature, recipients, headings; empty: NTM's defaults);
    - ``references``: the figures the office entered that NTM cannot compute, by key
      (``reports.ReferenceFigure``).
    - ``plan_targets``: next year's targets of the plan (the unit's and its
      districts'), with their ranges and notes, for part III.1.
    """

    unit: ReportUnit
    year: int
    source: metrics.UnitYearData
    figures: metrics.UnitFigures
    new_communes: tuple[CommuneName, ...]
    missed_communes: tuple[CommuneName, ...]
    target_communes: tuple[CommuneName, ...]
    average_series: tuple[AveragePoint, ...]
    texts: Mapping[str, str]
    appendix: AppendixTable
    higher_titles: tuple[metrics.HigherTitle, ...] = ()
    districts: DistrictSection | None = None
    ocop: OcopFigures | None = None
    map: Choropleth | None = None
    resources: ResourceFigures | None = None
    activities: Activities | None = None
    setting: IssuingSetting = IssuingSetting()
    references: Mapping[str, Reference] = field(default_factory=dict)
    plan_targets: tuple[PlanTarget, ...] = ()

    @property
    def counts(self) -> Mapping[int, metrics.YearCounts]:
        return self.source.counts

    @property
    def plan(self) -> Mapping[str, Decimal]:
        return self.source.plan

    @property
    def next_plan(self) -> Mapping[str, Decimal]:
        return self.source.next_plan

    def text(self, key: str) -> str:
        return self.texts.get(key, "")

    def lines(self, key: str) -> Sequence[str]:
        """The office's text of ``key`` as its non-empty lines (recipients, signature)."""
        return tuple(line.strip() for line in self.text(key).splitlines() if line.strip())
