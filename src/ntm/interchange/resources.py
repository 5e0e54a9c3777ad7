"""Checking and writing the ``funds`` and ``support`` files (docs/formats.md) in the import's stages.

The readers recognise them by their header (``formats.FUNDS_FORMAT``,
``formats.SUPPORT_FORMAT``) like every other file; this module checks their rows,
naming ``FILE:ROW:COLUMN`` for every problem (``errors.ErrorList``), and hands the
rows that passed to ``resources.services`` inside the import's transaction, after
every other check of the call has passed: all or nothing, as every import.

A unit is named by its official code, whose width says its level, as the General
Statistics Office writes codes: up to 2 digits a province (04), 3 a district (045),
4 or 5 a commune (01417). ``ntm export`` writes them so.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.accounts.scope import unit_in_scope
from ntm.evaluation.numbers import parse_number
from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import FUNDS, SUPPORT, CellError, parse_year
from ntm.interchange.records import Record
from ntm.interchange.summary import Change, KindSummary
from ntm.resources import rules, sources
from ntm.resources.models import Fund
from ntm.resources.services import (
    FundRow,
    ImportCounts,
    SupportRow,
    funds_import,
    supports_import,
)
from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_not_found, unit_versions, version_for_year

SPONSOR_MAX = 200


def code_level(text: str) -> tuple[int, str]:
    """The level and the stored code of a unit code written in full or without leading zeros."""
    if not re.fullmatch(r"\d{1,5}", text):
        raise CellError(
            f"mã đơn vị không hợp lệ “{text}” (cần mã tỉnh 2 chữ số, mã huyện 3 chữ số "
            "hoặc mã xã 5 chữ số, ví dụ 04, 045, 01417)"
        )
    level = 1 if len(text) <= 2 else 2 if len(text) == 3 else 3
    return level, str(int(text))


def _amount(text: str, typed: bool) -> Decimal:
    value = parse_number(text, typed=typed)
    problem = rules.amount_problem(value)
    if problem:
        raise CellError(f"“{text}”: {problem}")
    return value


def _date(text: str) -> datetime.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CellError(f"ngày không hợp lệ “{text}” (cần YYYY-MM-DD, ví dụ 2019-12-31)") from None


def _level(text: str) -> int:
    if text not in ("1", "2", "3"):
        raise CellError(f"cấp không hợp lệ “{text}” (1 cấp tỉnh, 2 cấp huyện, 3 cấp xã)")
    return int(text)


@dataclass
class ResourcesChecked:
    """The rows of both files that passed, where each came from, and how many were read."""

    funds: list[FundRow] = field(default_factory=list)
    fund_wheres: list[Where] = field(default_factory=list)
    supports: list[SupportRow] = field(default_factory=list)
    support_wheres: list[Where] = field(default_factory=list)
    funds_read: int = 0
    supports_read: int = 0
    funds_repeated: int = 0
    supports_repeated: int = 0


class _Checker:
    def __init__(self, records: list[Record], errors: ErrorList, user: Any) -> None:
        self.errors = errors
        self.user = user
        codes: dict[int, set[str]] = {}
        for rec in records:
            column = rec.fmt.unit_column
            try:
                level, code = code_level(rec.cells.get(column, ""))
            except CellError:
                continue
            codes.setdefault(level, set()).add(code)
        self.units: dict[tuple[int, str], list[AdminUnit]] = {}
        for level, level_codes in codes.items():
            for code, versions in unit_versions(level=level, codes=level_codes).items():
                self.units[(level, code)] = versions

    def cell(self, rec: Record, name: str, parse: Any, *args: Any, required: bool = True) -> Any:
        text = rec.cells.get(name, "")
        if text == "":
            if required:
                self.errors.add(rec.where, rec.label(name), "ô trống (cần có giá trị)")
            return None
        try:
            return parse(text, *args)
        except CellError as exc:
            self.errors.add(rec.where, rec.label(name), str(exc))
            return None

    def unit(self, rec: Record, year: int | None) -> AdminUnit | None:
        column = rec.fmt.unit_column
        found = self.cell(rec, column, code_level)
        if found is None or year is None:
            return None
        level, code = found
        versions = self.units.get((level, code), [])
        unit = version_for_year(versions, year)
        if unit is None:
            self.errors.add(
                rec.where,
                rec.label(column),
                unit_not_found(level=level, code=code, year=year, versions=versions),
            )
            return None
        if self.user is not None and not unit_in_scope(self.user, unit):
            self.errors.add(
                rec.where, rec.label(column), f"{unit} nằm ngoài phạm vi quản lý của bạn"
            )
            return None
        return unit

    def amount(self, rec: Record, name: str, *, required: bool = True) -> Decimal | None:
        value: Decimal | None = self.cell(rec, name, _amount, rec.typed(name), required=required)
        return value

    def fund(self, rec: Record) -> FundRow | None:
        year = self.cell(rec, "year", parse_year)
        unit = self.unit(rec, year)
        source = self.cell(rec, "source", str)
        if source is not None and source not in sources.SOURCES:
            self.errors.add(
                rec.where,
                rec.label("source"),
                f"nguồn vốn không rõ “{source}” (dùng: {', '.join(sources.SOURCES)})",
            )
            source = None
        allocated = self.amount(rec, "allocated")
        disbursed = self.amount(rec, "disbursed", required=False)
        as_of = self.cell(rec, "as_of", _date, required=False)
        level = self.cell(rec, "level", _level, required=False)
        if year is None or unit is None or source is None or allocated is None:
            return None
        level = level or unit.level
        problems = len(self.errors)
        problem = rules.disbursed_problem(allocated, disbursed)
        if problem:
            self.errors.add(rec.where, rec.label("disbursed"), problem)
        problem = rules.level_problem(source, level, unit.level)
        if problem:
            column = "level" if "level" in rec.cells and rec.cells["level"] else "unit_code"
            self.errors.add(rec.where, rec.label(column), f"{problem} ({unit})")
        if len(self.errors) != problems:
            return None
        return FundRow(
            year, unit, source, allocated, disbursed, as_of or Fund.year_end(year), level
        )

    def support(self, rec: Record) -> SupportRow | None:
        year = self.cell(rec, "year", parse_year)
        commune = self.unit(rec, year)
        sponsor = self.cell(rec, "sponsor", str)
        if sponsor is not None and len(sponsor) > SPONSOR_MAX:
            self.errors.add(
                rec.where, rec.label("sponsor"), f"tên đơn vị dài quá {SPONSOR_MAX} ký tự"
            )
            sponsor = None
        cash = self.amount(rec, "cash")
        in_kind = self.amount(rec, "in_kind")
        materials = self.amount(rec, "materials")
        if (
            year is None
            or commune is None
            or sponsor is None
            or cash is None
            or in_kind is None
            or materials is None
        ):
            return None
        return SupportRow(year, " ".join(sponsor.split()), commune, cash, in_kind, materials)


def _contingency_check(checked: ResourcesChecked, errors: ErrorList) -> None:
    """The contingency (tw_dtpt_dp) of a unit and year against its development capital (tw_dtpt),
    the file's row or, where the file has none, the stored one."""
    relevant = (sources.TW_DTPT, sources.TW_DTPT_DP)
    keys = {(r.year, r.unit.pk) for r in checked.funds if r.source in relevant}
    if not keys:
        return
    stored: dict[tuple[int, int, int, str], Decimal] = {}
    years = {y for y, _ in keys}
    units = {u for _, u in keys}
    for f in Fund.objects.filter(year__in=years, unit_id__in=units, source__in=relevant):
        stored[(f.year, f.unit_id, f.level, f.source)] = f.allocated
    in_file = {
        (r.year, r.unit.pk, r.level, r.source): (r, where)
        for r, where in zip(checked.funds, checked.fund_wheres, strict=True)
    }
    for (year, unit_id, level, source), (row, where) in in_file.items():
        if source == sources.TW_DTPT_DP:
            dev = in_file.get((year, unit_id, level, sources.TW_DTPT))
            development = (
                dev[0].allocated if dev else stored.get((year, unit_id, level, sources.TW_DTPT))
            )
            problem = rules.contingency_problem(row.allocated, development)
            if problem:
                errors.add(where, "allocated", problem)
        elif (
            source == sources.TW_DTPT and (year, unit_id, level, sources.TW_DTPT_DP) not in in_file
        ):
            contingency = stored.get((year, unit_id, level, sources.TW_DTPT_DP))
            if contingency is not None:
                problem = rules.contingency_problem(contingency, row.allocated)
                if problem:
                    errors.add(where, "allocated", f"{problem} (đã lưu)")


