"""What a published year shows (pure): the province's figures, its communes, its OCOP products.

One read (``selectors.open_year``) fills :class:`OpenYear` from the selectors
of the dashboard, the report's appendix and the OCOP registry; the page, the
JSON and the CSV files all take it, so the three never disagree. The figures
are those of ``analytics.metrics.UnitFigures``: :func:`figure_rows` only picks
and names them, it computes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ntm.analytics.metrics import UnitFigures
from ntm.reports.appendix import AppendixTable

Number = int | Decimal | None


@dataclass(frozen=True)
class FigureRow:
    """One figure of the province: a key of the files, its value, its unit (``xã``, ``%``)."""

    key: str
    value: Number
    unit: str


@dataclass(frozen=True)
class CommuneLine:
    """A commune (xã) of the published year: its file's state and criteria met, its decision."""

    code: str
    name: str
    district: str
    state: str
    state_label: str
    criteria_met: int | None
    criteria_total: int | None
    recognised: bool


@dataclass(frozen=True)
class OpenYear:
    """A province's published year, as anyone may read and download it."""

    province_code: str
    province_name: str
    year: int
    licence: str
    published_at: datetime.datetime
    figures: UnitFigures
    communes: tuple[CommuneLine, ...]
    products: tuple[dict[str, Any], ...]
    #: the report's appendix, only once every year it prints (its TH columns) is
    #: published and final; else None, and ``appendix_waits_for`` names those years
    appendix: AppendixTable | None
    appendix_waits_for: tuple[int, ...] = ()

    @property
    def recognised(self) -> tuple[CommuneLine, ...]:
        """The communes holding a recognition decision in force (đã có quyết định công nhận)."""
        return tuple(c for c in self.communes if c.recognised)


def figure_rows(figures: UnitFigures) -> list[FigureRow]:
    """The province's key figures and, per criterion, the communes meeting it (dashboard's)."""
    rows = [
        FigureRow("communes", figures.now.communes, "xã"),
        FigureRow("communes_assessed", figures.now.assessed, "xã"),
        FigureRow("communes_not_assessed", figures.now.not_assessed, "xã"),
        FigureRow("communes_standard", figures.standard.standard, "xã"),
        FigureRow("communes_standard_share", figures.standard.share, "%"),
        FigureRow("communes_recognised", figures.standard.recognised, "xã"),
        FigureRow("criteria_average", figures.average.value, "tiêu chí/xã"),
        FigureRow("communes_below_ten", figures.below_ten, "xã"),
    ]
    for c in figures.criteria:
        rows.append(FigureRow(f"criterion_{c.number}_communes", c.communes, "xã"))
        rows.append(FigureRow(f"criterion_{c.number}_share", c.share, "%"))
    return rows
