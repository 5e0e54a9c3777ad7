"""Checking and writing the OCOP file (docs/ocop.md) in the import's stages.

The readers recognise the file by its header (``formats.OCOP_FORMAT``) like
every other; this module checks its rows, naming ``FILE:ROW:COLUMN`` for every
problem (``errors.ErrorList``), and hands the rows that passed to
``ocop.services.ratings_import`` inside the import's transaction, after every
other check of the call has passed: all or nothing, as every import.

The score sheet of a row is the one in force on 31/12 of its year
(``ocop.rules.sheet_for``); a part above that sheet's maximum, a negative
score, an unknown group, a commune that is not a xã, or a stated ``stars``
(or ``valid_until``) that contradicts the scores is refused.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.accounts.scope import unit_in_scope
from ntm.accounts.services import Action, ensure_can
from ntm.core.errors import ApplicationError
from ntm.evaluation.numbers import parse_date, parse_number
from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import OCOP, CellError, parse_code, parse_year
from ntm.interchange.lookups import Lookups
from ntm.interchange.records import Record
from ntm.interchange.summary import Change, KindSummary
from ntm.ocop import rules
from ntm.ocop.models import Product, Rating
from ntm.ocop.services import RatingRow, ratings_import
from ntm.units.models import AdminUnit

SCORE_PLACES = 2  # Rating.score_* have 2 decimal places


@dataclass
class OcopChecked:
    """The OCOP rows that passed (each product and year once) and where each came from."""

    rows: list[RatingRow] = field(default_factory=list)
    wheres: list[Where] = field(default_factory=list)
    read: int = 0
    repeated: int = 0


def _date(text: str) -> datetime.date:
    return parse_date(text)  # the one date parser of files (evaluation.numbers)


def _score(text: str, typed: bool) -> Decimal:
    value = parse_number(text, typed=typed)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > SCORE_PLACES:
        raise CellError(f"điểm “{text}” có quá {SCORE_PLACES} chữ số thập phân")
    return value


class _Checker:
    def __init__(self, lookups: Lookups, errors: ErrorList, user: Any) -> None:
        self.lookups = lookups
        self.errors = errors
        self.user = user
        self.allowed: dict[int, str | None] = {}

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

    def commune(self, rec: Record, year: int | None) -> AdminUnit | None:
        code = self.cell(rec, "commune_code", parse_code)
        if code is None or year is None:
            return None
        found = self.lookups.commune(code, year)
        if isinstance(found, str):
            self.errors.add(rec.where, rec.label("commune_code"), found)
            return None
        if self.user is not None:
            if found.pk not in self.allowed:
                try:
                    ensure_can(self.user, Action.OCOP_RATE, found)
                    self.allowed[found.pk] = None
                except ApplicationError as exc:
                    self.allowed[found.pk] = exc.message
            refusal = self.allowed[found.pk]
            if refusal:
                self.errors.add(rec.where, rec.label("commune_code"), refusal)
                return None
        return found

    def row(self, rec: Record, stored: dict[str, Product]) -> RatingRow | None:
        year = self.cell(rec, "year", parse_year)
        commune = self.commune(rec, year)
        code = self.cell(rec, "product_code", str)
        name = self.cell(rec, "name", str)
        group = self.cell(rec, "group", str)
        if group is not None and group not in rules.GROUPS:
            self.errors.add(
                rec.where,
                rec.label("group"),
                f"nhóm sản phẩm không rõ “{group}” (QĐ 919/QĐ-TTg: {', '.join(rules.GROUPS)})",
            )
            group = None
        if code is not None and len(code) > 40:
            self.errors.add(rec.where, rec.label("product_code"), "mã sản phẩm dài quá 40 ký tự")
            code = None
        if (
            code is not None
            and self.user is not None
            and code in stored
            and not unit_in_scope(self.user, stored[code].commune)
        ):
            self.errors.add(
                rec.where,
                rec.label("product_code"),
                f"sản phẩm {code} thuộc {stored[code].commune}, ngoài phạm vi quản lý của bạn",
            )
            code = None
        scores: dict[str, Decimal | None] = {}
        for part in ("a", "b", "c"):
            column = f"score_{part}"
            scores[part] = self.cell(rec, column, _score, rec.typed(column))
        sheet: rules.ScoreSheet | None = None
        if year is not None:
            try:
                sheet = rules.sheet_for(rules.year_date(year))
            except rules.NoSheet as exc:
                self.errors.add(rec.where, rec.label("year"), str(exc))
        if sheet is not None:
            for part, value in scores.items():
                if value is None:
                    continue
                try:
                    rules.score_check(sheet, part, value)
                except rules.ScoreError as exc:
                    self.errors.add(rec.where, rec.label(f"score_{part}"), str(exc))
                    scores[part] = None
        producer_type = rec.cells.get("producer_type", "")
        if producer_type and producer_type not in rules.PRODUCER_KINDS:
            self.errors.add(
                rec.where,
                rec.label("producer_type"),
                f"loại chủ thể không rõ “{producer_type}” (dùng {', '.join(rules.PRODUCER_KINDS)})",
            )
        stated = self.cell(rec, "stars", _stars, required=False)
        number = rec.cells.get("certificate_no", "")
        issued = self.cell(rec, "certificate_date", _date, required=False)
        valid = self.cell(rec, "valid_until", _date, required=False)
        a, b, c = scores["a"], scores["b"], scores["c"]
        if (
            year is None
            or commune is None
            or code is None
            or name is None
            or group is None
            or sheet is None
            or a is None
            or b is None
            or c is None
        ):
            return None
        result = rules.stars_for(sheet, a, b, c)
        problems = len(self.errors)
        if stated is not None and stated != result.stars:
            self.errors.add(
                rec.where,
                rec.label("stars"),
                f"ghi {stated} sao nhưng tổng điểm {result.total} theo {sheet.legal_basis} "
                f"là {result.stars} sao (từ {result.band_low} điểm)",
            )
        if number and issued is None and rec.cells.get("certificate_date", "") == "":
            self.errors.add(
                rec.where, rec.label("certificate_date"), "giấy chứng nhận cần ngày cấp"
            )
        if issued is not None and not number:
            self.errors.add(
                rec.where, rec.label("certificate_no"), "có ngày cấp nhưng thiếu số giấy chứng nhận"
            )
        if number and result.stars < rules.CERTIFIED_FROM:
            self.errors.add(
                rec.where,
                rec.label("certificate_no"),
                f"sản phẩm {result.stars} sao không được cấp giấy chứng nhận (chỉ từ 3 sao)",
            )
        if issued is not None and issued.year < year:
            self.errors.add(
                rec.where,
                rec.label("certificate_date"),
                f"ngày cấp {issued:%d/%m/%Y} trước năm đánh giá {year}",
            )
        if valid is not None and (issued is None or valid != rules.valid_until(issued)):
            expected = f"{rules.valid_until(issued):%d/%m/%Y}" if issued else "trống"
            self.errors.add(
                rec.where,
                rec.label("valid_until"),
                f"có giá trị đến {valid:%d/%m/%Y} sai: 36 tháng từ ngày cấp là {expected}",
            )
        if self.user is not None:
            # The level that rates these stars in that round records them (ocop.rules.LEVELS).
            level = rules.level_for(result.stars, rules.year_date(year))
            pending = Rating(product=Product(commune=commune), level=level, stars=result.stars)
            try:
                ensure_can(self.user, Action.OCOP_RATE, pending)
            except ApplicationError as exc:
                self.errors.add(rec.where, rec.label("stars"), exc.message)
        if len(self.errors) != problems:
            return None
        return RatingRow(
            year=year,
            product_code=code,
            name=" ".join(name.split()),
            commune=commune,
            group=group,
            score_a=a,
            score_b=b,
            score_c=c,
            producer=rec.cells.get("producer", ""),
            producer_type=producer_type,
            certificate_no=number,
            certificate_date=issued,
        )


def _stars(text: str) -> int:
    if text not in {"1", "2", "3", "4", "5"}:
        raise CellError(f"số sao phải từ 1 đến 5, không phải “{text}”")
    return int(text)


def ocop_check(
    records: list[Record], *, lookups: Lookups, errors: ErrorList, user: Any
) -> OcopChecked:
    """Check the OCOP rows of an import; problems go to ``errors`` (FILE:ROW:COLUMN)."""
    checked = OcopChecked()
    if not records:
        return checked
    codes = {r.cells.get("product_code", "") for r in records}
    stored = {p.code: p for p in Product.objects.filter(code__in=codes).select_related("commune")}
    checker = _Checker(lookups, errors, user)
    first: dict[tuple[str, int], tuple[RatingRow, Where]] = {}
    for rec in records:
        checked.read += 1
        row = checker.row(rec, stored)
        if row is None:
            continue
        key = (row.product_code, row.year)
        seen = first.get(key)
        if seen is None:
            first[key] = (row, rec.where)
            checked.rows.append(row)
            checked.wheres.append(rec.where)
        elif seen[0] != row:
            errors.add(
                rec.where,
                rec.label("product_code"),
                f"sản phẩm {row.product_code} năm {row.year} đã có ở {seen[1]} với nội dung khác",
            )
        else:
            checked.repeated += 1
    return checked


def ocop_write(checked: OcopChecked, *, user: Any, reason: str) -> tuple[KindSummary, list[Change]]:
    """Write the checked rows (inside the import's transaction); the summary and the changes."""
    actor = user if getattr(user, "is_authenticated", False) else None
    counts = ratings_import(rows=checked.rows, user=actor, reason=reason)
    changes = []
    for index, before, after in counts.changes:
        row, where = checked.rows[index], checked.wheres[index]
        changes.append(
            Change(
                OCOP,
                where,
                row.commune.code,
                row.commune.name,
                row.year,
                row.product_code,
                before,
                after,
            )
        )
    summary = KindSummary(
        OCOP,
        rows=checked.read,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged + checked.repeated,
    )
    return summary, changes
