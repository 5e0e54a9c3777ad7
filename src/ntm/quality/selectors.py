"""Reads of the data's quality: a printed appendix reconciled with the unit's figures."""

from dataclasses import dataclass
from typing import Any

from ntm.core.errors import ApplicationError
from ntm.interchange.errors import ErrorList
from ntm.interchange.readers import grid_read
from ntm.interchange.records import Source
from ntm.quality.reconcile import Finding, reconcile
from ntm.reports.selectors import appendix_table
from ntm.units.models import AdminUnit


@dataclass(frozen=True)
class Reconciliation:
    """The findings of a printed appendix: contradictions, and cells that could not be read."""

    source: str
    findings: tuple[Finding, ...]

    @property
    def contradictions(self) -> list[Finding]:
        return [f for f in self.findings if not f.unreadable]

    def lines(self, lang: str = "vi") -> list[str]:
        return [f.line(lang) for f in self.findings]


def appendix_reconcile(
    *, unit: AdminUnit, year: int, source: Source, user: Any = None
) -> Reconciliation:
    """A printed appendix of ``unit``'s ``year`` (CSV or .xlsx, the appendix's layout)
    against itself and against NTM's table (``reports.selectors.appendix_table``).

    Raises ``ApplicationError`` naming the file when it cannot be read as an appendix.
    """
    errors = ErrorList()
    grid = grid_read(source, errors)
    if errors:
        raise ApplicationError("\n".join(str(e) for e in errors.items))
    table = appendix_table(unit=unit, year=year, user=user)
    try:
        findings = reconcile(grid, table)
    except ValueError as exc:
        raise ApplicationError(
            f"{source.name}: không có cột nào có tiêu đề dạng “TH {year}” hay “KH {year + 1}” "
            f"(hoặc th_{year}, kh_{year + 1}): tệp không phải là một biểu chi tiết."
        ) from exc
    return Reconciliation(source.name, tuple(findings))
