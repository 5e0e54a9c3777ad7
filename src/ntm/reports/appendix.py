"""The appendix table of the annual report (Biểu chi tiết), row by row.

The table is the official one attached to the provinces' annual NTM reports:

- "Tổng số xã thực hiện Chương trình NTM" (no row number);
- 1 average criteria met per commune;
- 2 level of attainment: 2.1 communes meeting all N criteria, with the sub-row
  "Trong đó số xã đã có QĐ công nhận đạt chuẩn NTM", then 2.2 … 2.N for N-1
  down to 1 criteria;
- 3 results per criterion (the average again, from the per-criterion counts),
  then 3.1 … 3.N, one per criterion.

N is the number of criteria of the set in force; labels come from the set
(``Criterion.short_name``). Columns: TH <base year> (the last year before the
set's period), TH <year-1>, TH <year>, KH <year+1>. KH cells read the unit's
targets for year+1 (``plans.Target``, by row id; the two unnumbered rows use
the ids ``tong_so_xa`` and ``2.1.qd``); a missing target is an empty cell.

The rows 2.1.nc and 2.1.km count the communes holding the advanced and the
model title by a decision in force, from the same read as the report's
section I.9.d and the dashboard's card (``analytics.selectors.higher_titles_by_year``);
they are printed only when some TH column counts one.

Row 2.1 counts the communes meeting the standard: those holding a
recognition decision in force and those whose file of the year meets every
criterion. Rows 1, 2.2 … 2.N and 3 count the communes assessed only. A TH year
that is not final (some commune's file missing or not appraised) is headed
"(tạm tính)" and the table's ``notes`` state its completeness
(``appendix_notes``); a final year has no note, so a finished year's table is
the official one unchanged.

Pure (no Django): the counts and targets are read by ``reports.selectors``.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ntm.analytics import metrics
from ntm.evaluation.numbers import format_number
from ntm.plans.rows import (
    RECOGNISED_ROW,
    TOTAL_ROW,
    CriterionName,
    Row,
    appendix_rows,
)
from ntm.reports.names import ReportUnit, report_reference

Cell = int | Decimal | None


@dataclass(frozen=True)
class AppendixRow:
    """One row of the table; ``key`` is the row id or, for unnumbered rows, the target id."""

    row_id: str
    key: str
    label: str
    unit: str
    kind: str  # "count", "average" or "heading"
    values: tuple[Cell, ...]
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class AppendixTable:
    """The prepared table: everything a renderer needs, nothing to query."""

    title: str
    caption: str
    unit_label: str
    year: int
    columns: tuple[str, ...]
    rows: tuple[AppendixRow, ...]
    notes: tuple[str, ...] = ()

    def row(self, key: str) -> AppendixRow:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)


def appendix_columns(*, base_year: int, year: int) -> list[tuple[str, int]]:
    """("TH", base year), ("TH", year-1), ("TH", year), ("KH", year+1), without repeats."""
    th_years = sorted({y for y in (base_year, year - 1, year) if y <= year})
    return [("TH", y) for y in th_years] + [("KH", year + 1)]


def _plan_cell(plan: Mapping[str, Decimal], key: str, kind: str) -> Cell:
    value = plan.get(key)
    if value is None:
        return None
    if kind == "count" and value == value.to_integral_value():
        return int(value)
    return metrics.shown(value) if kind == "average" else value


def _actual(row: Row, n: int) -> Callable[[metrics.YearCounts], Cell]:
    """How a row's TH cell is counted from a year's counts (None for a year without data)."""
    if row.key == TOTAL_ROW:
        return lambda c: c.communes

    def counted(fn: Callable[[metrics.YearCounts], Cell]) -> Callable[[metrics.YearCounts], Cell]:
        return lambda c: fn(c) if c.has_data else None

    if row.key == "1":
        return counted(lambda c: metrics.shown(metrics.average(c.criteria_met_sum, c.assessed)))
    if row.key == "3":
        return counted(lambda c: metrics.shown(metrics.average(c.per_criterion_sum(), c.assessed)))
    # Decisions are facts whatever the files say: shown for every year with a file opened.
    if row.key == RECOGNISED_ROW:
        return lambda c: c.recognised if c.started else None
    if row.key == "2.1":
        return lambda c: c.holding_standard(n) if c.started else None
    if row.criteria_met is not None:
        met = row.criteria_met
        return counted(lambda c: c.met_exactly(met))
    if row.criterion is not None:
        number = row.criterion
        return counted(lambda c: c.per_criterion.get(number, 0))
    raise ValueError(f"no rule for row {row.key}")  # pragma: no cover - the catalogue is closed


#: Rows a year of another criteria set still gives: its communes and those meeting the
#: standard (a title, whatever the set); counts of criteria are another measure.
ACROSS_SETS_ROWS = frozenset({TOTAL_ROW, "2.1", RECOGNISED_ROW})


def other_set(c: metrics.YearCounts, period: int | None) -> bool:
    """Whether the year's files follow another period's set than the table's (a break in series)."""
    return period is not None and c.period is not None and c.period != period