def resources_check(records: list[Record], *, errors: ErrorList, user: Any) -> ResourcesChecked:
    """Check the funds and support rows of an import; problems go to ``errors`` (FILE:ROW:COLUMN)."""
    checked = ResourcesChecked()
    if not records:
        return checked
    checker = _Checker(records, errors, user)
    first_fund: dict[tuple[int, int, str, int], tuple[FundRow, Where]] = {}
    first_support: dict[tuple[int, str, int], tuple[SupportRow, Where]] = {}
    for rec in records:
        if rec.kind == FUNDS:
            checked.funds_read += 1
            row = checker.fund(rec)
            if row is None:
                continue
            key = (row.year, row.unit.pk, row.source, row.level)
            seen = first_fund.get(key)
            if seen is None:
                first_fund[key] = (row, rec.where)
                checked.funds.append(row)
                checked.fund_wheres.append(rec.where)
            elif seen[0] != row:
                errors.add(
                    rec.where,
                    rec.label("source"),
                    f"nguồn {row.source} của {row.unit} năm {row.year} đã có ở {seen[1]} "
                    "với số liệu khác",
                )
            else:
                checked.funds_repeated += 1
        elif rec.kind == SUPPORT:
            checked.supports_read += 1
            srow = checker.support(rec)
            if srow is None:
                continue
            skey = (srow.year, srow.sponsor, srow.commune.pk)
            sseen = first_support.get(skey)
            if sseen is None:
                first_support[skey] = (srow, rec.where)
                checked.supports.append(srow)
                checked.support_wheres.append(rec.where)
            elif sseen[0] != srow:
                errors.add(
                    rec.where,
                    rec.label("sponsor"),
                    f"{srow.sponsor} hỗ trợ {srow.commune} năm {srow.year} đã có ở {sseen[1]} "
                    "với số liệu khác",
                )
            else:
                checked.supports_repeated += 1
    _contingency_check(checked, errors)
    return checked


