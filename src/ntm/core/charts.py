"""A multi-year trend as inline SVG geometry (pure; no Django): one column per year.

Pages draw it with ``templates/includes/trend_chart.html``; no JavaScript chart
library (offices may be offline). A year whose figures are provisional (tạm
tính) is drawn lighter and labelled so; a year without a figure has no column
and says so, never a zero. Where the criteria set changes between two years
(19 criteria in 2025, 10 in 2026) a dashed line breaks the series: the columns
on either side do not measure the same thing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH_PER_YEAR = 64.0
LEFT = 8.0
TOP = 22.0
HEIGHT = 90.0
BAR = 34.0


@dataclass(frozen=True)
class TrendPoint:
    """One year's figure: ``value`` out of ``scale`` (the top of the axis), as text ``label``."""

    year: int
    value: Decimal | int | None
    label: str
    provisional: bool = False
    series: str = ""  # the criteria set the figure follows ("" when not known)
    former: bool = False  # counted on the territory of the units merged in later


@dataclass(frozen=True)
class TrendColumn:
    year: int
    x: float
    y: float
    height: float
    label: str
    label_y: float
    centre: float
    provisional: bool
    missing: bool


def trend_chart(points: Sequence[TrendPoint], *, scale: Decimal | int) -> dict[str, object]:
    """Columns in SVG user units for ``points``, heights relative to ``scale`` (at least 1)."""
    top = max(Decimal(scale), Decimal(1))
    columns = []
    for i, p in enumerate(points):
        x = LEFT + i * WIDTH_PER_YEAR + (WIDTH_PER_YEAR - BAR) / 2
        centre = x + BAR / 2
        if p.value is None:
            columns.append(
                TrendColumn(
                    p.year, x, TOP + HEIGHT, 0.0, p.label, TOP + HEIGHT - 4, centre, False, True
                )
            )
            continue
        share = min(Decimal(p.value) / top, Decimal(1))
        height = round(float(share) * HEIGHT, 2)
        y = TOP + HEIGHT - height
        columns.append(
            TrendColumn(p.year, x, y, height, p.label, y - 5, centre, p.provisional, False)
        )
    breaks = [
        LEFT + i * WIDTH_PER_YEAR
        for i in range(1, len(points))
        if points[i].series and points[i - 1].series and points[i].series != points[i - 1].series
    ]
    # A reorganisation of units: the years before it are counted on the former units' territory.
    changes = [
        LEFT + i * WIDTH_PER_YEAR
        for i in range(1, len(points))
        if points[i].former != points[i - 1].former
    ]
    return {
        "columns": columns,
        "breaks": breaks,
        "changes": changes,
        "width": LEFT * 2 + WIDTH_PER_YEAR * max(len(points), 1),
        "height": TOP + HEIGHT + 22,
        "axis_y": TOP + HEIGHT,
        "year_y": TOP + HEIGHT + 16,
        "has_provisional": any(c.provisional for c in columns),
    }
