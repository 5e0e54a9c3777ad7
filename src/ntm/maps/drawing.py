"""Choropleth maps of units (pure; no Django): shapes, their values and classes, the projection.

The dashboard draws the result as inline SVG and the report as a PNG
(``reports.charts.choropleth_png``), from the same ``Choropleth``.

Projection: equirectangular, scaled to the map's bounding box, with the
longitudes shrunk by cos(latitude at the box's middle) so that shapes keep
their proportions at Viet Nam's latitudes (8°–23° N: at most a few per cent
off over one province). It is meant for a province's map, not a country's.

Measures (``MEASURES``), each of the figures the dashboard already shows:
- ``criteria``: a district's average criteria met per commune assessed, a
  commune's criteria met; five classes of the criteria set's size;
- ``status``: a commune đạt chuẩn (a decision in force, or a file meeting every
  criterion) / chưa đạt / chưa đánh giá (no file with a result: never "not met");
  a district's share of its communes đạt chuẩn;
- ``recognition``: a commune holding a recognition decision in force or not; a
  district's share of its communes holding one.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ntm.evaluation.numbers import format_number, format_percent, round_half_away
from ntm.maps.geometry import BBox, bbox_union, polygons

MEASURES = ("criteria", "status", "recognition")

#: Light to dark (class 0 to 4; ColorBrewer's five blues), readable in print; a unit without a
#: value is grey. Shapes are outlined in ``OUTLINE``, so that the lightest shows on white.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_VALUE = "#d9d9d9"
OUTLINE = "#6b747a"
#: Shade names used on the page (the shapes and legend carry their colour as a fill).
STANDARD, NOT_MET = 4, 1


@dataclass(frozen=True)
class MapSource:
    """A loaded boundary set, as every drawing of it credits it."""

    name: str
    list_name: str
    licence: str
    source: str

    @property
    def attribution(self) -> str:
        return f"Ranh giới: {self.source}. Giấy phép: {self.licence}."


@dataclass(frozen=True)
class Shape:
    """A unit's boundary: its database id (for links), code, name and geometry."""

    unit_id: int
    code: str
    name: str
    geometry: Mapping[str, Any]
    bbox: BBox


@dataclass(frozen=True)
class Value:
    """A shape's value: its class (None: no value, grey) and how it is written."""

    shade: int | None
    text: str


@dataclass(frozen=True)
class LegendEntry:
    shade: int | None
    label: str

    @property
    def color(self) -> str:
        return color(self.shade)


@dataclass(frozen=True)
class Choropleth:
    """Shapes coloured by one measure of one year, with a legend and the map's source."""

    source: MapSource
    measure: str
    year: int
    title: str
    shapes: tuple[Shape, ...]
    values: Mapping[int, Value]
    legend: tuple[LegendEntry, ...]

    def value_of(self, shape: Shape) -> Value:
        return self.values.get(shape.unit_id, Value(None, "không có số liệu"))


def color(shade: int | None) -> str:
    return NO_VALUE if shade is None else PALETTE[shade]


def choropleth(
    *,
    source: MapSource,
    shapes: Sequence[Shape],
    measure: str,
    year: int,
    values: Mapping[int, Value],
    communes: bool,
    criteria_count: int,
) -> Choropleth:
    """The shapes that have a value (the units shown), coloured by ``measure``."""
    return Choropleth(
        source=source,
        measure=measure,
        year=year,
        title=measure_title(measure, communes=communes, year=year),
        shapes=tuple(s for s in shapes if s.unit_id in values),
        values=values,
        legend=legend(measure, communes=communes, criteria_count=criteria_count),
    )


# --------------------------------------------------------------------------- classes


def _edges(top: int) -> list[int]:
    """Four whole-number edges splitting 0..top in five classes (19 → 4, 8, 11, 15)."""
    return [round(top * k / 5) for k in range(1, 5)]


def _class_of(value: Decimal, edges: Sequence[int]) -> int:
    return sum(1 for e in edges if value >= e)


def _range_legend(top: int, unit: str) -> list[LegendEntry]:
    edges = _edges(top)
    bounds = [0, *edges, top]
    entries = []
    for k in range(5):
        low, high = bounds[k], bounds[k + 1]
        last = k == 4
        label = f"{low}–{high}{unit}" if last else f"{low} – dưới {high}{unit}"
        entries.append(LegendEntry(k, label))
    return entries


