"""What an import read and what it changed, as the officer sees it before and after confirming (pure).

A dry run is the import itself, rolled back (``services.sources_import``), so
its summary is the summary of the write that the confirmation makes.
"""

from dataclasses import dataclass, field

from ntm.interchange.errors import Where
from ntm.interchange.formats import ALL_KINDS, KIND_LABELS


@dataclass(frozen=True)
class Change:
    """One input that the import creates or changes (shown to the user before confirming)."""

    kind: str
    where: Where
    unit_code: str
    unit_name: str
    year: int
    key: str
    before: str | None
    after: str

    @property
    def created(self) -> bool:
        return self.before is None


@dataclass
class KindSummary:
    """Counts for one kind of file: rows read, inputs created, updated, unchanged, skipped."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class FileSummary:
    name: str
    description: str
    rows: int


@dataclass
class ImportSummary:
    """What an import read and what it changed (or, with ``dry_run``, will change on confirming)."""

    dry_run: bool
    files: list[FileSummary] = field(default_factory=list)
    kinds: dict[str, KindSummary] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    assessments_created: int = 0
    assessments_evaluated: int = 0

    @property
    def changed(self) -> int:
        return len(self.changes)

    @property
    def kind_counts(self) -> list[KindSummary]:
        """The counts of each kind read, in the order of ``ALL_KINDS`` (for pages and lines).

        A list, not the ``kinds`` dict: a template reading ``kinds.values`` gets the
        counts of the "values" kind, not the dict's values.
        """
        return [self.kinds[k] for k in ALL_KINDS if k in self.kinds]

    def lines(self) -> list[str]:
        """The summary as lines of text (for the command line)."""
        out = [f"{f.name}: {f.description}, {f.rows} dòng số liệu" for f in self.files]
        for k in self.kind_counts:
            line = (
                f"{k.label.capitalize()}: {k.rows} dòng; mới {k.created}, sửa {k.updated}, "
                f"giữ nguyên {k.unchanged}"
            )
            if k.skipped:
                line += f", bỏ qua {k.skipped} dòng trống"
            out.append(line)
        if self.assessments_created:
            verb = "sẽ tạo mới" if self.dry_run else "tạo mới"
            out.append(f"Đánh giá xã {verb}: {self.assessments_created}")
        if self.assessments_evaluated:
            verb = "sẽ tính lại" if self.dry_run else "đã tính lại"
            out.append(f"Đánh giá xã {verb}: {self.assessments_evaluated}")
        verb = "sẽ thay đổi (chạy thử, chưa ghi gì)" if self.dry_run else "thay đổi"
        out.append(f"Tổng cộng: {self.changed} {verb}.")
        return out
