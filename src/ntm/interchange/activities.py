"""Checking and writing the activities' files (docs/formats.md) in the import's stages.

The readers recognise each file by its header (``formats.COURSES_FORMAT`` …)
like every other; this module checks its rows, naming ``FILE:ROW:COLUMN`` for
every problem (``errors.ErrorList``), and hands the rows that passed to
``activities.services.activities_import`` inside the import's transaction,
after every other check of the call has passed: all or nothing.

``unit_code`` names a province by its two digits (``04``) or a district by its
three (``045``), as the official list writes them (a district's code read
without its leading zero would be a province's: 45 is Quảng Trị, 045 huyện Hà
Quảng). A directive's row without ``unit_code`` belongs to the importing
officer's unit; a system import (``ntm import``) must give it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ntm.accounts.scope import user_unit
from ntm.accounts.services import Action, ensure_can
from ntm.activities.models import Course, Directive, Event
from ntm.activities.services import (
    ACTIVITY_LEVELS,
    ActivityRow,
    ChainRow,
    CourseRow,
    DirectiveRow,
    EventRow,
    activities_import,
)
from ntm.core.errors import ApplicationError
from ntm.evaluation.numbers import parse_date
from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import (
    ACTIVITY_KINDS,
    COURSES,
    DIRECTIVES,
    EVENTS,
    VALUE_CHAINS,
    CellError,
    parse_code,
    parse_year,
)
from ntm.interchange.records import Record
from ntm.interchange.summary import Change, KindSummary
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_by_code

COUNT_MAX = 10_000_000


@dataclass
class ActivitiesChecked:
    """The rows of each activity kind that passed, and where each came from."""

    rows: dict[str, list[ActivityRow]] = field(default_factory=dict)
    wheres: dict[str, list[Where]] = field(default_factory=dict)
    read: dict[str, int] = field(default_factory=dict)
    repeated: dict[str, int] = field(default_factory=dict)


def _count(text: str) -> int:
    if text.startswith("-"):
        raise CellError(f"số không được âm (“{text}”)")
    if not text.isdigit() or int(text) > COUNT_MAX:
        raise CellError(f"cần một số nguyên không âm, không phải “{text}”")
    return int(text)


def _date(text: str) -> datetime.date:
    return parse_date(text)


def _choice(labels: dict[str, str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text in labels:
            return text
        known = ", ".join(f"{k} ({v})" for k, v in labels.items())
        raise CellError(f"loại không rõ “{text}” (dùng: {known})")

    return parse


COURSE_KINDS = _choice({k: str(v) for k, v in Course.Kind.choices})
EVENT_KINDS = _choice({k: str(v) for k, v in Event.Kind.choices})
DIRECTIVE_KINDS = _choice({k: str(v) for k, v in Directive.Kind.choices})


class _Checker:
    def __init__(self, errors: ErrorList, user: Any) -> None:
        self.errors = errors
        self.user = user
        self.units: dict[tuple[int, str, int], AdminUnit | str] = {}

    def cell(self, rec: Record, name: str, parse: Any, *, required: bool = True) -> Any:
        text = rec.cells.get(name, "")
        if text == "":
            if required:
                self.errors.add(rec.where, rec.label(name), "ô trống (cần có giá trị)")
            return None
        try:
            return parse(text)
        except CellError as exc:
            self.errors.add(rec.where, rec.label(name), str(exc))
            return None

    def _lookup(self, level: int, code: str, year: int) -> AdminUnit | str:
        key = (level, code, year)
        if key not in self.units:
            try:
                unit: AdminUnit | str = unit_by_code(code=code, year=year, level=level)
            except ApplicationError as exc:
                unit = exc.message
            if isinstance(unit, AdminUnit) and self.user is not None:
                try:
                    ensure_can(self.user, Action.ACTIVITY_EDIT, unit)
                except ApplicationError as exc:
                    unit = exc.message
            self.units[key] = unit
        return self.units[key]

    def unit(self, rec: Record, year: int | None, *, default: AdminUnit | None = None) -> Any:
        text = rec.cells.get("unit_code", "")
        if text == "" and default is not None:
            return default
        code = self.cell(rec, "unit_code", lambda t: parse_code(t, "mã đơn vị"))
        if code is None or year is None:
            return None
        level = AdminUnit.Level.DISTRICT if len(text) >= 3 else AdminUnit.Level.PROVINCE
        found = self._lookup(level, code, year)
        if isinstance(found, str):
            self.errors.add(rec.where, rec.label("unit_code"), found)
            return None
        if found.level not in ACTIVITY_LEVELS:
            self.errors.add(rec.where, rec.label("unit_code"), f"{found} không phải tỉnh, huyện")
            return None
        return found

    def communes(self, rec: Record, year: int | None, unit: AdminUnit | None) -> Any:
        text = rec.cells.get("communes", "")
        out: list[AdminUnit] = []
        ok = True
        for part in text.split():
            try:
                code = parse_code(part.strip(",;"), "mã xã")
            except CellError as exc:
                self.errors.add(rec.where, rec.label("communes"), str(exc))
                ok = False
                continue
            if year is None:
                continue
            found = self._lookup(AdminUnit.Level.COMMUNE, code, year)
            if isinstance(found, str):
                self.errors.add(rec.where, rec.label("communes"), found)
                ok = False
            elif unit is not None and not found.path.startswith(unit.path):
                self.errors.add(
                    rec.where,
                    rec.label("communes"),
                    f"xã mã {part} ({found.name}) không thuộc {unit}",
                )
                ok = False
            elif found in out:
                self.errors.add(rec.where, rec.label("communes"), f"xã mã {part} ghi hai lần")
                ok = False
            else:
                out.append(found)
        return tuple(out) if ok else None

    def text(self, rec: Record, name: str, limit: int, *, required: bool = True) -> Any:
        value = self.cell(rec, name, str, required=required)
        if value is not None and len(value) > limit:
            self.errors.add(rec.where, rec.label(name), f"dài quá {limit} ký tự")
            return None
        return value

    # --- one row of each kind -----------------------------------------------------------

    def course(self, rec: Record) -> CourseRow | None:
        year = self.cell(rec, "year", parse_year)
        unit = self.unit(rec, year)
        kind = self.cell(rec, "kind", COURSE_KINDS)
        classes = self.cell(rec, "classes", _count, required=False)
        participants = self.cell(rec, "participants", _count)
        if None in (year, unit, kind, participants) or (
            rec.cells.get("classes", "") and classes is None
        ):
            return None
        return CourseRow(year, unit, kind, classes, participants)

    def event(self, rec: Record) -> EventRow | None:
        date = self.cell(rec, "date", _date)
        unit = self.unit(rec, date.year if date else None)
        kind = self.cell(rec, "kind", EVENT_KINDS)
        description = self.text(rec, "description", 500)
        if None in (date, unit, kind, description):
            return None
        return EventRow(unit, date, kind, description)

    def chain(self, rec: Record) -> ChainRow | None:
        year = self.cell(rec, "year", parse_year)
        unit = self.unit(rec, year)
        code = self.text(rec, "plan_code", 40)
        level = rec.cells.get("level", "")
        if level not in ("", "huyen"):
            self.errors.add(
                rec.where,
                rec.label("level"),
                f"cấp không rõ “{level}” (để trống: kế hoạch của đơn vị; huyen: số kế hoạch do "
                "các huyện phê duyệt)",
            )
            return None
        product = self.text(rec, "product", 200, required=level != "huyen")
        communes = self.communes(rec, year, unit)
        plan = self.text(rec, "plan", 500, required=False) or ""
        plans = self.cell(rec, "plans", _count, required=False)
        if plans == 0:
            self.errors.add(rec.where, rec.label("plans"), "số kế hoạch phải từ 1 trở lên")
            return None
        if level == "huyen" and unit is not None and unit.level != AdminUnit.Level.PROVINCE:
            self.errors.add(rec.where, rec.label("level"), "chỉ tỉnh ghi số kế hoạch của các huyện")
            return None
        if (
            None in (year, unit, code, communes)
            or (product is None and level != "huyen")
            or (rec.cells.get("plans", "") and plans is None)
        ):
            return None
        return ChainRow(
            year, unit, code, product or "", communes, plan, plans or 1, level == "huyen"
        )

    def directive(self, rec: Record) -> DirectiveRow | None:
        number = self.text(rec, "number", 80)
        date = self.cell(rec, "date", _date)
        issuer = self.text(rec, "issuer", 200)
        kind = self.cell(rec, "kind", DIRECTIVE_KINDS)
        subject = self.cell(rec, "subject", str)
        default = None
        if self.user is not None and not rec.cells.get("unit_code", ""):
            try:
                default = user_unit(self.user)
            except ApplicationError:
                default = None
            if default is not None and default.level not in ACTIVITY_LEVELS:
                default = None
        if default is None and not rec.cells.get("unit_code", ""):
            self.errors.add(
                rec.where,
                rec.label("unit_code"),
                "cần mã cấp ban hành (cột unit_code: tỉnh 2 chữ số, huyện 3 chữ số)",
            )
            return None
        unit = self.unit(rec, date.year if date else None, default=default)
        if None in (number, date, issuer, kind, subject, unit):
            return None
        return DirectiveRow(unit, number, date, issuer, kind, " ".join(subject.split()))


def _key(row: ActivityRow) -> tuple[Any, ...]:
    if isinstance(row, CourseRow):
        return (row.year, row.unit.pk, row.kind)
    if isinstance(row, EventRow):
        return (row.unit.pk, row.date, row.kind, row.description)
    if isinstance(row, ChainRow):
        return (row.unit.pk, row.plan_code)
    return (row.unit.pk, row.number, row.date)


def activities_check(records: list[Record], *, errors: ErrorList, user: Any) -> ActivitiesChecked:
    """Check the activity rows of an import; problems go to ``errors`` (FILE:ROW:COLUMN)."""
    checked = ActivitiesChecked()
    checker = _Checker(errors, user)
    parse = {
        COURSES: checker.course,
        EVENTS: checker.event,
        VALUE_CHAINS: checker.chain,
        DIRECTIVES: checker.directive,
    }
    first: dict[tuple[Any, ...], tuple[ActivityRow, Where]] = {}
    for rec in records:
        kind = rec.kind
        checked.read[kind] = checked.read.get(kind, 0) + 1
        row = parse[kind](rec)
        if row is None:
            continue
        key = (kind, *_key(row))
        seen = first.get(key)
        if seen is None:
            first[key] = (row, rec.where)
            checked.rows.setdefault(kind, []).append(row)
            checked.wheres.setdefault(kind, []).append(rec.where)
        elif seen[0] != row:
            errors.add(rec.where, None, f"dòng trùng khoá với {seen[1]} nhưng nội dung khác")
        else:
            checked.repeated[kind] = checked.repeated.get(kind, 0) + 1
    return checked


def _label(row: ActivityRow) -> tuple[int, str]:
    if isinstance(row, CourseRow):
        return row.year, row.kind
    if isinstance(row, EventRow):
        return row.date.year, f"{row.date:%d/%m/%Y} {row.kind}"
    if isinstance(row, ChainRow):
        return row.year, row.plan_code
    return row.date.year, row.number


def activities_write(
    checked: ActivitiesChecked, *, user: Any, reason: str
) -> tuple[dict[str, KindSummary], list[Change]]:
    """Write the checked rows (inside the import's transaction); summaries and changes."""
    actor = user if getattr(user, "is_authenticated", False) else None
    summaries: dict[str, KindSummary] = {}
    changes: list[Change] = []
    for kind in ACTIVITY_KINDS:
        if kind not in checked.read:
            continue
        rows = checked.rows.get(kind, [])
        counts = activities_import(rows=rows, user=actor, reason=reason)
        for index, before, after in counts.changes:
            row, where = rows[index], checked.wheres[kind][index]
            year, key = _label(row)
            changes.append(
                Change(kind, where, row.unit.code, row.unit.name, year, key, before, after)
            )
        summaries[kind] = KindSummary(
            kind,
            rows=checked.read[kind],
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged + checked.repeated.get(kind, 0),
        )
    return summaries, changes
