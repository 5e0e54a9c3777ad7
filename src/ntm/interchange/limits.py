"""The bounds of an imported file, checked before and while it is read (docs/formats.md, "Limits").

A file's cost must not depend on what it claims: its size is checked before
anything is parsed, an .xlsx's zip directory before openpyxl opens it (the
sum of the members' uncompressed sizes and each large member's compression
ratio: a zip bomb is refused unopened), and rows are read one at a time and
refused at the first row past a limit (rows, columns, characters per cell), so
that memory stays bounded by the limits, never by the file. Python's zip reader
never inflates a member beyond the size its directory entry declares.
"""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

#: Members smaller than this are never refused for their ratio (tiny XML parts compress well).
RATIO_MIN_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Limits:
    """The limits of one import (``NTM_IMPORT_*`` settings)."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 500_000
    max_cell_chars: int = 1000
    max_columns: int = 200
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: int = 100

    @classmethod
    def from_settings(cls) -> "Limits":
        from django.conf import settings

        return cls(
            max_bytes=settings.NTM_IMPORT_MAX_BYTES,
            max_rows=settings.NTM_IMPORT_MAX_ROWS,
            max_cell_chars=settings.NTM_IMPORT_MAX_CELL_CHARS,
            max_columns=settings.NTM_IMPORT_MAX_COLUMNS,
            max_unzipped_bytes=settings.NTM_IMPORT_MAX_UNZIPPED_BYTES,
            max_zip_ratio=settings.NTM_IMPORT_MAX_ZIP_RATIO,
        )

    @property
    def max_line_chars(self) -> int:
        """The longest CSV line that can hold ``max_columns`` cells of ``max_cell_chars``."""
        return self.max_columns * (self.max_cell_chars + 3) + 2


class TooLarge(Exception):
    """A file past a limit: where (row, column letter or name) and why, in Vietnamese."""

    def __init__(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        sheet: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column
        self.sheet = sheet


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} byte"


def size_check(size: int, limits: Limits) -> None:
    """Refuse a file larger than ``max_bytes`` (before it is read)."""
    if size > limits.max_bytes:
        raise TooLarge(
            f"tệp lớn {megabytes(size)}, quá giới hạn {megabytes(limits.max_bytes)} một tệp "
            "(NTM_IMPORT_MAX_BYTES); hãy chia thành nhiều tệp nhỏ hơn"
        )


def zip_check(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an .xlsx whose members, as its zip directory declares them, are too large.

    Nothing is inflated: the directory gives each member's sizes, and the
    reader never inflates more than a member declares.
    """
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise TooLarge(f"tệp Excel có {len(members)} phần, quá nhiều (tối đa {MAX_MEMBERS})")
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > limits.max_zip_ratio:
            raise TooLarge(
                f"tệp Excel có phần “{info.filename}” nén {ratio:.0f} lần "
                f"(giải nén ra {megabytes(info.file_size)}), quá tỉ lệ nén cho phép "
                f"{limits.max_zip_ratio} lần (NTM_IMPORT_MAX_ZIP_RATIO); tệp không được mở"
            )
    if total > limits.max_unzipped_bytes:
        raise TooLarge(
            f"tệp Excel giải nén ra {megabytes(total)}, quá giới hạn "
            f"{megabytes(limits.max_unzipped_bytes)} (NTM_IMPORT_MAX_UNZIPPED_BYTES); "
            "tệp không được mở"
        )


def _rows_refusal(limits: Limits, number: int) -> TooLarge:
    return TooLarge(
        f"tệp có hơn {limits.max_rows} dòng (kể cả dòng trống), quá giới hạn "
        "(NTM_IMPORT_MAX_ROWS); hãy xoá các dòng trống thừa hoặc chia thành nhiều tệp",
        row=number,
    )


def _cells_check(cells: list[Any], number: int, limits: Limits, letters: bool) -> None:
    if len(cells) > limits.max_columns:
        raise TooLarge(
            f"dòng có {len(cells)} ô, quá giới hạn {limits.max_columns} cột (NTM_IMPORT_MAX_COLUMNS)",
            row=number,
        )
    for i, value in enumerate(cells):
        if isinstance(value, str) and len(value) > limits.max_cell_chars:
            raise TooLarge(
                f"ô dài {len(value)} ký tự, quá giới hạn {limits.max_cell_chars} ký tự một ô "
                "(NTM_IMPORT_MAX_CELL_CHARS)",
                row=number,
                column=get_column_letter(i + 1) if letters else f"cột {i + 1}",
            )


def sheet_rows(sheet: Any, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """A read-only openpyxl sheet's rows, one at a time: (row number, values without trailing blanks).

    The sheet's XML is streamed by openpyxl's own parser (the one its read-only
    sheets use), so its claim of its size (``<dimension>``) and empty styled
    cells cost nothing: only cells holding a value are kept, a value past
    ``max_columns`` is refused, and reading stops with ``TooLarge`` at the first
    row past ``max_rows`` (by its number or by how many rows came before).
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    book = sheet.parent
    try:
        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=book.data_only,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for count, (number, row) in enumerate(parser.parse(), start=1):
                if number > limits.max_rows or count > limits.max_rows:
                    raise _rows_refusal(limits, max(number, count))
                values = {
                    c["column"]: c["value"]
                    for c in row
                    if c["value"] is not None and c["value"] != ""
                }
                if not values:
                    yield number, []
                    continue
                last = max(values)
                if last > limits.max_columns:
                    raise TooLarge(
                        f"dòng có số liệu ở cột {get_column_letter(last)}, quá giới hạn "
                        f"{limits.max_columns} cột (NTM_IMPORT_MAX_COLUMNS)",
                        row=number,
                        column=get_column_letter(last),
                    )
                cells = [values.get(col) for col in range(1, last + 1)]
                _cells_check(cells, number, limits, letters=True)
                yield number, cells
    except TooLarge as exc:
        exc.sheet = exc.sheet or sheet.title
        raise


def csv_lines(lines: Iterable[str], limits: Limits) -> Iterator[str]:
    """The physical lines of a CSV text stream, each refused when longer than any valid row."""
    for number, line in enumerate(lines, start=1):
        if len(line) > limits.max_line_chars:
            raise TooLarge(
                f"dòng dài {len(line)} ký tự, quá giới hạn "
                f"({limits.max_columns} cột × {limits.max_cell_chars} ký tự)",
                row=number,
            )
        yield line


def csv_rows(rows: Iterable[list[str]], limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """Parsed CSV records, numbered, refused past ``max_rows``, ``max_columns``, ``max_cell_chars``."""
    for number, cells in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise _rows_refusal(limits, number)
        _cells_check(list(cells), number, limits, letters=False)
        yield number, list(cells)
