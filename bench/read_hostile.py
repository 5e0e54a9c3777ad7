"""Peak memory and time of reading hostile import files: NTM's bounded readers against plain openpyxl.

    .venv/bin/python bench/read_hostile.py

Each file is built here. For every one it prints the time and the peak memory
(tracemalloc: Python's allocations, in a second run; the time is the first, untraced run) of ``readers.source_read`` with the default
limits, and, for the .xlsx files, of opening the same bytes the way a reader
without limits would (``openpyxl.load_workbook`` without ``read_only``, then
every row), which is what the importer's figures looked like before its limits.
No database is needed: the readers only read.
"""

import io
import os
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import openpyxl  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from ntm.interchange.errors import ErrorList  # noqa: E402
from ntm.interchange.limits import Limits  # noqa: E402
from ntm.interchange.readers import source_read  # noqa: E402
from ntm.interchange.records import Source  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"
HEADER = "year,commune_code,criterion,met"


def _xlsx(sheet_data: str, dimension: str) -> bytes:
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            data = sheet.encode() if info.filename == SHEET else src.read(info.filename)
            dst.writestr(info.filename, data)
    return out.getvalue()


def styled_rows(n: int) -> bytes:
    """A header, then ``n`` rows that each hold one empty styled cell in column XFD."""
    header = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>'
        for c, t in zip("ABCD", HEADER.split(","), strict=True)
    )
    rows = "".join(f'<row r="{i}"><c r="XFD{i}" s="0"/></row>' for i in range(2, n + 2))
    return _xlsx(f'<row r="1">{header}</row>{rows}', "A1:XFD1048576")


def newlines(n: int) -> bytes:
    return (HEADER + "\n").encode() + b"\n" * n


def _run(job: Callable[[], Any]) -> str:
    try:
        return str(job())
    except MemoryError:
        return "MemoryError"


def measure(job: Callable[[], Any]) -> tuple[float, float, str]:
    """Seconds of a plain run, then the peak of a run under tracemalloc (which is slower)."""
    start = time.perf_counter()
    outcome = _run(job)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    _run(job)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1024 / 1024, outcome[:90]


def ntm_read(name: str, data: bytes) -> Callable[[], str]:
    def job() -> str:
        errors = ErrorList()
        read = source_read(Source(name, data), errors, Limits())
        return str(errors.items[0]) if errors.items else f"{len(read.records)} records"

    return job


def openpyxl_full(data: bytes) -> Callable[[], str]:
    def job() -> str:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        return f"{rows} rows"

    return job


def csv_split(data: bytes) -> Callable[[], str]:
    """The whole text split into rows at once (as the CSV reader did before its limits)."""

    def job() -> str:
        import csv

        rows = list(enumerate(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))))
        return f"{len(rows)} rows"

    return job


def main() -> None:
    files = [
        ("styled.xlsx", styled_rows(200_000)),
        ("newlines.csv", newlines(3_000_000)),
    ]
    print(f"{'file':<14} {'bytes':>10}  {'reader':<22} {'seconds':>8} {'peak MB':>8}  outcome")
    for name, data in files:
        runs: list[tuple[str, Callable[[], str]]] = [("NTM (limits)", ntm_read(name, data))]
        if name.endswith(".xlsx"):
            runs.append(("openpyxl, not read-only", openpyxl_full(data)))
        else:
            runs.append(("split at once", csv_split(data)))
        for label, job in runs:
            seconds, peak, outcome = measure(job)
            print(
                f"{name:<14} {len(data):>10}  {label:<22} {seconds:>8.2f} {peak:>8.1f}  {outcome}"
            )


if __name__ == "__main__":
    main()