def title_counts(titles: Sequence[metrics.HigherTitle]) -> dict[str, int]:
    """Communes holding each higher title (by ``Recognition.Title`` value), as the card counts."""
    return {t.code: t.decisions for t in titles}


def appendix_rows_build(
    *,
    criteria: Sequence[metrics.CriterionInfo],
    actuals: Sequence[metrics.YearCounts],
    plan: Mapping[str, Decimal],
    period: int | None = None,
    titles: Sequence[Mapping[str, int]] = (),
) -> list[AppendixRow]:
    """The rows from the counts of each TH column and the targets of the KH column (pure).

    Which rows there are, their labels and kinds, is the catalogue's (``plans.rows``).
    A TH year whose files follow another set than ``period``'s (the base year
    2025 of the 2026-2030 table) gives only :data:`ACROSS_SETS_ROWS`.
    ``titles`` gives, for each TH column, the communes holding each higher
    title (``title_counts``); a title's row is left out when no column counts one.
    """
    n = len(criteria)
    out = []
    for row in appendix_rows([CriterionName(c.number, c.short_name) for c in criteria]):
        values: tuple[Cell, ...]
        if row.title is not None:
            # Decisions are facts whatever the files say, shown as row 2.1.qd is (a title
            # whatever the set: no break in series).
            code = row.title
            if not titles:
                continue
            held = [
                t.get(code, 0) if c.started else None for c, t in zip(actuals, titles, strict=True)
            ]
            if not any(held):
                continue
            values = (*held, _plan_cell(plan, row.key, row.kind))
        elif row.kind == "heading":
            values = (None,) * (len(actuals) + 1)
        else:
            actual = _actual(row, n)
            values = (
                *(
                    None if other_set(c, period) and row.key not in ACROSS_SETS_ROWS else actual(c)
                    for c in actuals
                ),
                _plan_cell(plan, row.key, row.kind),
            )
        out.append(
            AppendixRow(
                row.number, row.key, row.label, row.unit, row.kind, values, row.bold, row.italic
            )
        )
    return out


PROVISIONAL = "tạm tính"


def column_label(kind: str, year: int, counts: metrics.YearCounts | None) -> str:
    """ "TH 2019", "KH 2021", and "TH 2020 (tạm tính)" for a year with files that is not final."""
    label = f"{kind} {year}"
    if kind == "TH" and counts is not None and counts.started and counts.provisional:
        label += f" ({PROVISIONAL})"
    return label


def completeness_steps(c: metrics.Completeness) -> str:
    """How far the files have gone, in the words of the reports.

    "hồ sơ đã mở: 2, đã gửi huyện: 0, huyện đã rà soát: 0, tỉnh đã thẩm định: 0,
    đã công nhận: 0"; on the two-tier map (no district), "đã gửi tỉnh" and no review.
    """
    steps = [("hồ sơ đã mở", c.opened)]
    if c.direct:
        steps.append(("đã gửi tỉnh", c.submitted))
    else:
        steps += [("đã gửi huyện", c.submitted), ("huyện đã rà soát", c.reviewed)]
    steps += [("tỉnh đã thẩm định", c.appraised), ("đã công nhận", c.recognised)]
    return ", ".join(f"{label}: {format_number(n)}" for label, n in steps)


