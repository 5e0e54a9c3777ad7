"""Checking an import: records → checked rows, with an error for every bad cell.

Every problem names the file, the row and the column (``FILE:ROW:COLUMN``,
``errors.RowError``); checking goes on after a problem so that one call lists
them all (up to ``errors.MAX_ERRORS``). A key stated twice with the same value
counts once; with two values it is refused, naming both rows.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.criteria.models import CriteriaSet, Criterion, Indicator
from ntm.evaluation.engine import parse_indicator_value
from ntm.evaluation.numbers import (
    decimal_text,
    parse_number,
    parse_verdict,
    round_half_away,
    verdict_text,
)
from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import (
    STATUSES,
    VALUES,
    CellError,
    ambiguous_number,
    normalise_text,
    parse_code,
    parse_int,
    parse_met,
    parse_unit_code,
    parse_year,
)
from ntm.interchange.lookups import Lookups, SetInfo
from ntm.interchange.records import Record
from ntm.plans.rows import RECOGNISED_ROW, TOTAL_ROW, target_high_problem, target_problem
from ntm.units.models import AdminUnit

VALUE_PLACES = 4  # IndicatorValue.value_number has 4 decimal places
NOTE_MAX = 300  # plans.Target.note


@dataclass(frozen=True, eq=False)
class CheckedStatus:
    """A criterion status a file states for a commune and year (trạng thái tiêu chí)."""

    where: Where
    column: str
    commune: AdminUnit
    year: int
    set_info: SetInfo
    criterion: Criterion
    met: bool
    #: Typed by a person in the workbook: a declaration even where the values give the same.
    typed: bool = False

    @property
    def key(self) -> tuple[int, int, str, int]:
        return (self.commune.pk, self.year, self.set_info.criteria_set.kind, self.criterion.number)

    def shown(self) -> str:
        return verdict_text(self.met)

    def label(self) -> str:
        return f"{self.commune.name} – {self.year} TC{self.criterion.number}"


@dataclass(frozen=True, eq=False)
class CheckedValue:
    """An indicator value a file states for a commune and year (giá trị chỉ tiêu).

    ``has_secondary``: the file gives the secondary part (17.1's clean water);
    without it the stored secondary value is kept.
    """

    where: Where
    column: str
    commune: AdminUnit
    year: int
    set_info: SetInfo
    indicator: Indicator
    number: Decimal | None
    verdict: bool | None
    secondary: Decimal | None
    has_secondary: bool

    @property
    def key(self) -> tuple[int, int, str, str]:
        return (self.commune.pk, self.year, self.set_info.criteria_set.kind, self.indicator.code)

    def shown(self) -> str:
        text = (
            verdict_text(self.verdict)
            if self.verdict is not None
            else decimal_text(self.number or Decimal(0))
        )
        if self.has_secondary and self.secondary is not None:
            text += f" (phụ {decimal_text(self.secondary)})"
        return text

    def label(self) -> str:
        return f"{self.commune.name} – {self.year} {self.indicator.code}"


@dataclass(frozen=True, eq=False)
class CheckedTarget:
    """A plan's target a file states for a province or district, year and appendix row."""

    where: Where
    column: str
    unit: AdminUnit
    year: int
    row_id: str
    value: Decimal
    high: Decimal | None = None
    note: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.unit.pk, self.year, self.row_id)

    def shown(self) -> str:
        text = decimal_text(self.value)
        if self.high is not None:
            text += f"-{decimal_text(self.high)}"
        return f"{text} ({self.note})" if self.note else text

    def label(self) -> str:
        return f"{self.unit.name} {self.year} [{self.row_id}]"


CheckedRow = CheckedStatus | CheckedValue | CheckedTarget


@dataclass
class Tally:
    """Rows of one kind read; ``skipped``: target rows without a value; ``repeated``: the same row twice."""

    rows: int = 0
    skipped: int = 0
    repeated: int = 0


@dataclass
class Checked:
    """The rows that passed, by kind, and a tally per kind read (in the order first read)."""

    statuses: list[CheckedStatus] = field(default_factory=list)
    values: list[CheckedValue] = field(default_factory=list)
    targets: list[CheckedTarget] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=dict)


