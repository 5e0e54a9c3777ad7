"""Importing and exporting interchange files (docs/formats.md): the entry points.

An import goes through four stages, each a module of its own:

1. read (``readers``): files → records;
2. check (``checker``): records → checked rows, every problem named by file,
   row and column;
3. plan (``planner``): the differences with the database, and the refusals
   that depend on the stored rows (lock, role, scope, workflow state);
4. write (``writer``): the plan written once, then ``assessments_evaluate``
   once for the assessments it touched.

It is all or nothing: when any stage finds a problem, nothing is written. A dry
run is the same four stages, the write included, in a transaction that is
rolled back: the summary the officer confirms is the summary of that write.

Before any file is read, the user's right to import at all is checked (role,
unit) and each file's size (``limits``); the stored rows the import writes are
locked, inside the transaction and before checking and planning, by
``lookups.Lookups`` (docs/formats.md, "Concurrent changes").
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ntm.accounts.scope import user_unit
from ntm.accounts.services import Action, ensure_can
from ntm.activities.selectors import (
    courses_export_rows,
    directives_export_rows,
    events_export_rows,
    value_chains_export_rows,
)
from ntm.core.errors import ApplicationError
from ntm.interchange import dhis2, selectors
from ntm.interchange.activities import activities_check, activities_write
from ntm.interchange.checker import records_check
from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import (
    ACTIVITY_KINDS,
    ALL_KINDS,
    COURSES,
    COURSES_FORMAT,
    DIRECTIVES,
    DIRECTIVES_FORMAT,
    DISTRICT_TARGETS_FORMAT,
    EVENTS,
    EVENTS_FORMAT,
    FUNDS,
    FUNDS_FORMAT,
    KINDS,
    OCOP,
    OCOP_FORMAT,
    STATUSES,
    STATUSES_FORMAT,
    SUPPORT,
    SUPPORT_FORMAT,
    TARGETS,
    TARGETS_FORMAT,
    VALUE_CHAINS,
    VALUE_CHAINS_FORMAT,
    VALUES,
    VALUES_FORMAT,
    VILLAGE_STATUSES_FORMAT,
    CellError,
    FileFormat,
    parse_code,
)
from ntm.interchange.limits import Limits, TooLarge, size_check
from ntm.interchange.lookups import Lookups
from ntm.interchange.ocop import ocop_check, ocop_write
from ntm.interchange.planner import plan_make
from ntm.interchange.readers import source_read
from ntm.interchange.records import FileRead, Record, Source
from ntm.interchange.resources import resources_check, resources_write
from ntm.interchange.summary import Change, FileSummary, ImportSummary, KindSummary
from ntm.interchange.tables import Row, table_csv, table_xlsx
from ntm.interchange.workbook import workbook_render
from ntm.interchange.writer import plan_write
from ntm.ocop.selectors import ocop_export_rows
from ntm.resources.selectors import funds_export_rows, support_export_rows
from ntm.units.models import AdminUnit
from ntm.units.selectors import all_versions, code_normal

__all__ = [
    "Change",
    "ExportFile",
    "dhis2_export",
    "dhis2_import",
    "dhis2_mapping",
    "FileSummary",
    "ImportSummary",
    "KindSummary",
    "files_import",
    "import_allowed",
    "province_export",
    "sources_import",
    "workbook_build",
]


# --- import ----------------------------------------------------------------------


def files_import(
    *, paths: list[Path], user: Any = None, dry_run: bool = False, reason: str = ""
) -> ImportSummary:
    """Import interchange files (CSV, .xlsx, the people's workbook) all or nothing.

    Raises ``ImportRefused`` listing every problem (file, row, column, why);
    the database is then left exactly as it was.
    """
    import_allowed(user=user)
    limits = Limits.from_settings()
    sources = []
    errors = ErrorList()
    for path in paths:
        try:
            size_check(Path(path).stat().st_size, limits)  # before a byte is read
            sources.append(Source.from_path(Path(path)))
        except OSError as exc:
            errors.add(Where(str(path)), None, f"không mở được tệp ({exc.strerror})")
        except TooLarge as exc:
            errors.add(Where(Path(path).name), None, exc.message)
    errors.raise_if_any()
    return sources_import(sources=sources, user=user, dry_run=dry_run, reason=reason)


def sources_import(
    *, sources: list[Source], user: Any = None, dry_run: bool = False, reason: str = ""
) -> ImportSummary:
    """Import files given as (name, bytes), e.g. uploaded in the web app; see ``files_import``.

    With ``dry_run`` the import is made and rolled back: nothing stays written,
    and the summary is exactly what confirming will write.
    """
    import_allowed(user=user)
    if not sources:
        raise ApplicationError("Không có tệp nào để nhập.")
    limits = Limits.from_settings()
    errors = ErrorList()
    for source in sources:
        try:
            size_check(len(source.data), limits)
        except TooLarge as exc:
            errors.add(Where(source.name), None, exc.message)
    errors.raise_if_any()
    with transaction.atomic():
        summary = _import(sources, user=user, reason=reason, dry_run=dry_run, limits=limits)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def import_allowed(*, user: Any) -> None:
    """Refuse, before any file is read, a user who may not import at all (role, unit).

    ``user`` None is a system job (``ntm import``): only the locks apply. Scope
    and the files' state are checked row by row once the files are read.
    """
    if user is not None:
        ensure_can(user, Action.IMPORT)


def _province_refusal(user: Any) -> Callable[[str], str | None] | None:
    """Why ``user`` may not import a workbook of a province (by its code), or None.

    A workbook names its province: one whose units the user's do not overlap
    is refused before its data sheets are read. An unknown code is left to the
    rows' own checks.
    """
    if user is None:
        return None

    def refusal(text: str) -> str | None:
        try:
            code = parse_code(text, "mã tỉnh")
        except CellError as exc:
            return str(exc)
        try:
            versions = all_versions(code=code, level=AdminUnit.Level.PROVINCE)
        except ApplicationError:
            return None
        scope = user_unit(user)
        if not versions or scope is None:
            return None
        if any(v.path.startswith(scope.path) or scope.path.startswith(v.path) for v in versions):
            return None
        return (
            f"bảng nhập liệu của {versions[-1]} nằm ngoài phạm vi quản lý của bạn; "
            "các trang số liệu không được đọc"
        )

    return refusal


def _import(
    sources: list[Source], *, user: Any, reason: str, dry_run: bool, limits: Limits
) -> ImportSummary:
    errors = ErrorList()
    files: list[FileSummary] = []
    records: list[Record] = []
    province_refusal = _province_refusal(user)
    for source in sources:
        read = source_read(source, errors, limits, province_refusal)
        files.append(FileSummary(read.name, read.description, len(read.records)))
        records.extend(read.records)
    names = ", ".join(s.name for s in sources)
    return _records_import(
        records,
        files=files,
        errors=errors,
        user=user,
        reason=reason or f"Nhập từ tệp {names}",
        dry_run=dry_run,
    )


def _records_import(
    records: list[Record],
    *,
    files: list[FileSummary],
    errors: ErrorList,
    user: Any,
    reason: str,
    dry_run: bool,
) -> ImportSummary:
    """Check, plan and write records already read (from files, or a DHIS2 payload)."""
    if not records:
        errors.raise_if_any()  # every file was refused as a whole: nothing to look up

    # Funds and support (docs/formats.md) name units of any level: checked by their own stage.
    resource_records = [r for r in records if r.kind in (FUNDS, SUPPORT)]
    records = [r for r in records if r.kind not in (FUNDS, SUPPORT)]
    # The activities' rows (courses, events, value chains, directives) have their own stage.
    activity_records = [r for r in records if r.kind in ACTIVITY_KINDS]
    records = [r for r in records if r.kind not in ACTIVITY_KINDS]
    lookups = Lookups(records, user=user)
    # OCOP rows (docs/ocop.md) are checked and written by their own stage, in the same call.
    ocop_records = [r for r in records if r.kind == OCOP]
    records = [r for r in records if r.kind != OCOP]
    checked = records_check(records, lookups=lookups, errors=errors)
    ocop_checked = ocop_check(ocop_records, lookups=lookups, errors=errors, user=user)
    resources_checked = resources_check(resource_records, errors=errors, user=user)
    activities_checked = activities_check(activity_records, errors=errors, user=user)
    # Planning also finds refusals (a locked assessment, a user's rights): it runs on
    # the rows that passed so that one call reports every problem.
    plan = plan_make(checked, lookups=lookups, user=user, errors=errors)
    errors.raise_if_any()
    written = plan_write(plan, user=user, reason=reason)

    summary = ImportSummary(dry_run=dry_run, files=files, changes=plan.changes)
    if ocop_records:
        summary.kinds[OCOP], ocop_changes = ocop_write(ocop_checked, user=user, reason=reason)
        summary.changes = [*summary.changes, *ocop_changes]
    if resource_records:
        resource_kinds, resource_changes = resources_write(
            resources_checked, user=user, reason=reason
        )
        summary.kinds.update(resource_kinds)
        summary.changes = [*summary.changes, *resource_changes]
    if activity_records:
        activity_kinds, activity_changes = activities_write(
            activities_checked, user=user, reason=reason
        )
        summary.kinds.update(activity_kinds)
        summary.changes = [*summary.changes, *activity_changes]
    for kind, tally in checked.tallies.items():
        changes = [c for c in plan.changes if c.kind == kind]
        created = sum(1 for c in changes if c.created)
        summary.kinds[kind] = KindSummary(
            kind,
            rows=tally.rows,
            created=created,
            updated=len(changes) - created,
            unchanged=tally.repeated + plan.unchanged.get(kind, 0),
            skipped=tally.skipped,
        )
    summary.assessments_created = written.assessments_created
    summary.assessments_evaluated = written.assessments_evaluated
    return summary


# --- export ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    """One exported table: its kind, a file name, how many rows, and the bytes."""

    kind: str
    filename: str
    rows: int
    data: bytes


def _export_rows(
    kind: str,
    province_code: str,
    years: list[int],
    within: AdminUnit | None,
    set_kinds: Iterable[str] | None = None,
    villages: bool = False,
) -> tuple[FileFormat, list[Row]]:
    code = province_code
    if villages and kind == STATUSES:
        return VILLAGE_STATUSES_FORMAT, selectors.village_statuses_rows(
            province_code=code, years=years, within=within
        )
    if villages:
        raise ApplicationError("Hồ sơ thôn chỉ xuất được trạng thái tiêu chí (--kind statuses).")
    if kind == STATUSES:
        return STATUSES_FORMAT, selectors.statuses_rows(
            province_code=code, years=years, within=within, set_kinds=set_kinds
        )
    if kind == VALUES:
        return VALUES_FORMAT, selectors.values_rows(
            province_code=code, years=years, within=within, set_kinds=set_kinds
        )
    if kind == TARGETS and within is not None and within.level == AdminUnit.Level.DISTRICT:
        return DISTRICT_TARGETS_FORMAT, selectors.district_targets_rows(
            district=within, years=years
        )
    if kind == TARGETS and within is None:
        return TARGETS_FORMAT, selectors.targets_rows(province_code=code, years=years)
    if kind == TARGETS:
        raise ApplicationError("Xã không có chỉ tiêu kế hoạch để xuất.")
    if kind == OCOP:
        return OCOP_FORMAT, ocop_export_rows(province_code=code, years=years, within=within)
    if kind == FUNDS:
        return FUNDS_FORMAT, funds_export_rows(province_code=code, years=years, within=within)
    if kind == SUPPORT:
        return SUPPORT_FORMAT, support_export_rows(province_code=code, years=years, within=within)
    activity_exports = {
        COURSES: (COURSES_FORMAT, courses_export_rows),
        EVENTS: (EVENTS_FORMAT, events_export_rows),
        VALUE_CHAINS: (VALUE_CHAINS_FORMAT, value_chains_export_rows),
        DIRECTIVES: (DIRECTIVES_FORMAT, directives_export_rows),
    }
    if kind in activity_exports:
        fmt, rows_of = activity_exports[kind]
        return fmt, rows_of(province_code=code, years=years, within=within)
    raise ApplicationError(f"Loại tệp không rõ: {kind} (có: {', '.join(ALL_KINDS)}).")


def province_export(
    *,
    province_code: str,
    years: list[int],
    kinds: Iterable[str] = KINDS,
    file_format: str = "csv",
    bom: bool = False,
    within: AdminUnit | None = None,
    set_kinds: Iterable[str] | None = None,
    villages: bool = False,
) -> list[ExportFile]:
    """A province's statuses, values and targets for ``years`` in the interchange formats;
    with ``within``, only those of one of its districts or communes.

    Statuses and values are those of the communes' standard files unless
    ``set_kinds`` names the kinds of set to export (``CriteriaSet.SetKind``:
    standard, advanced, model, modern); the rows of a file of another kind than
    the standard carry its set's code in the optional ``criteria_set`` column,
    as the import reads it (docs/formats.md). With ``villages``, the statuses of
    the villages' files instead (``year,village_code,criterion,met``).

    Importing the result into an empty database (with the same units and
    criteria) gives the same figures; importing it back changes nothing.
    """
    if file_format not in ("csv", "xlsx"):
        raise ApplicationError("Định dạng xuất phải là csv hoặc xlsx.")
    years = sorted(set(years))
    if not years:
        raise ApplicationError("Cần ít nhất một năm.")
    code = code_normal(province_code)
    if within is not None and within.level == AdminUnit.Level.PROVINCE:
        within = None
    named = within.code if within is not None else code
    suffix = "-".join(str(y) for y in years)
    if set_kinds is not None:
        set_kinds = selectors.export_set_kinds(set_kinds)
        if set_kinds != [selectors.STANDARD]:
            suffix += "-" + "-".join(set_kinds)
    if villages:
        suffix += "-thon"
    files = []
    for kind in kinds:
        fmt, rows = _export_rows(kind, code, years, within, set_kinds, villages)
        data = table_csv(fmt, rows, bom=bom) if file_format == "csv" else table_xlsx(fmt, rows)
        files.append(
            ExportFile(kind, f"ntm-{kind}-{named}-{suffix}.{file_format}", len(rows), data)
        )
    return files


def workbook_build(*, province: AdminUnit, year: int, within: AdminUnit | None = None) -> bytes:
    """The people's workbook for a province (or one of its districts or communes) and year
    (.xlsx bytes), pre-filled with what is known."""
    return workbook_render(selectors.workbook_data(province=province, year=year, within=within))


# --- DHIS2 -----------------------------------------------------------------------------

#: The interchange columns as a DHIS2 payload names them, for the import's messages.
_DHIS2_LABELS = dict(dhis2.FIELD_OF_COLUMN)
_DHIS2_TYPES = {dhis2.JSON: "application/json", dhis2.ADX: "application/adx+xml"}


def dhis2_export(
    *,
    province_code: str,
    year: int,
    file_format: str = dhis2.JSON,
    mapping: dhis2.Mapping | None = None,
    within: AdminUnit | None = None,
    data_set: str | None = None,
) -> ExportFile:
    """A province's (or a district's or commune's, ``within``) statuses and values of a year as
    a DHIS2 payload (docs/dhis2.md): dataValueSets JSON or ADX XML, ``idScheme=CODE``.

    The rows are ``ntm export``'s (``selectors.statuses_rows``, ``values_rows``, the
    standard files): importing the payload (``dhis2_import``) gives the same statuses.
    """
    if file_format not in dhis2.FORMATS:
        raise ApplicationError("Định dạng DHIS2 phải là json hoặc adx.")
    code = code_normal(province_code)
    if within is not None and within.level == AdminUnit.Level.PROVINCE:
        within = None
    statuses = selectors.statuses_rows(province_code=code, years=[year], within=within)
    values = selectors.values_rows(province_code=code, years=[year], within=within)
    if file_format == dhis2.JSON:
        data = dhis2.data_value_set_json(
            statuses=statuses, values=values, mapping=mapping, data_set=data_set
        )
    else:
        data = dhis2.adx_xml(
            statuses=statuses,
            values=values,
            mapping=mapping,
            data_set=data_set,
            exported=timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    named = within.code if within is not None else code
    suffix = "json" if file_format == dhis2.JSON else "adx.xml"
    return ExportFile(
        "dhis2", f"ntm-dhis2-{named}-{year}.{suffix}", len(statuses) + len(values), data
    )


def dhis2_content_type(file_format: str) -> str:
    """The media type of a DHIS2 payload of ``file_format`` (json, adx)."""
    return _DHIS2_TYPES[file_format]


def dhis2_mapping(*, province_code: str, year: int) -> bytes:
    """The mapping file (``kind,ntm_code,dhis2_code``) of the data elements and org units
    a province's year uses, each mapped to itself for an instance's administrator to fill in."""
    elements, units = selectors.dhis2_codes(province_code=province_code, year=year)
    return dhis2.mapping_csv(data_elements=elements, org_units=units)


def dhis2_mapping_read(*, data: bytes, name: str = "mapping") -> dhis2.Mapping:
    """A mapping file read, or refused naming its row (``ImportRefused``)."""
    try:
        return dhis2.mapping_read(data)
    except dhis2.DHIS2Error as exc:
        errors = ErrorList()
        for p in exc.problems:
            errors.add(Where(name, p.position), p.field, p.message)
        errors.raise_if_any()
        raise


def _dhis2_records(source: Source, mapping: dhis2.Mapping | None, errors: ErrorList) -> FileRead:
    """A DHIS2 payload as the records of a statuses and a values table (their rows' positions
    are the payload's data values)."""
    try:
        parsed = dhis2.payload_parse(source.data, mapping=mapping)
    except dhis2.DHIS2Error as exc:
        for p in exc.problems:
            errors.add(Where(source.name, p.position), p.field, p.message)
        return FileRead(source.name, "DHIS2")
    for p in parsed.problems:
        errors.add(Where(source.name, p.position), p.field, p.message)
    read = FileRead(source.name, "DHIS2 (dataValueSets / ADX)")
    for fmt, rows in ((STATUSES_FORMAT, parsed.statuses), (VALUES_FORMAT, parsed.values)):
        for position, cells in rows:
            read.records.append(Record(fmt, Where(source.name, position), cells, _DHIS2_LABELS))
    return read


def dhis2_import(
    *,
    source: Source,
    user: Any = None,
    dry_run: bool = False,
    reason: str = "",
    mapping: dhis2.Mapping | None = None,
) -> ImportSummary:
    """Import a DHIS2 payload (dataValueSets JSON or ADX XML) all or nothing, through the same
    checks, plan and write as ``ntm import`` (scope, locks, audit, one evaluation).

    Raises ``ImportRefused`` naming each problem as ``FILE:POSITION:FIELD``.
    """
    import_allowed(user=user)
    limits = Limits.from_settings()
    errors = ErrorList()
    try:
        size_check(len(source.data), limits)
    except TooLarge as exc:
        errors.add(Where(source.name), None, exc.message)
    errors.raise_if_any()
    with transaction.atomic():
        read = _dhis2_records(source, mapping, errors)
        errors.raise_if_any()
        if not read.records:
            errors.add(Where(source.name), "dataValues", "tệp không có giá trị nào")
        summary = _records_import(
            read.records,
            files=[FileSummary(read.name, read.description, len(read.records))],
            errors=errors,
            user=user,
            reason=reason or f"Nhập từ tệp DHIS2 {source.name}",
            dry_run=dry_run,
        )
        if dry_run:
            transaction.set_rollback(True)
    return summary
