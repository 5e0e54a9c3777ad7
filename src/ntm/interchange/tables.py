"""Writing interchange tables as CSV or as the first sheet of an .xlsx (renderers: no queries)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ntm.interchange.formats import FileFormat

Row = dict[str, str]


def table_columns(fmt: FileFormat, rows: list[Row]) -> list[str]:
    """The format's required columns, then the optional ones the rows use."""
    return list(fmt.required) + [c for c in fmt.optional if any(c in r for r in rows)]


def table_csv(fmt: FileFormat, rows: list[Row], *, bom: bool = False) -> bytes:
    """UTF-8 CSV with a header row (a BOM on request, for spreadsheet programs)."""
    out = io.StringIO(newline="")
    columns = table_columns(fmt, rows)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


# Columns written as numbers in .xlsx; codes stay text so that 2.10 is not read as 2.1.
_INTEGERS = {"year", "criterion", "met"}
_NUMBERS = {"value", "secondary_value", "high"}


def _cell(column: str, text: str) -> str | int | float:
    if not text:
        return ""
    if column in _INTEGERS:
        return int(text)
    if column in _NUMBERS and text.replace(".", "", 1).lstrip("-").isdigit():
        return int(text) if "." not in text else float(text)
    return text


def table_xlsx(fmt: FileFormat, rows: list[Row]) -> bytes:
    """The same table in the first sheet of a workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = fmt.kind
    columns = table_columns(fmt, rows)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(c, row.get(c, "")) for c in columns])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
