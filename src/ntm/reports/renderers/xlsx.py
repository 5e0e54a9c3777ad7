"""The appendix table as an Excel workbook laid out like the official table.

A4 portrait, Times New Roman, a merged title and caption above the table, the
header row repeated on every printed page, thin borders. Numbers stay numbers;
their format carries the Vietnamese locale (``[$-42A]``) so that LibreOffice
shows ``6,50`` and ``1.234`` whatever the computer's language, and Excel shows
them with the separators of the computer (Vietnamese on Vietnamese systems).
"""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from ntm.reports.appendix import AppendixTable
from ntm.reports.document import office_text

FONT = "Times New Roman"
COUNT_FORMAT = "[$-42A]#,##0"
AVERAGE_FORMAT = "[$-42A]#,##0.00"
SHEET_TITLE = "Biểu chi tiết"
HEADER_ROW = 4

_thin = Side(style="thin")
_border = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def appendix_xlsx(table: AppendixTable) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ncols = 3 + len(table.columns)
    last = get_column_letter(ncols)

    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = office_text(table.title)
    ws["A1"].font = Font(name=FONT, size=13, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 36
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = office_text(table.caption)
    ws["A2"].font = Font(name=FONT, size=12, italic=True)
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 32

    headers = ["STT", "Chỉ tiêu", "ĐVT", *table.columns]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=office_text(text))
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _border
    ws.row_dimensions[HEADER_ROW].height = 32

    for offset, row in enumerate(table.rows, start=1):
        r = HEADER_ROW + offset
        font = Font(name=FONT, size=12, bold=row.bold, italic=row.italic)
        cells = [
            (row.row_id or None, Alignment(horizontal="center", vertical="center")),
            (row.label, Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)),
            (row.unit or None, Alignment(horizontal="center", vertical="center")),
        ]
        for col, (value, align) in enumerate(cells, start=1):
            cell = ws.cell(
                row=r, column=col, value=office_text(value) if isinstance(value, str) else value
            )
            cell.font = font
            cell.alignment = align
            cell.border = _border
        for i, value in enumerate(row.values):
            cell = ws.cell(row=r, column=4 + i)
            if value is not None:
                cell.value = float(value) if isinstance(value, Decimal) else value
                cell.number_format = AVERAGE_FORMAT if row.kind == "average" else COUNT_FORMAT
            cell.font = font
            cell.alignment = Alignment(horizontal="right", vertical="center", indent=1)
            cell.border = _border

    for offset, note in enumerate(table.notes, start=len(table.rows) + 2):
        r = HEADER_ROW + offset
        ws.merge_cells(f"A{r}:{last}{r}")
        cell = ws.cell(row=r, column=1, value=f"Ghi chú: {note}")
        cell.font = Font(name=FONT, size=12, italic=True)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = 64

    widths = [7, 46, 6] + [10] * len(table.columns)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=4)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.79, right=0.59, top=0.59, bottom=0.59)
    ws.print_options.horizontalCentered = True

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