def records_check(records: list[Record], *, lookups: Lookups, errors: ErrorList) -> Checked:
    """Check every record; the rows that passed, each key once, and every problem in ``errors``."""
    checker = _RowChecker(lookups, errors)
    checked = Checked()
    first: dict[tuple[str, tuple[Any, ...]], CheckedRow] = {}
    for rec in records:
        tally = checked.tallies.setdefault(rec.kind, Tally())
        tally.rows += 1
        row: CheckedRow | None
        if rec.kind == STATUSES:
            row = checker.status(rec)
        elif rec.kind == VALUES:
            row = checker.value(rec)
        else:
            before = len(errors)
            row = checker.target(rec)
            if row is None and rec.cells.get("value", "") == "" and len(errors) == before:
                tally.skipped += 1  # a row without a value states no target
        if row is None:
            continue
        seen = first.get((rec.kind, row.key))
        if seen is None:
            first[(rec.kind, row.key)] = row
            if isinstance(row, CheckedStatus):
                checked.statuses.append(row)
            elif isinstance(row, CheckedValue):
                checked.values.append(row)
            else:
                checked.targets.append(row)
        elif seen.shown() != row.shown():
            errors.add(
                row.where,
                row.column,
                f"trùng khoá với {seen.where} nhưng khác giá trị ({seen.shown()} ≠ {row.shown()})",
            )
        else:
            tally.repeated += 1  # the same row twice: counted once
    return checked


def _indicator_number(text: str, kind: str, typed: bool) -> Decimal:
    """A number for an indicator of ``kind``, by the engine's rule (``parse_indicator_value``).

    Cells typed in the people's workbook are read the Vietnamese way (a
    decimal comma) and may carry a spreadsheet's binary fractions
    (85.33333333333333): they are rounded to the 4 decimals that are stored.
    """
    if typed:
        text = decimal_text(round_half_away(parse_number(text, typed=True), VALUE_PLACES))
    try:
        value = parse_indicator_value(text, kind)
    except ValueError as exc:
        raise CellError(str(exc)) from exc
    assert isinstance(value, Decimal)
    return value


