"""The people's workbook (bảng nhập liệu): one province, one year, filled offline by officers.

Sheet "Tiêu chí": one row per commune (Mã xã, Huyện, Xã) and one column per
criterion with a drop-down Đạt / Không đạt. Sheet "Chỉ tiêu": one column per
indicator (drop-down for Đạt / Không đạt indicators, numbers for the others).
Sheet "Thông tin" carries the province and the year, so that ``ntm import``
knows what the workbook is. Blank cells state nothing and change nothing, so a
workbook imported back without edits changes nothing.

The renderer takes prepared data and returns bytes (it never queries);
``workbook_records`` turns a filled workbook into interchange records.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ntm.evaluation.numbers import MET, NOT_MET, decimal_text, parse_verdict
from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import (
    STATUSES_FORMAT,
    VALUES_FORMAT,
    CellError,
    cell_text,
    normalise_header,
    normalise_text,
    parse_year,
)
from ntm.interchange.limits import Limits, sheet_rows
from ntm.interchange.records import FileRead, Record

MARKER = "Bảng nhập liệu Chương trình nông thôn mới"
TEMPLATE_VERSION = "ntm-workbook-1"
INFO_SHEET = "Thông tin"
STATUS_SHEET = "Tiêu chí"
VALUES_SHEET = "Chỉ tiêu"
CODE_HEADER = "Mã xã"
DISTRICT_HEADER = "Huyện"
NAME_HEADER = "Xã"
COUNT_HEADER = "Số tiêu chí đạt"
COMPUTED_HEADER = "Kết quả tự tính theo chỉ tiêu (chỉ để xem)"
SECONDARY_MARK = "(phụ)"
KEY_PROVINCE_CODE = "Mã tỉnh"
KEY_PROVINCE = "Tỉnh"
KEY_YEAR = "Năm"
KEY_SET = "Bộ tiêu chí"
KEY_TEMPLATE = "Mẫu"

_CRITERION_HEADER = re.compile(r"^TC\s*(\d+)\b", re.IGNORECASE)
_INDICATOR_HEADER = re.compile(r"^(\d+(?:\.\d+)+)\s*(\(phụ\))?", re.IGNORECASE)


@dataclass(frozen=True)
class WorkbookCriterion:
    number: int
    name: str


@dataclass(frozen=True)
class WorkbookIndicator:
    code: str
    content: str
    unit: str
    boolean: bool
    secondary_label: str = ""


@dataclass(frozen=True)
class WorkbookCommune:
    """A commune's row, pre-filled with what is known.

    ``statuses``: the declared statuses (the criterion cells); ``computed``: what
    the rules computed from the values (shown in a column of its own, never in a
    criterion cell: a filled criterion cell is a declaration when imported).
    """

    code: str
    district: str
    name: str
    statuses: dict[int, bool] = field(default_factory=dict)
    computed: dict[int, bool] = field(default_factory=dict)
    values: dict[str, Decimal | bool] = field(default_factory=dict)
    secondary: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkbookData:
    province_code: str
    province_name: str
    year: int
    set_code: str
    set_name: str
    criteria: list[WorkbookCriterion]
    indicators: list[WorkbookIndicator]
    communes: list[WorkbookCommune]


# --- rendering ---------------------------------------------------------------------

_HEADER_FILL = PatternFill("solid", fgColor="DDEBD4")
_HEADER_FONT = Font(bold=True)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _header(sheet: Any, titles: list[str], height: float) -> None:
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=col, value=title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        cell.border = _BORDER
    sheet.row_dimensions[1].height = height
    sheet.freeze_panes = "D2"
    # Printed on landscape pages, the header row and the commune columns repeated.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:C"


def _verdict_validation(sheet: Any, ref: str) -> None:
    dv = DataValidation(
        type="list",
        formula1=f'"{MET},{NOT_MET}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Chọn “{MET}” hoặc “{NOT_MET}” (hoặc để trống nếu chưa rõ).",
        showInputMessage=True,
        promptTitle="Kết quả",
        prompt=f"{MET} / {NOT_MET}",
    )
    dv.add(ref)
    sheet.add_data_validation(dv)


def _number_validation(sheet: Any, ref: str) -> None:
    dv = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error="Nhập một số không âm (hoặc để trống nếu chưa rõ).",
    )
    dv.add(ref)
    sheet.add_data_validation(dv)


def _commune_cells(sheet: Any, row: int, commune: WorkbookCommune) -> None:
    sheet.cell(row=row, column=1, value=commune.code)
    sheet.cell(row=row, column=2, value=commune.district)
    sheet.cell(row=row, column=3, value=commune.name)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(decimal_text(value))


def _computed_text(computed: dict[int, bool]) -> str:
    """``Đạt: TC1, TC3; Không đạt: TC2`` (what the rules computed), or empty."""
    parts = []
    for verdict, label in ((True, MET), (False, NOT_MET)):
        numbers = [f"TC{n}" for n, met in sorted(computed.items()) if met is verdict]
        if numbers:
            parts.append(f"{label}: {', '.join(numbers)}")
    return "; ".join(parts)


def workbook_render(data: WorkbookData) -> bytes:
    """The workbook for ``data`` as .xlsx bytes."""
    book = Workbook()
    n = len(data.communes)
    last = n + 1

    statuses = book.active
    statuses.title = STATUS_SHEET
    titles = [CODE_HEADER, DISTRICT_HEADER, NAME_HEADER]
    titles += [f"TC{c.number} {c.name}" for c in data.criteria]
    titles.append(COUNT_HEADER)
    titles.append(COMPUTED_HEADER)
    _header(statuses, titles, 48)
    first_col, last_col = get_column_letter(4), get_column_letter(3 + len(data.criteria))
    count_col = 4 + len(data.criteria)
    for row, commune in enumerate(data.communes, start=2):
        _commune_cells(statuses, row, commune)
        for col, criterion in enumerate(data.criteria, start=4):
            met = commune.statuses.get(criterion.number)
            if met is not None:
                statuses.cell(row=row, column=col, value=MET if met else NOT_MET)
        statuses.cell(
            row=row,
            column=count_col,
            value=f'=COUNTIF({first_col}{row}:{last_col}{row},"{MET}")',
        )
        shown = _computed_text(commune.computed)
        if shown:
            statuses.cell(row=row, column=count_col + 1, value=shown)
    if n and data.criteria:
        _verdict_validation(statuses, f"{first_col}2:{last_col}{last}")
    statuses.column_dimensions["A"].width = 9
    statuses.column_dimensions["B"].width = 18
    statuses.column_dimensions["C"].width = 20
    for col in range(4, count_col):
        statuses.column_dimensions[get_column_letter(col)].width = 12
    statuses.column_dimensions[get_column_letter(count_col)].width = 10
    statuses.column_dimensions[get_column_letter(count_col + 1)].width = 40

    values = book.create_sheet(VALUES_SHEET)
    titles = [CODE_HEADER, DISTRICT_HEADER, NAME_HEADER]
    columns: list[tuple[WorkbookIndicator, bool]] = []
    for ind in data.indicators:
        unit = f" ({ind.unit})" if ind.unit and not ind.boolean else ""
        titles.append(f"{ind.code} {ind.content}{unit}")
        columns.append((ind, False))
        if ind.secondary_label:
            titles.append(f"{ind.code} {SECONDARY_MARK} {ind.secondary_label}{unit}")
            columns.append((ind, True))
    _header(values, titles, 120)
    for row, commune in enumerate(data.communes, start=2):
        _commune_cells(values, row, commune)
        for col, (ind, secondary) in enumerate(columns, start=4):
            value: Decimal | bool | None = (
                commune.secondary.get(ind.code) if secondary else commune.values.get(ind.code)
            )
            if isinstance(value, bool):
                values.cell(row=row, column=col, value=MET if value else NOT_MET)
            elif value is not None:
                values.cell(row=row, column=col, value=_number(value))
    if n:
        for col, (ind, secondary) in enumerate(columns, start=4):
            letter = get_column_letter(col)
            ref = f"{letter}2:{letter}{last}"
            if ind.boolean and not secondary:
                _verdict_validation(values, ref)
            else:
                _number_validation(values, ref)
    values.column_dimensions["A"].width = 9
    values.column_dimensions["B"].width = 18
    values.column_dimensions["C"].width = 20
    for col in range(4, 4 + len(columns)):
        values.column_dimensions[get_column_letter(col)].width = 16

    info = book.create_sheet(INFO_SHEET)
    info["A1"] = MARKER
    info["A1"].font = Font(bold=True, size=13)
    rows: list[tuple[str, Any]] = [
        (KEY_PROVINCE_CODE, data.province_code),
        (KEY_PROVINCE, data.province_name),
        (KEY_YEAR, data.year),
        (KEY_SET, data.set_code),
        (KEY_TEMPLATE, TEMPLATE_VERSION),
    ]
    for i, (key, value) in enumerate(rows, start=3):
        info.cell(row=i, column=1, value=key).font = _HEADER_FONT
        info.cell(row=i, column=2, value=value)
    notes = [
        "Hướng dẫn",
        f"Trang “{STATUS_SHEET}”: chọn “{MET}” hoặc “{NOT_MET}” cho từng tiêu chí của từng xã "
        "là khai báo kết quả tiêu chí (thay cho kết quả tự tính từ chỉ tiêu).",
        f"Ô tiêu chí chỉ điền sẵn kết quả đã khai báo; kết quả tự tính theo chỉ tiêu ở cột "
        f"“{COMPUTED_HEADER}”, không được nhập lại.",
        f"Trang “{VALUES_SHEET}”: nhập số (dấu thập phân theo Excel) hoặc chọn “{MET}”/“{NOT_MET}”.",
        "Ô để trống nghĩa là chưa có thông tin: khi nhập lại, ô trống không làm thay đổi số liệu.",
        "Không sửa dòng tiêu đề, cột Mã xã và trang Thông tin; không đổi tên các trang.",
        f"Bộ tiêu chí: {data.set_name}.",
        "Nhập lại vào hệ thống: ntm import <tệp>.xlsx (hoặc trang Nhập số liệu).",
    ]
    start = len(rows) + 4
    for i, note in enumerate(notes):
        cell = info.cell(row=start + i, column=1, value=note)
        if i == 0:
            cell.font = _HEADER_FONT
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 40

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading -----------------------------------------------------------------------


def workbook_is_people(book: Any, limits: Limits | None = None) -> bool:
    """Whether an opened workbook is the people's workbook (its "Thông tin" sheet says so)."""
    if INFO_SHEET not in book.sheetnames:
        return False
    for number, row in sheet_rows(book[INFO_SHEET], limits or Limits()):
        if number > 2:
            break
        if row and normalise_text(cell_text(row[0])) == MARKER:
            return True
    return False