def _text(values: dict[str, Any] | None, names: tuple[str, ...]) -> str | None:
    if values is None:
        return None
    return "; ".join(f"{n}={values.get(n) if values.get(n) is not None else ''}" for n in names)


def _changes(
    kind: str, counts: ImportCounts, rows: list[Any], wheres: list[Where], names: tuple[str, ...]
) -> list[Change]:
    out = []
    for index, before, after in counts.changes:
        row, where = rows[index], wheres[index]
        unit = row.unit if kind == FUNDS else row.commune
        key = row.source if kind == FUNDS else row.sponsor
        out.append(
            Change(
                kind,
                where,
                unit.code,
                unit.name,
                row.year,
                key,
                _text(before, names),
                _text(after, names) or "",
            )
        )
    return out


def resources_write(
    checked: ResourcesChecked, *, user: Any, reason: str
) -> tuple[dict[str, KindSummary], list[Change]]:
    """Write the checked rows (inside the import's transaction); the summaries and the changes."""
    actor = user if getattr(user, "is_authenticated", False) else None
    summaries: dict[str, KindSummary] = {}
    changes: list[Change] = []
    if checked.funds_read:
        counts = funds_import(rows=checked.funds, user=actor, reason=reason)
        summaries[FUNDS] = KindSummary(
            FUNDS,
            rows=checked.funds_read,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged + checked.funds_repeated,
        )
        changes += _changes(
            FUNDS, counts, checked.funds, checked.fund_wheres, ("allocated", "disbursed", "as_of")
        )
    if checked.supports_read:
        counts = supports_import(rows=checked.supports, user=actor, reason=reason)
        summaries[SUPPORT] = KindSummary(
            SUPPORT,
            rows=checked.supports_read,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged + checked.supports_repeated,
        )
        changes += _changes(
            SUPPORT,
            counts,
            checked.supports,
            checked.support_wheres,
            ("cash", "in_kind", "materials"),
        )
    return summaries, changes
