"""Reading loaded boundaries: the shapes of some units, from the map that covers most of them."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ntm.maps.drawing import Choropleth, MapSource, Shape, Value, choropleth
from ntm.maps.models import Boundary


@dataclass(frozen=True)
class MapShapes:
    """The shapes of the units asked for that one loaded map holds, and that map."""

    source: MapSource
    shapes: tuple[Shape, ...]


def unit_shapes(*, unit_ids: Iterable[int] | QuerySet[Any]) -> MapShapes | None:
    """The shapes of these units (versions) on the loaded map holding most of them, in one query.

    Of several maps, the one with most of the units wins, the latest loaded on
    a tie; units it does not hold are left out (drawn nowhere). None when no
    map holds any.
    """
    ids = unit_ids if isinstance(unit_ids, QuerySet) else list(unit_ids)
    rows = list(
        Boundary.objects.filter(unit__in=ids)
        .select_related("boundary_set", "unit")
        .order_by("unit__code", "pk")
    )
    if not rows:
        return None
    held: dict[int, list[Boundary]] = {}
    for row in rows:
        held.setdefault(row.boundary_set_id, []).append(row)
    best = max(
        held.values(),
        key=lambda bs: (len(bs), bs[0].boundary_set.loaded_at, bs[0].boundary_set_id),
    )
    bset = best[0].boundary_set
    return MapShapes(
        source=MapSource(bset.name, bset.list_name, bset.licence, bset.source),
        shapes=tuple(
            Shape(
                unit_id=b.unit_id,
                code=b.unit.code,
                name=str(b.unit),
                geometry=b.geometry,
                bbox=(b.min_lon, b.min_lat, b.max_lon, b.max_lat),
            )
            for b in best
        ),
    )


def map_figure(
    *,
    unit_ids: Iterable[int] | QuerySet[Any],
    values: Callable[[list[int]], Mapping[int, Value]],
    measure: str,
    year: int,
    communes: bool,
    criteria_count: int,
) -> Choropleth | None:
    """A choropleth of these units on the loaded map holding most of them (None: no map).

    ``values`` is given the ids of the units the map holds, and is only called
    when it holds some, so that a unit without a map costs its one look-up of
    boundaries and nothing more.
    """
    shapes = unit_shapes(unit_ids=unit_ids)
    if shapes is None:
        return None
    chart = choropleth(
        source=shapes.source,
        shapes=shapes.shapes,
        measure=measure,
        year=year,
        values=values([s.unit_id for s in shapes.shapes]),
        communes=communes,
        criteria_count=criteria_count,
    )
    return chart if chart.shapes else None
