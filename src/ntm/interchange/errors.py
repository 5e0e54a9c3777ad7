"""Refusals of an import: every problem names the file, the row and the column.

An import is all or nothing (docs/formats.md): the importer collects every
problem it finds in every file of the call, up to :data:`MAX_ERRORS`, and
refuses the whole call with :class:`ImportRefused`; nothing is written.
"""

from dataclasses import dataclass

from ntm.core.errors import ApplicationError

MAX_ERRORS = 50


@dataclass(frozen=True)
class Where:
    """A place in an input file as its user sees it.

    ``row`` is the row number a spreadsheet shows (the header is row 1, the
    first data row is row 2); ``sheet`` is set for Excel files.
    """

    file: str
    row: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        out = self.file
        if self.sheet:
            out += f"[{self.sheet}]"
        if self.row is not None:
            out += f":{self.row}"
        return out


@dataclass(frozen=True)
class RowError:
    """One problem: where it is, which column, and why the row is refused (in Vietnamese)."""

    file: str
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None

    @classmethod
    def at(cls, where: Where, column: str | None, message: str) -> "RowError":
        return cls(
            file=where.file, row=where.row, column=column, message=message, sheet=where.sheet
        )

    def __str__(self) -> str:
        """``FILE:ROW:COLUMN: message`` (parts that do not apply are left out)."""
        head = str(Where(self.file, self.row, self.sheet))
        if self.column:
            head += f":{self.column}"
        return f"{head}: {self.message}"


class ImportRefused(ApplicationError):
    """The whole import was refused; ``errors`` lists every problem found (at most MAX_ERRORS)."""

    def __init__(self, errors: list[RowError], *, more: int = 0) -> None:
        self.errors = list(errors)
        self.more = more
        total = len(self.errors) + more
        message = f"Không nhập tệp nào: có {total} lỗi; cơ sở dữ liệu giữ nguyên."
        super().__init__(message, extra={"errors": [str(e) for e in self.errors], "more": more})

    def lines(self) -> list[str]:
        """The errors as ``FILE:ROW:COLUMN: message`` lines, then a count of those left out."""
        out = [str(e) for e in self.errors]
        if self.more:
            out.append(f"… và {self.more} lỗi khác (chỉ liệt kê {len(self.errors)} lỗi đầu).")
        return out


class ErrorList:
    """Collects errors up to MAX_ERRORS and counts the rest."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.limit = limit
        self.items: list[RowError] = []
        self.more = 0

    def add(self, where: Where, column: str | None, message: str) -> None:
        if len(self.items) < self.limit:
            self.items.append(RowError.at(where, column, message))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items) + self.more

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefused(self.items, more=self.more)
