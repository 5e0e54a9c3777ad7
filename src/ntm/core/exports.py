"""Any list a page shows, downloaded as CSV or .xlsx (renderers: no queries).

A cell that a spreadsheet would run as a formula (text starting with = + - @)
is written as text: in .xlsx as a string cell, in CSV behind an apostrophe.
"""

import csv
import datetime
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | Decimal | datetime.date | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def list_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a BOM (spreadsheet programs then read Vietnamese right)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def list_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """The list in the first sheet; numbers as numbers, dates as dates shown dd/mm/yyyy."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # never a formula
            elif isinstance(value, datetime.datetime):
                cell.value = value.replace(tzinfo=None)
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, datetime.date):
                cell.value = value
                cell.number_format = "dd/mm/yyyy"
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
