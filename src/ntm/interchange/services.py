"""Importing and exporting interchange files (docs/formats.md).

An import is all or nothing: every file of one call is read and checked, every
problem is collected (file, row, column, why), and only when there is none is
anything written, in one transaction. Indicator values and declared statuses
are the *inputs* of an assessment; after writing them the importer calls the
engine (``assessments_evaluate``) once so that every status is derived again.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from ntm.accounts.services import Action, ensure_can
from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.assessments.services.evaluation import VALUE_FIELDS
from ntm.core.audit import change_entry, changes_write, snapshot
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.criteria.models import Criterion, Indicator
from ntm.evaluation.engine import parse_indicator_value
from ntm.evaluation.numbers import round_half_away
from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import (
    KIND_LABELS,
    KINDS,
    STATUSES,
    STATUSES_FORMAT,
    TARGETS,
    TARGETS_FORMAT,
    VALUES,
    VALUES_FORMAT,
    CellError,
    FileFormat,
    ambiguous_number,
    decimal_text,
    parse_code,
    parse_decimal,
    parse_int,
    parse_met,
    parse_verdict,
    parse_year,
    verdict_text,
)
from ntm.interchange.lookups import Lookups, SetInfo, chunks
from ntm.interchange.readers import Record, Source, source_read
from ntm.interchange.writers import Row, table_csv, table_xlsx
from ntm.plans.models import Target
from ntm.plans.rows import RECOGNISED_ROW, TOTAL_ROW, target_problem
from ntm.units.models import AdminUnit

VALUE_PLACES = 4  # IndicatorValue.value_number has 4 decimal places


# --- summary -----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One input that the import creates or changes (shown to the user before confirming)."""

    kind: str
    where: Where
    unit_code: str
    unit_name: str
    year: int
    key: str
    before: str | None
    after: str

    @property
    def created(self) -> bool:
        return self.before is None


