"""A small synthetic map for tests: one square per unit on a grid, as GeoJSON or TopoJSON.

Square (col, row) spans 0.1° from lon 105 + 0.1·col, lat 22 − 0.1·row (around Cao Bằng's
latitude; the values are made up, no real boundary).
"""

import json
from pathlib import Path
from typing import Any

STEP = 0.1


def square(col: int, row: int) -> list[list[float]]:
    x, y = 105 + STEP * col, 22 - STEP * row
    return [[x, y], [x + STEP, y], [x + STEP, y - STEP], [x, y - STEP], [x, y]]


def feature_collection(cells: dict[str, tuple[int, int]], **extra: Any) -> dict[str, Any]:
    """A FeatureCollection: each code's square, its code in ``code`` (and ``extra`` properties)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, **extra.get(code, {})},
                "geometry": {"type": "Polygon", "coordinates": [square(*cell)]},
            }
            for code, cell in cells.items()
        ],
    }


def topology(cells: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """The same squares as a quantised TopoJSON topology (delta-encoded arcs, a transform).

    The first square is a MultiPolygon whose ring is the reversed arc (index ~i) of its
    own square written backwards, so that both arc directions are decoded.
    """
    scale = 0.001
    origin = (105.0, 21.0)
    arcs, geometries = [], []
    for index, (code, cell) in enumerate(cells.items()):
        ring = square(*cell)
        if index == 0:
            ring = list(reversed(ring))
        quantised = [
            [round((x - origin[0]) / scale), round((y - origin[1]) / scale)] for x, y in ring
        ]
        deltas = [quantised[0]] + [
            [b[0] - a[0], b[1] - a[1]] for a, b in zip(quantised, quantised[1:], strict=False)
        ]
        arcs.append(deltas)
        if index == 0:
            geometries.append(
                {"type": "MultiPolygon", "arcs": [[[~index]]], "properties": {"code": code}}
            )
        else:
            geometries.append({"type": "Polygon", "arcs": [[index]], "properties": {"code": code}})
    return {
        "type": "Topology",
        "transform": {"scale": [scale, scale], "translate": list(origin)},
        "objects": {"units": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
