"""Reconciling a printed appendix (Biểu chi tiết) with itself and with NTM's figures.

Offices print the appendix by hand and the figures disagree: the Cao Bằng print
of 2019 gives row 1 (criteria per commune) 9,54 for 2018 where its own rows give
9,55. A printed table, read as a grid of cells (CSV or Excel, the appendix's
layout: a row id, a label, then columns headed ``TH 2019`` or ``th_2019``,
``KH 2020`` or ``kh_2020``), is checked cell by cell:

- **against itself**, column by column: the distribution (rows 2.1 … 2.N) adds
  up to no more than the total row; when it counts every commune, row 1 is its
  mean (Σ criteria × communes over the communes) and row 3 the mean of the
  per-criterion counts (rows 3.1 … 3.N); the communes with a decision (the "Trong
  đó" row) are no more than those meeting the standard; a planned count is no
  more than the unit's communes;
- **against the data**: each printed number against NTM's cell of the same row
  and column (``reports.appendix``); a cell NTM has no figure for is not compared.

Each finding is one line, beginning with the row id and the column:
``2.13 TH 2019: bản in 14, số liệu cho 13``. An empty cell is not a finding; a
cell that holds no number is listed as unreadable (``Finding.unreadable``) but
is no contradiction. Averages are compared as printed, to two decimals.

Pure (no Django): the grid and the table are given.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ntm.evaluation.numbers import NumberError, format_number, parse_number, round_half_away
from ntm.plans.rows import RECOGNISED_ROW, TOTAL_ROW
from ntm.reports.appendix import AppendixTable
from ntm.units.names import search_key

_COLUMN = re.compile(r"^\s*(TH|KH)[\s_]+(\d{4})\b", re.IGNORECASE)
_ROW_ID_HEADS = {"row_id", "stt", "tt", "so tt", "ma dong"}
_LABEL_HEADS = {"label", "label_vi", "chi tieu", "noi dung", "ten chi tieu"}
_PLACES = 2

#: The words of a finding, by language.
WORDS = {
    "vi": {
        "data": "bản in {printed}, số liệu cho {expected}",
        "sum": "bản in tổng số {printed} xã, các dòng 2.1–2.{n} cộng lại được {expected}",
        "mean1": "bản in {printed}, bình quân theo các dòng 2.1–2.{n} là {expected}",
        "mean3": "bản in {printed}, bình quân theo các dòng 3.1–3.{n} là {expected}",
        "decisions": "bản in {printed} xã có quyết định, nhiều hơn {expected} xã đạt chuẩn (dòng 2.1)",
        "plan": "bản in {printed}, nhiều hơn số xã của đơn vị ({expected})",
        "unreadable": "không đọc được “{printed}”",
        "unknown_row": "dòng không có trong biểu chi tiết",
    },
    "en": {
        "data": "in print {printed}, the data give {expected}",
        "sum": "in print {printed} communes in all, rows 2.1–2.{n} add up to {expected}",
        "mean1": "in print {printed}, the mean of rows 2.1–2.{n} is {expected}",
        "mean3": "in print {printed}, the mean of rows 3.1–3.{n} is {expected}",
        "decisions": "in print {printed} communes with a decision, more than the {expected} "
        "meeting the standard (row 2.1)",
        "plan": "in print {printed}, more than the unit's communes ({expected})",
        "unreadable": "cannot read “{printed}”",
        "unknown_row": "no such row in the appendix",
    },
}


@dataclass(frozen=True)
class Finding:
    """One departure of a printed cell: ``kind`` is a key of :data:`WORDS`."""

    row: str  # the row id as printed, or the label of an unnumbered row
    column: str  # "TH 2019", or "" for a whole row
    kind: str
    printed: str
    expected: str = ""
    n: int = 0

    @property
    def unreadable(self) -> bool:
        return self.kind in ("unreadable", "unknown_row")

    def line(self, lang: str = "vi") -> str:
        words = WORDS.get(lang, WORDS["vi"])[self.kind]
        where = f"{self.row} {self.column}".strip()
        return f"{where}: " + words.format(printed=self.printed, expected=self.expected, n=self.n)


@dataclass(frozen=True)
class PrintedCell:
    text: str
    value: Decimal | None  # None: empty or unreadable


@dataclass
class PrintedTable:
    """The grid as read: each row's key (the table's row key), printed row id and cells."""

    columns: list[str]  # "TH 2019", "KH 2020"
    rows: dict[str, dict[str, PrintedCell]] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # key → the row as a finding names it
    findings: list[Finding] = field(default_factory=list)


def _head(text: str) -> str:
    return search_key(text).strip()


def column_name(text: str) -> str | None:
    """ "TH 2019" for a header ``TH 2019``, ``th_2019`` or ``TH 2019 (tạm tính)``; else None."""
    m = _COLUMN.match(str(text or ""))
    return f"{m.group(1).upper()} {m.group(2)}" if m else None


def _number(text: str) -> Decimal | None:
    raw = text.strip()
    if not raw:
        return None
    try:
        # as a person types it: 9,54 and 6.50 and 2.421.000 all read as printed
        return parse_number(raw, typed=True)
    except NumberError:
        return None


def printed_table(grid: Sequence[Sequence[str]], table: AppendixTable) -> PrintedTable:
    """Read a printed appendix (its header row, then its rows) against the table's rows.

    A row is matched by its row id, an unnumbered one by its label. Raises ``ValueError``
    when no header names a TH or KH column.
    """
    header_at = next(
        (i for i, row in enumerate(grid) if any(column_name(c) for c in row)),
        None,
    )
    if header_at is None:
        raise ValueError("no column headed TH <year> or KH <year>")
    header = [str(c or "") for c in grid[header_at]]
    year_cols = {i: name for i, c in enumerate(header) if (name := column_name(c))}
    heads = [_head(c) for c in header]
    id_col = next((i for i, h in enumerate(heads) if h in _ROW_ID_HEADS), 0)
    label_col = next((i for i, h in enumerate(heads) if h in _LABEL_HEADS), 1)
    by_id = {r.row_id: r.key for r in table.rows if r.row_id}
    by_label = {_head(r.label): r.key for r in table.rows if not r.row_id}
    out = PrintedTable(columns=list(year_cols.values()))
    for cells in grid[header_at + 1 :]:
        cells = [str(c if c is not None else "") for c in cells]
        row_id = cells[id_col].strip() if id_col < len(cells) else ""
        label = cells[label_col].strip() if label_col < len(cells) else ""
        if not row_id and not label:
            continue
        if row_id:
            key = by_id.get(row_id)
            shown = row_id
        else:
            # the label as printed, else the one it begins (a label cut short); never by nothing
            wanted = _head(label)
            key = by_label.get(wanted) if wanted else None
            if key is None and wanted:
                key = next((k for lab, k in by_label.items() if lab.startswith(wanted)), None)
            shown = label
        if key is None:
            if row_id != "ghi_chu":
                out.findings.append(Finding(shown, "", "unknown_row", label or row_id))
            continue
        out.shown[key] = shown
        row: dict[str, PrintedCell] = {}
        for i, name in year_cols.items():
            text = cells[i].strip() if i < len(cells) else ""
            value = _number(text)
            if text and value is None:
                out.findings.append(Finding(shown, name, "unreadable", text))
            row[name] = PrintedCell(text, value)
        out.rows[key] = row
    return out


def _show(value: Decimal | int | Fraction, places: int) -> str:
    if isinstance(value, Fraction):
        value = round_half_away(value, places)
    return format_number(Decimal(value), places)


def _average_places(kind: str) -> int:
    return _PLACES if kind == "average" else 0


def _data_findings(printed: PrintedTable, table: AppendixTable) -> list[Finding]:
    columns = {column_name(c): i for i, c in enumerate(table.columns)}
    out = []
    for row in table.rows:
        cells = printed.rows.get(row.key)
        if cells is None or row.kind == "heading":
            continue
        places = _average_places(row.kind)
        for name, cell in cells.items():
            i = columns.get(name)
            data = row.values[i] if i is not None else None
            if cell.value is None or data is None:
                continue
            if round_half_away(cell.value, places) != round_half_away(Decimal(data), places):
                out.append(
                    Finding(
                        printed.shown[row.key],
                        name,
                        "data",
                        _show(cell.value, places),
                        _show(Decimal(data), places),
                    )
                )
    return out


def _self_findings(printed: PrintedTable, table: AppendixTable) -> list[Finding]:
    """The printed table against itself, column by column."""
    distribution = [
        (int(r.key.split(".")[1]), r.key) for r in table.rows if re.fullmatch(r"2\.\d+", r.key)
    ]
    n = len(distribution)
    # rows 2.1 … 2.N count N, N-1 … 1 criteria met
    met_of = {key: n + 1 - k for k, key in distribution}
    criteria = [r.key for r in table.rows if re.fullmatch(r"3\.\d+", r.key)]
    out = []

    def value(key: str, column: str) -> Decimal | None:
        cell = printed.rows.get(key, {}).get(column)
        return cell.value if cell else None

    def text(key: str, column: str, places: int = 0) -> str:
        cell = printed.rows[key][column]
        return _show(cell.value, places) if cell.value is not None else cell.text

    for column in printed.columns:
        total = value(TOTAL_ROW, column)
        counts = {key: value(key, column) for _k, key in distribution}
        # The means are checked over the communes when the distribution counts each of them
        # once; otherwise the print alone cannot say over how many its means were taken.
        base: Decimal | None = None
        if column.startswith("TH") and n and total and all(v is not None for v in counts.values()):
            counted = sum(counts.values(), Decimal(0))
            if counted != total:
                out.append(
                    Finding("2", column, "sum", format_number(total), format_number(counted), n)
                )
            elif counted == total:
                base = total
        mean = value("1", column)
        if base and mean is not None:
            weighted = sum((met_of[k] * v for k, v in counts.items() if v), Decimal(0))
            expected = round_half_away(Fraction(weighted) / Fraction(base), _PLACES)
            if round_half_away(mean, _PLACES) != expected:
                out.append(
                    Finding(
                        printed.shown["1"],
                        column,
                        "mean1",
                        text("1", column, _PLACES),
                        _show(expected, _PLACES),
                        n,
                    )
                )
        per_criterion = [value(key, column) for key in criteria]
        mean3 = value("3", column)
        if base and mean3 is not None and criteria and all(v is not None for v in per_criterion):
            expected = round_half_away(
                Fraction(sum(per_criterion, Decimal(0))) / Fraction(base), _PLACES
            )
            if round_half_away(mean3, _PLACES) != expected:
                out.append(
                    Finding(
                        printed.shown["3"],
                        column,
                        "mean3",
                        text("3", column, _PLACES),
                        _show(expected, _PLACES),
                        len(criteria),
                    )
                )
        decisions, standard = value(RECOGNISED_ROW, column), value("2.1", column)
        if decisions is not None and standard is not None and decisions > standard:
            out.append(
                Finding(
                    printed.shown[RECOGNISED_ROW],
                    column,
                    "decisions",
                    text(RECOGNISED_ROW, column),
                    format_number(standard),
                )
            )
        if column.startswith("KH"):
            communes = total if total is not None else _data_total(table)
            if communes is not None:
                for key in [*(k for _n, k in distribution), *criteria]:
                    planned = value(key, column)
                    if planned is not None and planned > communes:
                        out.append(
                            Finding(
                                printed.shown[key],
                                column,
                                "plan",
                                text(key, column),
                                format_number(communes),
                            )
                        )
    return out


def _as_printed(table: AppendixTable) -> PrintedTable:
    """NTM's own table as if printed (every cell as it reads)."""
    names = [column_name(c) or c for c in table.columns]
    out = PrintedTable(columns=names)
    for row in table.rows:
        out.shown[row.key] = row.row_id or row.label
        out.rows[row.key] = {
            name: PrintedCell("" if v is None else str(v), None if v is None else Decimal(v))
            for name, v in zip(names, row.values, strict=True)
        }
    return out