def _info(book: Any, limits: Limits) -> dict[str, tuple[int, Any]]:
    out: dict[str, tuple[int, Any]] = {}
    for number, row in sheet_rows(book[INFO_SHEET], limits):
        if row and row[0] is not None:
            out[normalise_header(cell_text(row[0]))] = (number, row[1] if len(row) > 1 else None)
    return out


def _sheet_rows(book: Any, title: str, limits: Limits) -> list[tuple[int, list[Any]]]:
    """A sheet's rows within ``limits`` (``limits.sheet_rows``: refused at the first row past one)."""
    return list(sheet_rows(book[title], limits))


def workbook_records(
    book: Any,
    name: str,
    errors: ErrorList,
    limits: Limits | None = None,
    province_refusal: Callable[[str], str | None] | None = None,
) -> FileRead:
    """Interchange records from a filled workbook; blank cells give no record.

    ``province_refusal`` tells why the importing user may not import the
    province the "Thông tin" sheet names (None: they may): the data sheets of a
    workbook out of the user's scope are then not read at all.
    """
    limits = limits or Limits()
    result = FileRead(name, "bảng nhập liệu (Excel)")
    info = _info(book, limits)
    code_row, code_value = info.get(normalise_header(KEY_PROVINCE_CODE), (None, None))
    refusal = province_refusal(cell_text(code_value)) if province_refusal else None
    if refusal is not None:
        errors.add(Where(name, code_row, INFO_SHEET), KEY_PROVINCE_CODE, refusal)
        return result
    year_row, year_value = info.get(normalise_header(KEY_YEAR), (None, None))
    where_year = Where(name, year_row, INFO_SHEET)
    try:
        year = parse_year(cell_text(year_value))
    except CellError as exc:
        errors.add(where_year, KEY_YEAR, str(exc))
        return result
    year_text = str(year)
    province = cell_text(info.get(normalise_header(KEY_PROVINCE), (0, ""))[1])
    result.description = f"bảng nhập liệu (Excel) {province} năm {year}".replace("  ", " ")
    found = False
    if STATUS_SHEET in book.sheetnames:
        found = True
        _statuses_read(_sheet_rows(book, STATUS_SHEET, limits), name, year_text, errors, result)
    if VALUES_SHEET in book.sheetnames:
        found = True
        _values_read(_sheet_rows(book, VALUES_SHEET, limits), name, year_text, errors, result)
    if not found:
        errors.add(
            Where(name),
            None,
            f"bảng nhập liệu không có trang “{STATUS_SHEET}” hay “{VALUES_SHEET}” (đã đổi tên trang?)",
        )
    return result


