"""Reading loaded boundaries: the shapes of some units, from the map that covers most of them."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ntm.maps.drawing import MapSource, Shape
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