def _data_total(table: AppendixTable) -> Decimal | None:
    try:
        values = [v for v in table.row(TOTAL_ROW).values if v is not None]
    except KeyError:
        return None
    return Decimal(values[-1]) if values else None


def reconcile(grid: Sequence[Sequence[str]], table: AppendixTable) -> list[Finding]:
    """Every finding of a printed appendix: unreadable cells, then by row and column, each
    cell's departures from the table's own rows and from the data."""
    printed = printed_table(grid, table)
    order = {r.key: i for i, r in enumerate(table.rows)}
    keys = {shown: key for key, shown in printed.shown.items()}
    # A rule of the table's own rows holds only where NTM's table itself keeps it: a commune
    # holding a decision while its file meets fewer criteria is counted in row 2.1 and in its
    # row, and one meeting no criterion (or not assessed) in none. Where the data's table
    # breaks a rule, the print is not held to it.
    # Held per rule, column and row: NTM's plan above the communes on one row does not excuse
    # the print's other rows.
    own = _as_printed(table)
    own_keys = {shown: key for key, shown in own.shown.items()}
    broken = {(f.kind, f.column, own_keys.get(f.row, f.row)) for f in _self_findings(own, table)}
    found = [
        f
        for f in _self_findings(printed, table)
        if (f.kind, f.column, keys.get(f.row, f.row)) not in broken
    ] + _data_findings(printed, table)
    columns = {c: i for i, c in enumerate(printed.columns)}

    def where(f: Finding) -> tuple[int, int]:
        key = keys.get(f.row, "2" if f.row == "2" else "")
        return order.get(key, -1), columns.get(f.column, -1)

    return printed.findings + sorted(found, key=where)


__all__ = ["WORDS", "Finding", "column_name", "printed_table", "reconcile"]
