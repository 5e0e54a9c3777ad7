"""Reading input files (CSV, plain .xlsx, the people's workbook) into records.

A record is one data row with its cells as text, keyed by the format's column
names, and where it came from (file, sheet, row as a spreadsheet shows it).
Problems with the file itself (encoding, header, empty file, a limit passed)
are added to the error list; the records of a file with such a problem are not
returned.

Files are read within ``limits.Limits``: an .xlsx's zip directory is checked
before openpyxl opens it, which it does read-only (streaming); rows of both
CSV and Excel are read one at a time, blank rows are skipped without being
kept, and reading stops at the first row past a limit.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import openpyxl

from ntm.interchange.errors import ErrorList, Where
from ntm.interchange.formats import cell_text, format_detect
from ntm.interchange.limits import (
    Limits,
    TooLarge,
    csv_lines,
    csv_rows,
    sheet_rows,
    size_check,
    zip_check,
)
from ntm.interchange.records import FileRead, Record, Source
from ntm.interchange.workbook import workbook_is_people, workbook_records

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def source_read(
    source: Source,
    errors: ErrorList,
    limits: Limits | None = None,
    province_refusal: Callable[[str], str | None] | None = None,
) -> FileRead:
    """Read one file, recognising CSV, a plain .xlsx or the people's workbook, within ``limits``.

    ``province_refusal``: see ``workbook.workbook_records``.
    """
    limits = limits or Limits()
    name = source.name
    try:
        return _source_read(source, errors, limits, province_refusal)
    except TooLarge as exc:
        errors.add(Where(name, exc.row, exc.sheet), exc.column, exc.message)
        return FileRead(name, "tệp quá giới hạn")


def _source_read(
    source: Source,
    errors: ErrorList,
    limits: Limits,
    province_refusal: Callable[[str], str | None] | None,
) -> FileRead:
    name = source.name
    lower = name.lower()
    size_check(len(source.data), limits)
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
        return _xlsx_read(source, errors, limits, province_refusal)
    return _csv_read(source, errors, limits)


def _csv_stream(source: Source, limits: Limits) -> Iterator[str]:
    """A CSV's lines as a stream (UTF-8, with or without its byte-order mark), within limits."""
    stream = io.TextIOWrapper(io.BytesIO(source.data), encoding="utf-8-sig", newline="")
    return csv_lines(stream, limits)


def _not_utf8(source: Source, errors: ErrorList) -> None:
    """Say a file is not UTF-8, at the line of its first invalid byte (found on the bytes)."""
    try:
        source.data.decode("utf-8-sig")
        line = 1
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
    errors.add(
        Where(source.name, line),
        None,
        "tệp không phải UTF-8 (có byte không hợp lệ); hãy lưu lại với mã hoá UTF-8 (CSV UTF-8)",
    )


def _book_open(source: Source, errors: ErrorList, limits: Limits) -> Any:
    """An .xlsx opened read-only once its archive passed the limits; None (the problem in
    ``errors``) when it cannot be."""
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            zip_check(archive, limits)
        return openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        errors.add(
            Where(source.name), None, f"không đọc được tệp Excel .xlsx ({exc.__class__.__name__})"
        )
        return None


def _csv_read(source: Source, errors: ErrorList, limits: Limits) -> FileRead:
    """A CSV file read as a stream: one line, one record at a time, never the whole text split."""
    name = source.name
    reader = csv.reader(_csv_stream(source, limits), strict=True)
    rows = csv_rows(reader, limits)
    try:
        return _table_read(name, None, rows, errors, description="CSV")
    except UnicodeDecodeError:
        _not_utf8(source, errors)
        return FileRead(name, "CSV")
    except csv.Error as exc:
        errors.add(Where(name, reader.line_num or 1), None, f"dòng CSV không đọc được ({exc})")
        return FileRead(name, "CSV")


def _xlsx_read(
    source: Source,
    errors: ErrorList,
    limits: Limits,
    province_refusal: Callable[[str], str | None] | None,
) -> FileRead:
    name = source.name
    book = _book_open(source, errors, limits)
    if book is None:
        return FileRead(name, "xlsx")
    try:
        if workbook_is_people(book, limits):
            return workbook_records(book, name, errors, limits, province_refusal)
        sheet = book.worksheets[0]
        return _table_read(
            name,
            sheet.title,
            sheet_rows(sheet, limits),
            errors,
            description=f"Excel, trang “{sheet.title}”",
        )
    finally:
        book.close()


def _is_blank(values: Iterable[object]) -> bool:
    return all(cell_text(v) == "" for v in values)


def _table_read(
    name: str,
    sheet: str | None,
    rows: Iterable[tuple[int, list[object]]],
    errors: ErrorList,
    *,
    description: str,
) -> FileRead:
    """Records of a table whose first non-blank row is the header; rows are read as they come."""
    result = FileRead(name, description)
    body: Iterator[tuple[int, list[object]]] = (
        (n, cells) for n, cells in rows if not _is_blank(cells)
    )
    first = next(body, None)
    if first is None:
        errors.add(Where(name, 1, sheet), None, "tệp rỗng (không có dòng tiêu đề)")
        return result
    header_row, header_cells = first
    header = [cell_text(c) for c in header_cells]
    detection = format_detect(header)
    for column, message in detection.problems:
        errors.add(Where(name, header_row, sheet), column, message)
    if detection.format is None or detection.problems:
        return result
    fmt = detection.format
    result.description = f"{fmt.label} ({description})"
    width = max(detection.index.values()) + 1
    seen = False
    for number, cells in body:
        seen = True
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
    if not seen:
        errors.add(
            Where(name, header_row, sheet),
            None,
            "tệp chỉ có dòng tiêu đề, không có dòng số liệu nào",
        )
    return result


def _grid_cell(value: object) -> str:
    """A cell of a grid as text; a number a spreadsheet holds as such keeps its decimals
    unambiguous (``10,625``, never ``10.625`` that a person's typing reads as thousands)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = cell_text(value)
        return text.replace(".", ",") if "." in text else text
    return cell_text(value)


def grid_read(source: Source, errors: ErrorList, limits: Limits | None = None) -> list[list[str]]:
    """A file as a grid of cell texts (a CSV, or an .xlsx's first sheet), within ``limits``.

    For files of no interchange format, read as they are (a printed appendix to
    reconcile): no header is recognised, blank rows are kept as empty lists, and a
    problem with the file itself is added to ``errors`` (then the grid is empty).
    """
    limits = limits or Limits()
    name = source.name
    try:
        size_check(len(source.data), limits)
        if source.name.lower().endswith(XLSX_SUFFIXES) or source.data[:4] == b"PK\x03\x04":
            book = _book_open(source, errors, limits)
            if book is None:
                return []
            try:
                grid: list[list[str]] = []
                for number, cells in sheet_rows(book.worksheets[0], limits):
                    grid.extend([] for _ in range(number - 1 - len(grid)))
                    grid.append([_grid_cell(c) for c in cells])
                return grid
            finally:
                book.close()
        try:
            return [
                cells for _n, cells in csv_rows(csv.reader(_csv_stream(source, limits)), limits)
            ]
        except UnicodeDecodeError:
            _not_utf8(source, errors)
        except csv.Error as exc:
            errors.add(Where(name), None, f"dòng CSV không đọc được ({exc})")
        return []
    except TooLarge as exc:
        errors.add(Where(name, exc.row, exc.sheet), exc.column, exc.message)
        return []
