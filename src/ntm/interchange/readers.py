"""Reading input files (CSV, plain .xlsx, the people's workbook) into records.

A record is one data row with its cells as text, keyed by the format's column
names, and where it came from (file, sheet, row as a spreadsheet shows it).
Problems with the file itself (encoding, header, empty file) are added to the
error list; the records of a file with such a problem are not returned.
"""

import csv
import io
import zipfile
from collections.abc import Iterable

import openpyxl

from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import cell_text, format_detect
from ntm.interchange.records import FileRead, Record, Source
from ntm.interchange.workbook import workbook_is_people, workbook_records

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def source_read(source: Source, errors: ErrorList) -> FileRead:
    """Read one file, recognising CSV, a plain .xlsx or the people's workbook."""
    name = source.name
    lower = name.lower()
    if not source.data.strip(b"\xef\xbb\xbf \t\r\n"):
        errors.add(Where(name, 1), None, "tệp rỗng (không có dòng tiêu đề)")
        return FileRead(name, "tệp rỗng")
    if lower.endswith(".xls") or source.data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        errors.add(
            Where(name),
            None,
            "định dạng Excel cũ (.xls) không được hỗ trợ; hãy lưu lại thành .xlsx hoặc CSV UTF-8",
        )
        return FileRead(name, "xls")
    if lower.endswith(XLSX_SUFFIXES) or source.data[:4] == b"PK\x03\x04":
        return _xlsx_read(source, errors)
    return _csv_read(source, errors)


def _csv_read(source: Source, errors: ErrorList) -> FileRead:
    name = source.name
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        errors.add(
            Where(name, line),
            None,
            "tệp không phải UTF-8 (có byte không hợp lệ); hãy lưu lại với mã hoá UTF-8 (CSV UTF-8)",
        )
        return FileRead(name, "CSV")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[object]]] = []
    try:
        for number, rec in enumerate(reader, start=1):
            rows.append((number, list(rec)))
    except csv.Error as exc:
        errors.add(Where(name, len(rows) + 1), None, f"dòng CSV không đọc được ({exc})")
        return FileRead(name, "CSV")
    return _table_read(name, None, rows, errors, description="CSV")


def _xlsx_read(source: Source, errors: ErrorList) -> FileRead:
    name = source.name
    try:
        book = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        errors.add(Where(name), None, f"không đọc được tệp Excel .xlsx ({exc.__class__.__name__})")
        return FileRead(name, "xlsx")
    try:
        if workbook_is_people(book):
            return workbook_records(book, name, errors)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        return _table_read(
            name, sheet.title, rows, errors, description=f"Excel, trang “{sheet.title}”"
        )
    finally:
        book.close()


def _is_blank(values: Iterable[object]) -> bool:
    return all(cell_text(v) == "" for v in values)


def _table_read(
    name: str,
    sheet: str | None,
    rows: list[tuple[int, list[object]]],
    errors: ErrorList,
    *,
    description: str,
) -> FileRead:
    """Records of a table whose first non-blank row is the header."""
    result = FileRead(name, description)
    body = [(n, cells) for n, cells in rows if not _is_blank(cells)]
    if not body:
        errors.add(Where(name, 1, sheet), None, "tệp rỗng (không có dòng tiêu đề)")
        return result
    header_row, header_cells = body[0]
    header = [cell_text(c) for c in header_cells]
    detection = format_detect(header)
    for column, message in detection.problems:
        errors.add(Where(name, header_row, sheet), column, message)
    if detection.format is None or detection.problems:
        return result
    fmt = detection.format
    result.description = f"{fmt.label} ({description})"
    width = max(detection.index.values()) + 1
    data = body[1:]
    if not data:
        errors.add(
            Where(name, header_row, sheet),
            None,
            "tệp chỉ có dòng tiêu đề, không có dòng số liệu nào",
        )
        return result
    for number, cells in data:
        where = Where(name, number, sheet)
        extra = [cell_text(c) for c in cells[len(header) :]]
        if any(extra):
            errors.add(where, None, "dòng có nhiều ô hơn dòng tiêu đề (có dấu phẩy thừa?)")
            continue
        padded = list(cells) + [None] * (width - len(cells))
        texts: dict[str, str] = {}
        numeric: set[str] = set()
        for column, i in detection.index.items():
            value = padded[i]
            texts[column] = cell_text(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                numeric.add(column)
        result.records.append(Record(fmt, where, texts, detection.labels, frozenset(numeric)))
    return result