def _code_column(header: list[str], name: str, sheet: str, errors: ErrorList) -> int | None:
    wanted = normalise_header(CODE_HEADER)
    for i, title in enumerate(header):
        if normalise_header(title) == wanted:
            return i
    errors.add(Where(name, 1, sheet), CODE_HEADER, f"thiếu cột “{CODE_HEADER}” ở dòng tiêu đề")
    return None


def _rows_with_code(
    rows: list[tuple[int, list[Any]]], code_col: int, name: str, sheet: str, errors: ErrorList
) -> list[tuple[int, str, list[Any]]]:
    out = []
    for number, cells in rows[1:]:
        code = cell_text(cells[code_col]) if code_col < len(cells) else ""
        if not code:
            if any(cell_text(c) for c in cells[3:]):
                errors.add(
                    Where(name, number, sheet), CODE_HEADER, "dòng có số liệu nhưng thiếu mã xã"
                )
            continue
        out.append((number, code, cells))
    return out


def _statuses_read(
    rows: list[tuple[int, list[Any]]], name: str, year: str, errors: ErrorList, result: FileRead
) -> None:
    if not rows:
        return
    header = [cell_text(c) for c in rows[0][1]]
    code_col = _code_column(header, name, STATUS_SHEET, errors)
    if code_col is None:
        return
    columns = [
        (i, int(m.group(1)), t) for i, t in enumerate(header) if (m := _CRITERION_HEADER.match(t))
    ]
    for number, code, cells in _rows_with_code(rows, code_col, name, STATUS_SHEET, errors):
        where = Where(name, number, STATUS_SHEET)
        for i, criterion, title in columns:
            text = cell_text(cells[i]) if i < len(cells) else ""
            if not text:
                continue
            try:
                met = parse_verdict(text)
            except CellError as exc:
                errors.add(where, title, str(exc))
                continue
            result.records.append(
                Record(
                    STATUSES_FORMAT,
                    where,
                    {
                        "year": year,
                        "commune_code": code,
                        "criterion": str(criterion),
                        "met": "1" if met else "0",
                    },
                    {
                        "year": f"{INFO_SHEET}!{KEY_YEAR}",
                        "commune_code": CODE_HEADER,
                        "criterion": title,
                        "met": title,
                    },
                    lenient=True,
                )
            )


