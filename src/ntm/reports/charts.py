"""The report's charts as PNG images (matplotlib, Agg backend), drawn from prepared figures.

Numbers on the charts are written the Vietnamese way (34,46). The functions
take figures and return bytes; they never query.
"""

import io
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from ntm.analytics.metrics import CriterionFigures, SubunitFigures  # noqa: E402
from ntm.evaluation.numbers import format_number  # noqa: E402
from ntm.maps.drawing import (  # noqa: E402
    OUTLINE,
    Choropleth,
    color,
    projected_rings,
    projection_for,
)
from ntm.reports.data import AveragePoint  # noqa: E402
from ntm.reports.document import office_text  # noqa: E402
from ntm.reports.narrative import subunit_name  # noqa: E402

DPI = 200
FONT = "DejaVu Sans"  # has every Vietnamese letter
COLOR_NOW = "#1f5fa8"
COLOR_BEFORE = "#a9c4e4"
COLOR_PLAN = "#f0a030"


def _vn(value: float, places: int = 0) -> str:
    return format_number(Decimal(str(round(value, 6))), places)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _setup() -> None:
    plt.rcParams.update(
        {"font.family": FONT, "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}
    )


def criteria_share_chart(criteria: Sequence[CriterionFigures], *, year: int) -> bytes:
    """Share of communes meeting each criterion, this year beside last year."""
    _setup()
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    xs = list(range(len(criteria)))
    width = 0.4
    before = [float(c.previous_share) if c.previous_share is not None else 0.0 for c in criteria]
    now = [float(c.share) if c.share is not None else 0.0 for c in criteria]
    if any(c.previous_share is not None for c in criteria):
        ax.bar(
            [x - width / 2 for x in xs], before, width, color=COLOR_BEFORE, label=f"Năm {year - 1}"
        )
        ax.bar([x + width / 2 for x in xs], now, width, color=COLOR_NOW, label=f"Năm {year}")
    else:
        ax.bar(xs, now, width * 2, color=COLOR_NOW, label=f"Năm {year}")
    ax.set_xticks(xs, [str(c.number) for c in criteria])
    ax.set_xlabel("Tiêu chí số")
    ax.set_ylabel("Tỷ lệ xã đạt (%)")
    ax.set_ylim(0, 105)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _vn(v)))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 1.12), ncol=2, frameon=False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return _png(fig)


def average_chart(
    points: Sequence[AveragePoint], *, plan: tuple[int, Decimal] | None = None
) -> bytes:
    """Average criteria per commune year by year, and next year's plan."""
    _setup()
    fig, ax = plt.subplots(figsize=(6.5, 3.0))
    labels = [str(p.year) for p in points]
    values = [float(p.average) for p in points]
    colors = [COLOR_NOW] * len(points)
    if plan is not None:
        labels.append(f"KH {plan[0]}")
        values.append(float(plan[1]))
        colors.append(COLOR_PLAN)
    bars = ax.bar(labels, values, color=colors, width=0.55)
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(
            _vn(value, 2),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    ax.set_ylabel("Tiêu chí/xã")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max([*values, 1.0]) * 1.18)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _vn(v)))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return _png(fig)


def district_chart(subunits: Sequence[SubunitFigures], *, year: int) -> bytes:
    """Each district's average this year beside last year, highest first."""
    _setup()
    rows = [s for s in subunits if s.average is not None]
    height = max(2.0, 0.22 * len(rows) + 0.9)
    fig, ax = plt.subplots(figsize=(6.5, height))
    ys = list(range(len(rows)))[::-1]
    h = 0.4
    before = [float(s.previous) if s.previous is not None else 0.0 for s in rows]
    now = [float(s.average) if s.average is not None else 0.0 for s in rows]
    ax.barh([y - h / 2 for y in ys], before, h, color=COLOR_BEFORE, label=f"Năm {year - 1}")
    bars = ax.barh([y + h / 2 for y in ys], now, h, color=COLOR_NOW, label=f"Năm {year}")
    for bar, value in zip(bars, now, strict=True):
        ax.annotate(
            _vn(value, 2),
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            va="center",
            fontsize=7,
            xytext=(2, 0),
            textcoords="offset points",
        )
    ax.set_yticks(
        ys, [_upper_first(office_text(subunit_name(s, bare_district=False))) for s in rows]
    )
    ax.set_xlabel("Bình quân tiêu chí/xã")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max([*now, *before, 1.0]) * 1.12)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _vn(v)))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return _png(fig)


def map_chart(chart: Choropleth) -> bytes:
    """The choropleth as a figure: each shape filled by its class and labelled with its value.

    The same shapes, projection and classes as the dashboard's map (``maps.drawing``).
    """
    _setup()
    projection = projection_for(chart.shapes)
    ratio = min(max(projection.height / projection.width, 0.4), 1.4)
    fig, ax = plt.subplots(figsize=(6.5, 6.5 * ratio + 0.8))
    for shape in chart.shapes:
        value = chart.value_of(shape)
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for ring in projected_rings(shape, projection):
            vertices.extend(ring)
            codes.extend(
                [int(Path.MOVETO)] + [int(Path.LINETO)] * (len(ring) - 2) + [int(Path.CLOSEPOLY)]
            )
        ax.add_patch(
            PathPatch(
                Path(vertices, codes), facecolor=color(value.shade), edgecolor=OUTLINE, lw=0.6
            )
        )
        x0, y0 = projection.point(shape.bbox[0], shape.bbox[3])
        x1, y1 = projection.point(shape.bbox[2], shape.bbox[1])
        dark = value.shade is not None and value.shade >= 3
        ax.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2,
            f"{shape.name}\n{value.text}",
            ha="center",
            va="center",
            fontsize=6.5,
            color="white" if dark else "#222222",
        )
    ax.set_xlim(0, projection.width)
    ax.set_ylim(projection.height, 0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.legend(
        handles=[Patch(facecolor=e.color, edgecolor=OUTLINE, label=e.label) for e in chart.legend],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=3,
        frameon=False,
        fontsize=7.5,
    )
    return _png(fig)
