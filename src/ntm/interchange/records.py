"""What the readers produce: an input file, its data rows as records, and what was read of it (pure)."""

from dataclasses import dataclass, field
from pathlib import Path

from ntm.interchange.errors import Where
from ntm.interchange.formats import FileFormat


@dataclass(frozen=True)
class Source:
    """An input file: the name shown in messages, and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: Path) -> "Source":
        return cls(name=path.name, data=path.read_bytes())


@dataclass
class Record:
    """One data row of an interchange table.

    ``cells`` holds the text of each column by its canonical name; ``labels``
    the column as the user sees it (for messages); ``numeric`` the columns
    whose spreadsheet cell held a number; ``lenient`` is set for rows typed
    by people in the workbook (a decimal comma is then accepted).
    """

    fmt: FileFormat
    where: Where
    cells: dict[str, str]
    labels: dict[str, str]
    numeric: frozenset[str] = frozenset()
    lenient: bool = False

    @property
    def kind(self) -> str:
        return self.fmt.kind

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def typed(self, name: str) -> bool:
        """Whether a person typed the cell as text in the workbook (read the Vietnamese way).

        A cell the spreadsheet holds as a number (1.234) is the number itself,
        never 1.234 read as thousands.
        """
        return self.lenient and name not in self.numeric


@dataclass
class FileRead:
    """What was read from one file: its records and a short description for the summary."""

    name: str
    description: str
    records: list[Record] = field(default_factory=list)