def _values_read(
    rows: list[tuple[int, list[Any]]], name: str, year: str, errors: ErrorList, result: FileRead
) -> None:
    if not rows:
        return
    header = [cell_text(c) for c in rows[0][1]]
    code_col = _code_column(header, name, VALUES_SHEET, errors)
    if code_col is None:
        return
    main: dict[str, tuple[int, str]] = {}
    secondary: dict[str, tuple[int, str]] = {}
    for i, title in enumerate(header):
        m = _INDICATOR_HEADER.match(title)
        if m:
            (secondary if m.group(2) else main)[m.group(1)] = (i, title)
    for number, code, cells in _rows_with_code(rows, code_col, name, VALUES_SHEET, errors):
        where = Where(name, number, VALUES_SHEET)

        def text_at(i: int, cells: list[Any] = cells) -> str:
            return cell_text(cells[i]) if i < len(cells) else ""

        def is_number(i: int, cells: list[Any] = cells) -> bool:
            value = cells[i] if i < len(cells) else None
            return isinstance(value, (int, float)) and not isinstance(value, bool)

        for indicator, (i, title) in main.items():
            value = text_at(i)
            record_cells = {
                "year": year,
                "commune_code": code,
                "indicator": indicator,
                "value": value,
            }
            labels = {
                "year": f"{INFO_SHEET}!{KEY_YEAR}",
                "commune_code": CODE_HEADER,
                "indicator": title,
                "value": title,
            }
            numeric = {"value"} if is_number(i) else set()
            if indicator in secondary:
                j, sec_title = secondary[indicator]
                record_cells["secondary_value"] = text_at(j)
                labels["secondary_value"] = sec_title
                if is_number(j):
                    numeric.add("secondary_value")
                if not value and record_cells["secondary_value"]:
                    errors.add(where, title, "có giá trị chỉ tiêu phụ nhưng thiếu giá trị chính")
                    continue
            if not value:
                continue
            result.records.append(
                Record(VALUES_FORMAT, where, record_cells, labels, frozenset(numeric), lenient=True)
            )