class _RowChecker:
    """Turns one record into a checked row, adding an error for every bad cell."""

    def __init__(self, lookups: Lookups, errors: ErrorList) -> None:
        self.lookups = lookups
        self.errors = errors

    def _cell(self, rec: Record, name: str, parse: Any, *args: Any) -> Any:
        text = rec.cells.get(name, "")
        if text == "":
            self.errors.add(rec.where, rec.label(name), "ô trống (cần có giá trị)")
            return None
        try:
            return parse(text, *args)
        except CellError as exc:
            self.errors.add(rec.where, rec.label(name), str(exc))
            return None

    def _commune(self, rec: Record, year: int | None) -> AdminUnit | None:
        """The row's commune, or its village in a village's file (``village_code``)."""
        column = rec.fmt.unit_column
        code = self._cell(rec, column, parse_unit_code, column)
        if code is None or year is None:
            return None
        if column == "village_code":
            found = self.lookups.village(code, year)
        elif column == "district_code":
            found = self.lookups.district(code, year)
        else:
            found = self.lookups.commune(code, year)
        if isinstance(found, str):
            self.errors.add(rec.where, rec.label(column), found)
            return None
        return found

    def _set(
        self, rec: Record, year: int, unit: AdminUnit, level: str | None = None
    ) -> SetInfo | None:
        """The set of the row's file: the standard set of the unit's level (or ``level``), or
        the one its ``criteria_set`` names."""
        code = rec.cells.get("criteria_set", "").strip()
        if code:
            found = self.lookups.set_named(code, year, unit)
            column = "criteria_set"
        else:
            found = self.lookups.set_for(year, unit, level=level)
            column = "year"
        if isinstance(found, str):
            self.errors.add(rec.where, rec.label(column), found)
            return None
        return found

    def _stored_as_number(self, rec: Record, column: str, text: str, valid: frozenset[str]) -> bool:
        """A code a spreadsheet stored as a number that may be another code (2.1 vs 2.10)."""
        if column not in rec.numeric or not (other := ambiguous_number(text, valid)):
            return False
        what = "mã chỉ tiêu" if column == "indicator" else "mã dòng"
        self.errors.add(
            rec.where,
            rec.label(column),
            f"{what} {text} được lưu dạng số nên không phân biệt được với {other}; "
            "hãy định dạng cột này là văn bản (Text)",
        )
        return True

    def status(self, rec: Record) -> CheckedStatus | None:
        year = self._cell(rec, "year", parse_year)
        commune = self._commune(rec, year)
        number = self._cell(rec, "criterion", parse_int, "số tiêu chí")
        met = self._cell(rec, "met", parse_met)
        if year is None or commune is None:
            return None
        set_info = self._set(rec, year, commune)
        if set_info is None or number is None:
            return None
        criterion = set_info.criteria.get(number)
        if criterion is None:
            self.errors.add(
                rec.where,
                rec.label("criterion"),
                f"tiêu chí {number} ngoài phạm vi: bộ tiêu chí {set_info.criteria_set.code} "
                f"có các tiêu chí từ {set_info.numbers}",
            )
            return None
        if met is None:
            return None
        return CheckedStatus(
            rec.where, rec.label("met"), commune, year, set_info, criterion, met, typed=rec.lenient
        )

    def value(self, rec: Record) -> CheckedValue | None:
        year = self._cell(rec, "year", parse_year)
        commune = self._commune(rec, year)
        code = self._cell(rec, "indicator", str)
        if year is None or commune is None or code is None:
            return None
        set_info = self._set(rec, year, commune)
        if set_info is None:
            return None
        if self._stored_as_number(rec, "indicator", code, frozenset(set_info.indicators)):
            return None
        indicator = set_info.indicators.get(code)
        if indicator is None:
            self.errors.add(
                rec.where,
                rec.label("indicator"),
                f"không có chỉ tiêu mã “{code}” trong bộ tiêu chí {set_info.criteria_set.code}",
            )
            return None
        number: Decimal | None = None
        verdict: bool | None = None
        if indicator.kind == Indicator.Kind.BOOLEAN:
            verdict = self._cell(rec, "value", parse_verdict)
            if verdict is None:
                return None
        else:
            number = self._cell(rec, "value", _indicator_number, indicator.kind, rec.typed("value"))
            if number is None:
                return None
        has_secondary = "secondary_value" in rec.cells
        secondary: Decimal | None = None
        if has_secondary and rec.cells["secondary_value"] != "":
            if not indicator.secondary_label:
                self.errors.add(
                    rec.where,
                    rec.label("secondary_value"),
                    f"chỉ tiêu {code} không có chỉ tiêu phụ; để trống ô này",
                )
                return None
            secondary = self._cell(
                rec, "secondary_value", _indicator_number, "ratio", rec.typed("secondary_value")
            )
            if secondary is None:
                return None
        return CheckedValue(
            rec.where,
            rec.label("value"),
            commune,
            year,
            set_info,
            indicator,
            number,
            verdict,
            secondary,
            has_secondary and secondary is not None,
        )

    def target(self, rec: Record) -> CheckedTarget | None:
        column = rec.fmt.unit_column
        level = 1 if column == "province_code" else 2
        what = "mã tỉnh" if level == 1 else "mã huyện"
        year = self._cell(rec, "year", parse_year)
        code = self._cell(rec, column, parse_code, what)
        row_id = self._cell(rec, "row_id", str)
        value_text = rec.cells.get("value", "")
        unit: AdminUnit | None = None
        if code is not None and year is not None:
            found = self.lookups.unit(level, code, year)
            if isinstance(found, str):
                self.errors.add(rec.where, rec.label(column), found)
            else:
                unit = found
        value: Decimal | None = None
        if value_text:
            try:
                value = parse_number(value_text, typed=rec.typed("value"))
            except CellError as exc:
                self.errors.add(rec.where, rec.label("value"), str(exc))
        if unit is None or year is None or row_id is None:
            return None
        # A plan's rows are the commune set's appendix rows, whatever the plan's unit.
        set_info = self._set(rec, year, unit, level=CriteriaSet.Level.COMMUNE)
        if set_info is None:
            return None
        if self._stored_as_number(rec, "row_id", row_id, set_info.row_ids):
            return None
        n = len(set_info.criteria)
        if row_id not in set_info.row_ids:
            self.errors.add(
                rec.where,
                rec.label("row_id"),
                f"mã dòng “{row_id}” không có trong biểu chi tiết (dùng {TOTAL_ROW}, 1, 2.1, "
                f"{RECOGNISED_ROW}, 2.2 … 2.{n}, 3, 3.1 … 3.{n})",
            )
            return None
        if value is None:
            return None
        row = set_info.rows[row_id]
        problem = target_problem(
            row=row,
            value=value,
            criteria_count=n,
            communes=self.lookups.communes_count(unit, year) if row.kind == "count" else None,
            unit_name=str(unit),
            year=year,
        )
        if problem:
            self.errors.add(rec.where, rec.label("value"), problem.text)
            return None
        high: Decimal | None = None
        high_text = rec.cells.get("high", "")
        if high_text:
            try:
                high = parse_number(high_text, typed=rec.typed("high"))
            except CellError as exc:
                self.errors.add(rec.where, rec.label("high"), str(exc))
                return None
            problem = target_high_problem(row=row, value=value, high=high)
            if problem:
                self.errors.add(rec.where, rec.label("high"), problem.text)
                return None
        note = normalise_text(rec.cells.get("note", ""))
        if len(note) > NOTE_MAX:
            self.errors.add(
                rec.where, rec.label("note"), f"ghi chú dài quá {NOTE_MAX} ký tự ({len(note)})"
            )
            return None
        return CheckedTarget(rec.where, rec.label("value"), unit, year, row_id, value, high, note)