def criteria_value(value: Decimal | int | None, *, criteria_count: int, places: int) -> Value:
    """Criteria met (a commune's, ``places`` 0) or their average (a district's, ``places`` 2)."""
    if value is None:
        return Value(None, "chưa đánh giá")
    # classed as written: 14,995 is shown 15,00 and coloured as 15
    number = Decimal(round_half_away(Decimal(value), places))
    return Value(_class_of(number, _edges(criteria_count)), format_number(number, places))


def share_value(part: int, whole: int) -> Value:
    """A district's share of its communes (đạt chuẩn, or holding a decision)."""
    if whole <= 0:
        return Value(None, "không có xã")
    share = Decimal(round_half_away(Decimal(part) * 100 / Decimal(whole), 2))
    return Value(_class_of(share, _edges(100)), f"{format_percent(share)} ({part}/{whole} xã)")


def commune_status(*, standard: bool, assessed: bool) -> Value:
    """A commune's status: đạt chuẩn wins; a commune not assessed is never "chưa đạt"."""
    if standard:
        return Value(STANDARD, "đạt chuẩn")
    if not assessed:
        return Value(None, "chưa đánh giá")
    return Value(NOT_MET, "chưa đạt")


def commune_recognition(recognised: bool) -> Value:
    if recognised:
        return Value(STANDARD, "đã có quyết định công nhận")
    return Value(0, "chưa có quyết định công nhận")


def legend(measure: str, *, communes: bool, criteria_count: int) -> tuple[LegendEntry, ...]:
    """The legend of a measure for communes (``communes``) or for districts."""
    if measure == "criteria":
        entries = _range_legend(criteria_count, " tiêu chí")
        return (*entries, LegendEntry(None, "chưa đánh giá"))
    if not communes:
        return (*_range_legend(100, "%"), LegendEntry(None, "không có xã"))
    if measure == "status":
        return (
            LegendEntry(STANDARD, "đạt chuẩn"),
            LegendEntry(NOT_MET, "chưa đạt"),
            LegendEntry(None, "chưa đánh giá"),
        )
    return (
        LegendEntry(STANDARD, "đã có quyết định công nhận"),
        LegendEntry(0, "chưa có quyết định công nhận"),
    )


def measure_title(measure: str, *, communes: bool, year: int) -> str:
    """What the map shows, for its heading and the report's caption."""
    if measure == "criteria":
        what = "Số tiêu chí đạt của từng xã" if communes else "Bình quân tiêu chí đạt/xã"
    elif measure == "status":
        what = "Xã đạt chuẩn nông thôn mới" if communes else "Tỷ lệ xã đạt chuẩn nông thôn mới"
    else:
        what = (
            "Xã có quyết định công nhận đạt chuẩn còn hiệu lực"
            if communes
            else "Tỷ lệ xã có quyết định công nhận đạt chuẩn còn hiệu lực"
        )
    return f"{what} năm {year}"


# --------------------------------------------------------------------------- projection


@dataclass(frozen=True)
class Projection:
    """Equirectangular with cos(mid-latitude) correction, fitted to ``width`` user units."""

    box: BBox
    width: float
    margin: float = 4.0

    @property
    def _k(self) -> float:
        return math.cos(math.radians((self.box[1] + self.box[3]) / 2))

    @property
    def _scale(self) -> float:
        span = max((self.box[2] - self.box[0]) * self._k, 1e-9)
        return (self.width - 2 * self.margin) / span

    @property
    def height(self) -> float:
        return round((self.box[3] - self.box[1]) * self._scale + 2 * self.margin, 2)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG coordinates: x to the east, y down from the north edge."""
        x = (lon - self.box[0]) * self._k * self._scale + self.margin
        y = (self.box[3] - lat) * self._scale + self.margin
        return round(x, 2), round(y, 2)


def projection_for(shapes: Sequence[Shape], *, width: float = 600.0) -> Projection:
    return Projection(bbox_union([s.bbox for s in shapes]), width)


def projected_rings(shape: Shape, projection: Projection) -> list[list[tuple[float, float]]]:
    """Every ring of the shape (outer and holes) in the projection's coordinates."""
    return [
        [projection.point(p[0], p[1]) for p in ring]
        for poly in polygons(shape.geometry)
        for ring in poly
    ]


def svg_path(shape: Shape, projection: Projection) -> str:
    """The shape as an SVG path (``fill-rule="evenodd"`` makes the holes)."""
    parts = []
    for ring in projected_rings(shape, projection):
        points = " ".join(f"{x:g},{y:g}" for x, y in ring[:-1])
        parts.append(f"M{points}Z")
    return "".join(parts)