@dataclass
class KindSummary:
    """Counts for one kind of file: rows read, inputs created, updated, unchanged, skipped."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class FileSummary:
    name: str
    description: str
    rows: int


@dataclass
class ImportSummary:
    """What an import read and what it changed (or, with ``dry_run``, would change)."""

    dry_run: bool
    files: list[FileSummary] = field(default_factory=list)
    kinds: dict[str, KindSummary] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    assessments_created: int = 0
    assessments_evaluated: int = 0

    @property
    def changed(self) -> int:
        return len(self.changes)

    @property
    def kind_counts(self) -> list[KindSummary]:
        """The counts of each kind read, in the order of ``KINDS`` (for pages and lines).

        A list, not the ``kinds`` dict: a template reading ``kinds.values`` gets the
        counts of the "values" kind, not the dict's values.
        """
        return [self.kinds[k] for k in KINDS if k in self.kinds]

    def lines(self) -> list[str]:
        """The summary as lines of text (for the command line)."""
        out = [f"{f.name}: {f.description}, {f.rows} dòng số liệu" for f in self.files]
        for k in self.kind_counts:
            line = (
                f"{k.label.capitalize()}: {k.rows} dòng; mới {k.created}, sửa {k.updated}, "
                f"giữ nguyên {k.unchanged}"
            )
            if k.skipped:
                line += f", bỏ qua {k.skipped} dòng trống"
            out.append(line)
        if self.assessments_created:
            out.append(f"Đánh giá xã tạo mới: {self.assessments_created}")
        if self.assessments_evaluated:
            out.append(f"Đánh giá xã đã tính lại: {self.assessments_evaluated}")
        verb = "sẽ thay đổi (chạy thử, chưa ghi gì)" if self.dry_run else "thay đổi"
        out.append(f"Tổng cộng: {self.changed} {verb}.")
        return out


# --- checked rows ----------------------------------------------------------------


@dataclass
class _Status:
    where: Where
    column: str
    commune: AdminUnit
    year: int
    set_info: SetInfo
    criterion: Criterion
    met: bool

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.commune.pk, self.year, self.criterion.number)

    def shown(self) -> str:
        return "1" if self.met else "0"

    def label(self) -> str:
        return f"{self.commune.name} – {self.year} TC{self.criterion.number}"


@dataclass
class _Value:
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
    def key(self) -> tuple[int, int, str]:
        return (self.commune.pk, self.year, self.indicator.code)

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


@dataclass
class _Target:
    where: Where
    column: str
    unit: AdminUnit
    year: int
    row_id: str
    value: Decimal

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.unit.pk, self.year, self.row_id)

    def shown(self) -> str:
        return decimal_text(self.value)

    def label(self) -> str:
        return f"{self.unit.name} {self.year} [{self.row_id}]"


Item = _Status | _Value | _Target


def _parse_number(text: str, kind: str, typed: bool) -> Decimal:
    """A number for an indicator of ``kind``, by the engine's rule (``parse_indicator_value``).

    Cells typed in the people's workbook are read the Vietnamese way (a
    decimal comma) and may carry a spreadsheet's binary fractions
    (85.33333333333333): they are rounded to the 4 decimals that are stored.
    """
    if typed:
        text = decimal_text(round_half_away(parse_decimal(text, comma=True), VALUE_PLACES))
    try:
        value = parse_indicator_value(text, kind)
    except ValueError as exc:
        raise CellError(str(exc)) from exc
    assert isinstance(value, Decimal)
    return value


class _Checker:
    """Turns records into checked rows, adding an error for every bad cell."""

    def __init__(self, lookups: Lookups, errors: ErrorList) -> None:
        self.lookups = lookups
        self.errors = errors
        self.commune_counts: dict[tuple[int, int], int] = {}

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
        code = self._cell(rec, "commune_code", parse_code)
        if code is None or year is None:
            return None
        found = self.lookups.commune(code, year)
        if isinstance(found, str):
            self.errors.add(rec.where, rec.label("commune_code"), found)
            return None
        return found

    def _set(self, rec: Record, year: int, unit: AdminUnit) -> SetInfo | None:
        found = self.lookups.set_for(year, unit)
        if isinstance(found, str):
            self.errors.add(rec.where, rec.label("year"), found)
            return None
        return found

    def status(self, rec: Record) -> _Status | None:
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
        return _Status(rec.where, rec.label("met"), commune, year, set_info, criterion, met)

    def value(self, rec: Record) -> _Value | None:
        year = self._cell(rec, "year", parse_year)
        commune = self._commune(rec, year)
        code = self._cell(rec, "indicator", str)
        if year is None or commune is None or code is None:
            return None
        set_info = self._set(rec, year, commune)
        if set_info is None:
            return None
        if "indicator" in rec.numeric and (
            other := ambiguous_number(code, frozenset(set_info.indicators))
        ):
            self.errors.add(
                rec.where,
                rec.label("indicator"),
                f"mã chỉ tiêu {code} được lưu dạng số nên không phân biệt được với {other}; "
                "hãy định dạng cột này là văn bản (Text)",
            )
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
            number = self._cell(rec, "value", _parse_number, indicator.kind, rec.typed("value"))
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
            try:
                secondary = _parse_number(
                    rec.cells["secondary_value"], "ratio", rec.typed("secondary_value")
                )
            except CellError as exc:
                self.errors.add(rec.where, rec.label("secondary_value"), str(exc))
                return None
        return _Value(
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

    def _communes(self, unit: AdminUnit, year: int) -> int:
        key = (unit.pk, year)
        if key not in self.commune_counts:
            self.commune_counts[key] = (
                AdminUnit.objects.within(unit).communes().valid_in_year(year).count()
            )
        return self.commune_counts[key]

    def target(self, rec: Record) -> _Target | None:
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
                value = parse_decimal(value_text, comma=rec.typed("value"))
            except CellError as exc:
                self.errors.add(rec.where, rec.label("value"), str(exc))
        if unit is None or year is None or row_id is None:
            return None
        set_info = self._set(rec, year, unit)
        if set_info is None:
            return None
        valid = set_info.row_ids
        if "row_id" in rec.numeric and (other := ambiguous_number(row_id, valid)):
            self.errors.add(
                rec.where,
                rec.label("row_id"),
                f"mã dòng {row_id} được lưu dạng số nên không phân biệt được với {other}; "
                "hãy định dạng cột này là văn bản (Text)",
            )
            return None
        n = len(set_info.criteria)
        if row_id not in valid:
            self.errors.add(
                rec.where,
                rec.label("row_id"),
                f"mã dòng “{row_id}” không có trong biểu chi tiết (dùng {TOTAL_ROW}, 1, 2.1, "
                f"{RECOGNISED_ROW}, 2.2 … 2.{n}, 3, 3.1 … 3.{n})",
            )
            return None
        if value is not None:
            row = set_info.rows[row_id]
            problem = target_problem(
                row=row,
                value=value,
                criteria_count=n,
                communes=self._communes(unit, year) if row.kind == "count" else None,
                unit_name=str(unit),
                year=year,
            )
            if problem:
                self.errors.add(rec.where, rec.label("value"), problem.text)
                return None
        if not value_text or value is None:
            return None
        return _Target(rec.where, rec.label("value"), unit, year, row_id, value)


# --- import ----------------------------------------------------------------------


def files_import(
    *, paths: list[Path], user: Any = None, dry_run: bool = False, reason: str = ""
) -> ImportSummary:
    """Import interchange files (CSV, .xlsx, the people's workbook) all or nothing.

    Raises ``ImportRefused`` listing every problem (file, row, column, why);
    the database is then left exactly as it was.
    """
    sources = []
    errors = ErrorList()
    for path in paths:
        try:
            sources.append(Source.from_path(Path(path)))
        except OSError as exc:
            errors.add(Where(str(path)), None, f"không mở được tệp ({exc.strerror})")
    errors.raise_if_any()
    return sources_import(sources=sources, user=user, dry_run=dry_run, reason=reason)


@transaction.atomic
def sources_import(
    *, sources: list[Source], user: Any = None, dry_run: bool = False, reason: str = ""
) -> ImportSummary:
    """Import files given as (name, bytes), e.g. uploaded in the web app; see ``files_import``."""
    if not sources:
        raise ApplicationError("Không có tệp nào để nhập.")
    errors = ErrorList()
    summary = ImportSummary(dry_run=dry_run)
    records: list[Record] = []
    for source in sources:
        read = source_read(source, errors)
        summary.files.append(FileSummary(read.name, read.description, len(read.records)))
        records.extend(read.records)
    if not records:
        errors.raise_if_any()  # every file was refused as a whole: nothing to look up

    lookups = Lookups(records, user=user)
    checker = _Checker(lookups, errors)
    checked: dict[str, dict[tuple[Any, ...], Item]] = {kind: {} for kind in KINDS}
    for rec in records:
        kind_summary = summary.kinds.setdefault(rec.kind, KindSummary(rec.kind))
        kind_summary.rows += 1
        item: Item | None
        if rec.kind == STATUSES:
            item = checker.status(rec)
        elif rec.kind == VALUES:
            item = checker.value(rec)
        else:
            before = len(errors)
            item = checker.target(rec)
            if item is None and rec.cells.get("value", "") == "" and len(errors) == before:
                kind_summary.skipped += 1  # a row without a value states no target
        if item is None:
            continue
        bucket = checked[rec.kind]
        first = bucket.get(item.key)
        if first is None:
            bucket[item.key] = item
        elif first.shown() != item.shown():
            errors.add(
                item.where,
                item.column,
                f"trùng khoá với {first.where} nhưng khác giá trị ({first.shown()} ≠ {item.shown()})",
            )
        else:
            kind_summary.unchanged += 1  # the same row twice: counted once

    # Planning also finds refusals (a locked assessment, a user's rights): run it on
    # the rows that passed so that one call reports every problem.
    plan = _Plan(lookups, summary, errors, user)
    plan.statuses([i for i in checked[STATUSES].values() if isinstance(i, _Status)])
    plan.values([i for i in checked[VALUES].values() if isinstance(i, _Value)])
    plan.targets([i for i in checked[TARGETS].values() if isinstance(i, _Target)])
    errors.raise_if_any()
    if not dry_run:
        names = ", ".join(s.name for s in sources)
        plan.write(user=user, reason=reason or f"Nhập từ tệp {names}")
    return summary


class _Plan:
    """The differences between the checked rows and the database, and how to write them."""

    def __init__(
        self, lookups: Lookups, summary: ImportSummary, errors: ErrorList, user: Any = None
    ) -> None:
        self.lookups = lookups
        self.summary = summary
        self.errors = errors
        self.status_creates: list[_Status] = []
        self.status_updates: list[tuple[_Status, CriterionStatus]] = []
        self.value_creates: list[_Value] = []
        self.value_updates: list[tuple[_Value, IndicatorValue]] = []
        self.target_creates: list[_Target] = []
        self.target_updates: list[tuple[_Target, Target]] = []
        self.user = user
        self.status_items: list[_Status] = []
        self.status_outcome: dict[int, Change | None] = {}
        self.allowed: set[tuple[str, int]] = set()
        self.refused: set[tuple[str, int]] = set()

    def _change(
        self, kind: str, item: Item, unit: AdminUnit, key: str, before: str | None
    ) -> Change:
        change = Change(
            kind, item.where, unit.code, unit.name, item.year, key, before, item.shown()
        )
        self.summary.changes.append(change)
        counts = self.summary.kinds[kind]
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
        return change

    def _refuse_once(self, key: tuple[str, int], item: Item, message: str) -> None:
        if key not in self.refused:
            self.refused.add(key)
            self.errors.add(item.where, item.column, message)

    def _check_editable(self, item: _Status | _Value) -> None:
        """Changed inputs must be editable: never when locked; with a user, by role, scope and state."""
        assessment = self.lookups.assessments.get((item.commune.pk, item.year))
        if self.user is None:
            if assessment is not None and assessment.locked:
                self._refuse_once(
                    ("a", assessment.pk),
                    item,
                    f"đánh giá của xã {item.commune.name} năm {item.year} đã khoá sau thẩm định; "
                    "không thể thay đổi bằng tệp nhập",
                )
            return
        obj: Any = assessment if assessment is not None else item.commune
        key = ("a", obj.pk) if assessment is not None else ("u", obj.pk)
        if key in self.allowed or key in self.refused:
            return
        try:
            ensure_can(self.user, Action.IMPORT, obj)
        except ApplicationError as exc:
            self._refuse_once(key, item, exc.message)
        else:
            self.allowed.add(key)

    def _check_plan_editable(self, item: _Target) -> None:
        key = ("t", item.unit.pk)
        if self.user is None or key in self.allowed or key in self.refused:
            return
        try:
            ensure_can(self.user, Action.PLAN_EDIT, item.unit)
        except ApplicationError as exc:
            self._refuse_once(key, item, exc.message)
        else:
            self.allowed.add(key)

    def _assessment_ids(self, items: Iterable[_Status | _Value]) -> list[int]:
        ids = []
        for item in items:
            a = self.lookups.assessments.get((item.commune.pk, item.year))
            if a is not None:
                ids.append(a.pk)
        return ids

    def statuses(self, items: list[_Status]) -> None:
        self.status_items = items
        self._statuses_plan(items, self._statuses_existing(self._assessment_ids(items)))

    @staticmethod
    def _statuses_existing(ids: Iterable[int]) -> dict[tuple[int, int], CriterionStatus]:
        existing: dict[tuple[int, int], CriterionStatus] = {}
        for batch in chunks(ids):
            for st in CriterionStatus.objects.filter(assessment_id__in=batch):
                existing[(st.assessment_id, st.criterion_id)] = st
        return existing

    def _statuses_plan(
        self, items: list[_Status], existing: dict[tuple[int, int], CriterionStatus]
    ) -> None:
        """A status stated in a file is written as a declaration unless the status already says so.

        "Already says so": the officer declared the same, or nothing was
        declared and the indicator values give the same result. So a file
        exported from NTM and imported back changes nothing.
        """
        counts = self.summary.kinds.get(STATUSES)
        for item in items:
            assessment = self.lookups.assessments.get((item.commune.pk, item.year))
            current = existing.get((assessment.pk, item.criterion.pk)) if assessment else None
            if current is not None and (
                current.declared_met == item.met
                or (current.declared_met is None and current.computed_met == item.met)
            ):
                if counts is not None:
                    counts.unchanged += 1
                self.status_outcome[id(item)] = None
                continue
            self._check_editable(item)
            before = None
            if current is not None and current.met is not None:
                before = "1" if current.met else "0"
            change = self._change(
                STATUSES, item, item.commune, f"TC{item.criterion.number}", before
            )
            self.status_outcome[id(item)] = change
            if current is None:
                self.status_creates.append(item)
            else:
                self.status_updates.append((item, current))

    def _statuses_replan(self, assessment_ids: set[int]) -> None:
        """Plan again the statuses of assessments whose indicator values this import changed.

        Their computed results are now those of the new values, so a status the
        file states is compared with them (after ``assessments_evaluate``).
        """
        redo = [
            i
            for i in self.status_items
            if (a := self.lookups.assessments.get((i.commune.pk, i.year))) is not None
            and a.pk in assessment_ids
        ]
        if not redo:
            return
        counts = self.summary.kinds[STATUSES]
        gone: set[int] = set()
        for item in redo:
            change = self.status_outcome.pop(id(item), None)
            if change is None:
                counts.unchanged -= 1
            else:
                gone.add(id(change))
                if change.created:
                    counts.created -= 1
                else:
                    counts.updated -= 1
        redo_ids = {id(i) for i in redo}
        self.summary.changes = [c for c in self.summary.changes if id(c) not in gone]
        self.status_creates = [i for i in self.status_creates if id(i) not in redo_ids]
        self.status_updates = [(i, s) for i, s in self.status_updates if id(i) not in redo_ids]
        self._statuses_plan(redo, self._statuses_existing(assessment_ids))

    def values(self, items: list[_Value]) -> None:
        existing: dict[tuple[int, int], IndicatorValue] = {}
        for batch in chunks(self._assessment_ids(items)):
            for v in IndicatorValue.objects.filter(assessment_id__in=batch):
                existing[(v.assessment_id, v.indicator_id)] = v
        for item in items:
            assessment = self.lookups.assessments.get((item.commune.pk, item.year))
            current = existing.get((assessment.pk, item.indicator.pk)) if assessment else None
            if current is not None and _value_same(current, item):
                self.summary.kinds[VALUES].unchanged += 1
                continue
            self._check_editable(item)
            before = _value_shown(current) if current is not None else None
            self._change(VALUES, item, item.commune, item.indicator.code, before)
            if current is None:
                self.value_creates.append(item)
            else:
                self.value_updates.append((item, current))

    def targets(self, items: list[_Target]) -> None:
        existing: dict[tuple[int, int, str], Target] = {}
        unit_ids = {i.unit.pk for i in items}
        years = {i.year for i in items}
        for t in Target.objects.filter(unit_id__in=unit_ids, year__in=years):
            existing[(t.unit_id, t.year, t.row_id)] = t
        for item in items:
            current = existing.get(item.key)
            if current is not None and current.value == item.value:
                self.summary.kinds[TARGETS].unchanged += 1
                continue
            self._check_plan_editable(item)
            before = decimal_text(current.value) if current is not None else None
            self._change(TARGETS, item, item.unit, item.row_id, before)
            if current is None:
                self.target_creates.append(item)
            else:
                self.target_updates.append((item, current))

    # --- writing -----------------------------------------------------------------

    def write(self, *, user: Any, reason: str) -> None:
        """Write the planned inputs, then have the engine derive the statuses once.

        Values are written first: a status stated in the same call is then
        compared with the results of the new values (``_statuses_replan``).
        """
        from ntm.assessments.services.evaluation import assessments_evaluate

        actor = user if getattr(user, "is_authenticated", False) else None
        value_items = [*self.value_creates, *(i for i, _ in self.value_updates)]
        assessments = self._assessments_ensure(
            [*value_items, *self.status_creates, *(i for i, _ in self.status_updates)]
        )
        log: list[ChangeRecord] = []
        log += self._values_write(assessments, actor, reason)
        valued = {assessments[(i.commune.pk, i.year)].pk for i in value_items}
        if valued and self.status_items:
            assessments_evaluate(assessment_ids=valued)
            self._statuses_replan(valued)
            self.errors.raise_if_any()
        log += self._statuses_write(assessments, actor, reason)
        log += self._targets_write(actor, reason)
        changes_write(log)
        touched = valued | {
            assessments[(i.commune.pk, i.year)].pk
            for i in [*self.status_creates, *(i for i, _ in self.status_updates)]
        }
        if touched:
            self.summary.assessments_evaluated = assessments_evaluate(assessment_ids=touched)

    def _statuses_write(
        self, assessments: dict[tuple[int, int], Assessment], actor: Any, reason: str
    ) -> list[ChangeRecord]:
        log: list[ChangeRecord] = []
        new_statuses = [
            CriterionStatus(
                assessment=assessments[(i.commune.pk, i.year)],
                criterion=i.criterion,
                declared_met=i.met,
                met=i.met,
                source=CriterionStatus.Source.DECLARED,
            )
            for i in self.status_creates
        ]
        CriterionStatus.objects.bulk_create(new_statuses, batch_size=2000)
        log += [
            _entry(st, i.label(), "create", None, {"declared_met": i.met}, actor, reason)
            for st, i in zip(new_statuses, self.status_creates, strict=True)
        ]
        changed = []
        for item, st in self.status_updates:
            before = {"declared_met": st.declared_met, "met": st.met}
            st.declared_met = item.met
            changed.append(st)
            after = {"declared_met": item.met}
            log.append(_entry(st, item.label(), "update", before, after, actor, reason))
        CriterionStatus.objects.bulk_update(changed, ["declared_met"], batch_size=2000)
        return log

    def _values_write(
        self, assessments: dict[tuple[int, int], Assessment], actor: Any, reason: str
    ) -> list[ChangeRecord]:
        log: list[ChangeRecord] = []
        new_values = [
            IndicatorValue(
                assessment=assessments[(i.commune.pk, i.year)],
                indicator=i.indicator,
                value_number=i.number,
                value_bool=i.verdict,
                secondary_number=i.secondary if i.has_secondary else None,
                updated_by=actor,
            )
            for i in self.value_creates
        ]
        IndicatorValue.objects.bulk_create(new_values, batch_size=2000)
        log += [
            _entry(v, i.label(), "create", None, snapshot(v, VALUE_FIELDS), actor, reason)
            for v, i in zip(new_values, self.value_creates, strict=True)
        ]
        changed = []
        for item, v in self.value_updates:
            before = snapshot(v, VALUE_FIELDS)
            v.value_number, v.value_bool = item.number, item.verdict
            if item.has_secondary:
                v.secondary_number = item.secondary
            v.updated_by = actor
            changed.append(v)
            log.append(
                _entry(v, item.label(), "update", before, snapshot(v, VALUE_FIELDS), actor, reason)
            )
        IndicatorValue.objects.bulk_update(
            changed,
            ["value_number", "value_bool", "secondary_number", "updated_by", "updated_at"],
            batch_size=2000,
        )
        return log

    def _targets_write(self, actor: Any, reason: str) -> list[ChangeRecord]:
        log: list[ChangeRecord] = []
        new_targets = [
            Target(unit=i.unit, year=i.year, row_id=i.row_id, value=i.value, updated_by=actor)
            for i in self.target_creates
        ]
        Target.objects.bulk_create(new_targets, batch_size=2000)
        log += [
            _entry(t, i.label(), "create", None, snapshot(t, ["value"]), actor, reason)
            for t, i in zip(new_targets, self.target_creates, strict=True)
        ]
        changed = []
        for item, t in self.target_updates:
            before = snapshot(t, ["value"])
            t.value, t.updated_by = item.value, actor
            changed.append(t)
            after = snapshot(t, ["value"])
            log.append(_entry(t, item.label(), "update", before, after, actor, reason))
        Target.objects.bulk_update(changed, ["value", "updated_by", "updated_at"], batch_size=2000)
        return log

    def _assessments_ensure(
        self, items: list[_Status | _Value]
    ) -> dict[tuple[int, int], Assessment]:
        """The assessments the changed rows belong to, creating the missing ones in bulk."""
        wanted: dict[tuple[int, int], _Status | _Value] = {}
        for item in items:
            wanted.setdefault((item.commune.pk, item.year), item)
        found = {k: self.lookups.assessments[k] for k in wanted if k in self.lookups.assessments}
        missing = [
            Assessment(commune=i.commune, year=i.year, criteria_set=i.set_info.criteria_set)
            for k, i in wanted.items()
            if k not in found
        ]
        if missing:
            for a in Assessment.objects.bulk_create(missing, batch_size=2000):
                found[(a.commune_id, a.year)] = a
                self.lookups.assessments[(a.commune_id, a.year)] = a
            self.summary.assessments_created = len(missing)
        return found


def _value_same(current: IndicatorValue, item: _Value) -> bool:
    if item.verdict is not None:
        same = current.value_bool == item.verdict and current.value_number is None
    else:
        same = (
            current.value_number is not None
            and current.value_number == item.number
            and current.value_bool is None
        )
    if item.has_secondary:
        same = same and current.secondary_number == item.secondary
    return same


def _value_shown(v: IndicatorValue) -> str:
    if v.value_bool is not None:
        text = verdict_text(v.value_bool)
    elif v.value_number is not None:
        text = decimal_text(v.value_number)
    else:
        text = ""
    if v.secondary_number is not None:
        text += f" (phụ {decimal_text(v.secondary_number)})"
    return text


# --- export ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    """One exported table: its kind, a file name, how many rows, and the bytes."""

    kind: str
    filename: str
    rows: int
    data: bytes


def _export_rows(kind: str, province_code: str, years: list[int]) -> tuple[FileFormat, list[Row]]:
    from ntm.interchange import selectors

    if kind == STATUSES:
        return STATUSES_FORMAT, selectors.statuses_rows(province_code=province_code, years=years)
    if kind == VALUES:
        return VALUES_FORMAT, selectors.values_rows(province_code=province_code, years=years)
    if kind == TARGETS:
        return TARGETS_FORMAT, selectors.targets_rows(province_code=province_code, years=years)
    raise ApplicationError(f"Loại tệp không rõ: {kind} (có: {', '.join(KINDS)}).")


def province_export(
    *,
    province_code: str,
    years: list[int],
    kinds: Iterable[str] = KINDS,
    file_format: str = "csv",
    bom: bool = False,
) -> list[ExportFile]:
    """A province's statuses, values and targets for ``years`` in the interchange formats.

    Importing the result into an empty database (with the same units and
    criteria) gives the same figures; importing it back changes nothing.
    """
    if file_format not in ("csv", "xlsx"):
        raise ApplicationError("Định dạng xuất phải là csv hoặc xlsx.")
    years = sorted(set(years))
    if not years:
        raise ApplicationError("Cần ít nhất một năm.")
    code = str(int(province_code)) if province_code.strip().isdigit() else province_code.strip()
    suffix = "-".join(str(y) for y in years)
    files = []
    for kind in kinds:
        fmt, rows = _export_rows(kind, code, years)
        data = table_csv(fmt, rows, bom=bom) if file_format == "csv" else table_xlsx(fmt, rows)
        files.append(ExportFile(kind, f"ntm-{kind}-{code}-{suffix}.{file_format}", len(rows), data))
    return files


def workbook_build(*, province: AdminUnit, year: int) -> bytes:
    """The people's workbook for a province and year (.xlsx bytes), pre-filled with what is known."""
    from ntm.interchange.selectors import workbook_data
    from ntm.interchange.workbook import workbook_render

    return workbook_render(workbook_data(province=province, year=year))


def _entry(
    obj: Any,
    label: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    user: Any,
    reason: str,
) -> ChangeRecord:
    return change_entry(
        obj=obj, action=action, user=user, before=before, after=after, reason=reason, label=label
    )