def completeness_note(counts: metrics.YearCounts, *, criteria_count: int) -> str:
    """What a provisional year's figures are made of, as the table's note states it.

    "Số liệu năm 2020 là số liệu tạm tính: 2/177 xã đã đánh giá (175 xã chưa đánh
    giá); hồ sơ đã mở: 2, đã gửi huyện: 0, huyện đã rà soát: 0, tỉnh đã thẩm định:
    0, đã công nhận: 0. …"
    """
    c = metrics.completeness(counts)

    def n(value: int) -> str:
        return format_number(value)

    text = (
        f"Số liệu năm {counts.year} là số liệu {PROVISIONAL}: {n(c.assessed)}/{n(c.communes)} xã "
        f"đã đánh giá ({n(c.not_assessed)} xã chưa đánh giá); {completeness_steps(c)}. "
        "Bình quân và số xã theo số tiêu chí chỉ tính các xã đã đánh giá"
    )
    if counts.recognised_not_met:
        text += (
            f"; số xã đạt chuẩn gồm {n(counts.recognised_not_met)} xã có quyết định công nhận "
            f"còn hiệu lực mà năm {counts.year} chưa có hồ sơ hoặc hồ sơ chưa đạt đủ "
            f"{criteria_count} tiêu chí"
        )
    return text + "."


def appendix_notes(
    actuals: Sequence[metrics.YearCounts], *, criteria_count: int, period: int | None = None
) -> tuple[str, ...]:
    """One note for each TH year with files that is not final (none for a finished table),
    and one for each year whose files follow another criteria set."""
    notes = [
        f"Năm {c.year} đánh giá theo bộ tiêu chí của giai đoạn trước: chỉ ghi tổng số xã và số "
        "xã đạt chuẩn; số tiêu chí đạt không so sánh được với bộ tiêu chí hiện hành."
        for c in actuals
        if c.started and other_set(c, period)
    ]
    notes += [
        completeness_note(c, criteria_count=criteria_count)
        for c in actuals
        if c.started and c.provisional and not other_set(c, period)
    ]
    return tuple(notes)


def appendix_title(year: int) -> str:
    return f"BIỂU CHI TIẾT KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI NĂM {year}"


def appendix_caption(*, unit: ReportUnit, number: str = "", date: str = "") -> str:
    """ "(Kèm theo Báo cáo số 215/BC-BCĐ ngày 05/3/2020 của Ban Chỉ đạo … tỉnh Cao Bằng)".

    The number is written as in the report's header (``names.report_reference``).
    """
    reference = report_reference(number, symbol=unit.symbol)
    return f"(Kèm theo Báo cáo số {reference} ngày {date or '…'} của {unit.issuer_name})"


def appendix_table_build(
    *,
    unit: ReportUnit,
    year: int,
    base_year: int,
    criteria: Sequence[metrics.CriterionInfo],
    counts: Mapping[int, metrics.YearCounts],
    next_plan: Mapping[str, Decimal],
    number: str = "",
    date: str = "",
    period: int | None = None,
    titles: Mapping[int, Sequence[metrics.HigherTitle]] | None = None,
) -> AppendixTable:
    """The appendix of ``unit``'s report for ``year`` from the years' counts and next year's targets.

    ``counts`` must hold every TH year (``appendix_columns``), and ``titles``
    (the higher titles of each year, ``analytics.selectors.higher_titles_by_year``)
    too when given.
    """
    columns = appendix_columns(base_year=base_year, year=year)
    th_years = [y for kind, y in columns if kind == "TH"]
    actuals = [counts[y] for y in th_years]
    rows = appendix_rows_build(
        criteria=criteria,
        actuals=actuals,
        plan=next_plan,
        period=period,
        titles=[title_counts(titles.get(y, ())) for y in th_years] if titles else (),
    )
    return AppendixTable(
        title=appendix_title(year),
        caption=appendix_caption(unit=unit, number=number, date=date),
        unit_label=unit.label,
        year=year,
        columns=tuple(column_label(kind, y, counts.get(y)) for kind, y in columns),
        rows=tuple(rows),
        notes=appendix_notes(actuals, criteria_count=len(criteria), period=period),
    )
