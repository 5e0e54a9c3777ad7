"""The appendix table as CSV: one line per row, numbers with a decimal point."""

import csv
import io
from decimal import Decimal

from ntm.reports.appendix import AppendixTable, Cell


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def appendix_csv(table: AppendixTable) -> str:
    """``row_id,label,unit,TH 2015,TH 2018,TH 2019,KH 2020`` then the rows, in table order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row_id", "label", "unit", *table.columns])
    for row in table.rows:
        writer.writerow([row.row_id, row.label, row.unit, *(_cell(v) for v in row.values)])
    for note in table.notes:  # a provisional year's completeness (``appendix_notes``)
        writer.writerow(["ghi_chu", note, "", *([""] * len(table.columns))])
    return out.getvalue()
