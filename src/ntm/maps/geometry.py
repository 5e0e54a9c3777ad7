"""Reading boundary files (pure; no Django): GeoJSON and TopoJSON, to GeoJSON geometries.

A boundary file is a GeoJSON ``FeatureCollection`` or a TopoJSON ``Topology``
(https://github.com/topojson/topojson-specification) whose features carry the
unit's official code in a property. Both become the same thing: numbered
features with their properties and a ``Polygon`` or ``MultiPolygon`` geometry
in longitude/latitude (GeoJSON's order). The TopoJSON arcs are decoded here
(delta-encoded when the topology has a ``transform``, a negative index meaning
the arc reversed): the few lines the format needs, rather than a dependency.
"""

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Position = tuple[float, float]
Ring = list[list[float]]
BBox = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

SHAPE_TYPES = ("Polygon", "MultiPolygon")


class MapFileError(ValueError):
    """A boundary file that cannot be read; the message names where (FILE:feature N:…)."""


@dataclass(frozen=True)
class Feature:
    """One feature of a boundary file: its number in the file (from 1), properties, geometry."""

    number: int
    properties: Mapping[str, Any]
    geometry: Mapping[str, Any]


def _where(file_name: str, number: int, part: str = "") -> str:
    return f"{file_name}:feature {number}" + (f":{part}" if part else "")


def _position(value: Any, where: str) -> list[float]:
    if (
        not isinstance(value, (list, tuple))
        or len(value) < 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value[:2])
    ):
        raise MapFileError(f"{where}: toạ độ không hợp lệ {str(value)[:60]}.")
    lon, lat = float(value[0]), float(value[1])
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise MapFileError(
            f"{where}: toạ độ ({lon}, {lat}) không phải kinh độ, vĩ độ (cần hệ WGS 84, lon/lat)."
        )
    return [lon, lat]


def _ring(value: Any, where: str) -> Ring:
    if not isinstance(value, list) or len(value) < 4:
        raise MapFileError(f"{where}: một vòng ranh giới cần ít nhất 4 điểm.")
    ring = [_position(p, where) for p in value]
    if ring[0] != ring[-1]:
        raise MapFileError(f"{where}: vòng ranh giới không khép kín (điểm đầu khác điểm cuối).")
    return ring


def _polygon(value: Any, where: str) -> list[Ring]:
    if not isinstance(value, list) or not value:
        raise MapFileError(f"{where}: vùng (Polygon) không có vòng ranh giới nào.")
    return [_ring(r, where) for r in value]


def geometry_clean(value: Any, where: str) -> dict[str, Any]:
    """A checked ``Polygon`` or ``MultiPolygon`` (positions reduced to lon, lat), or a refusal."""
    if not isinstance(value, Mapping):
        raise MapFileError(f"{where}:geometry: thiếu hình (geometry).")
    kind = value.get("type")
    coordinates = value.get("coordinates")
    here = f"{where}:geometry"
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon(coordinates, here)}
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise MapFileError(f"{here}: MultiPolygon không có vùng nào.")
        return {"type": "MultiPolygon", "coordinates": [_polygon(p, here) for p in coordinates]}
    raise MapFileError(
        f"{here}: kiểu hình {kind!r} không dùng được; cần {' hoặc '.join(SHAPE_TYPES)}."
    )


def polygons(geometry: Mapping[str, Any]) -> list[list[Ring]]:
    """The polygons of a geometry (one for a Polygon), each a list of rings (outer first)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def bbox(geometry: Mapping[str, Any]) -> BBox:
    """The geometry's bounding box: (min lon, min lat, max lon, max lat)."""
    lons = [p[0] for poly in polygons(geometry) for ring in poly for p in ring]
    lats = [p[1] for poly in polygons(geometry) for ring in poly for p in ring]
    return (min(lons), min(lats), max(lons), max(lats))


def bbox_union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# --------------------------------------------------------------------------- TopoJSON


def _topology_arcs(topology: Mapping[str, Any], file_name: str) -> list[list[list[float]]]:
    """The topology's arcs as absolute lon/lat positions (quantised ones decoded)."""
    arcs = topology.get("arcs")
    if not isinstance(arcs, list):
        raise MapFileError(f"{file_name}: Topology thiếu danh sách arcs.")
    transform = topology.get("transform")
    scale, translate = (1.0, 1.0), (0.0, 0.0)
    if transform is not None:
        try:
            scale = (float(transform["scale"][0]), float(transform["scale"][1]))
            translate = (float(transform["translate"][0]), float(transform["translate"][1]))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise MapFileError(f"{file_name}: transform của Topology không hợp lệ.") from exc
    out = []
    for index, arc in enumerate(arcs):
        if not isinstance(arc, list) or not arc:
            raise MapFileError(f"{file_name}: arc {index} rỗng hoặc không hợp lệ.")
        points = []
        x = y = 0.0
        for p in arc:
            if not isinstance(p, list) or len(p) < 2:
                raise MapFileError(f"{file_name}: arc {index}: điểm không hợp lệ {p!r}.")
            if transform is not None:
                x, y = x + p[0], y + p[1]
                points.append([x * scale[0] + translate[0], y * scale[1] + translate[1]])
            else:
                points.append([float(p[0]), float(p[1])])
        out.append(points)
    return out


def _arc_ring(indexes: Any, arcs: list[list[list[float]]], where: str) -> list[list[float]]:
    if not isinstance(indexes, list) or not indexes:
        raise MapFileError(f"{where}: vòng ranh giới không có arc nào.")
    ring: list[list[float]] = []
    for i in indexes:
        if not isinstance(i, int) or not -len(arcs) <= (i if i >= 0 else ~i) < len(arcs):
            raise MapFileError(f"{where}: không có arc {i!r} trong Topology.")
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        # consecutive arcs share their end point
        ring.extend(points if not ring else points[1:])
    return ring


def _topo_geometry(obj: Mapping[str, Any], arcs: list[list[list[float]]], where: str) -> Any:
    kind = obj.get("type")
    if kind == "Polygon":
        return {
            "type": "Polygon",
            "coordinates": [_arc_ring(r, arcs, where) for r in obj.get("arcs") or []],
        }
    if kind == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [
                [_arc_ring(r, arcs, where) for r in poly] for poly in obj.get("arcs") or []
            ],
        }
    return {"type": kind, "coordinates": None}


def _topology_features(topology: Mapping[str, Any], file_name: str) -> list[Feature]:
    objects = topology.get("objects")
    if not isinstance(objects, Mapping) or not objects:
        raise MapFileError(f"{file_name}: Topology không có đối tượng (objects) nào.")
    arcs = _topology_arcs(topology, file_name)
    features: list[Feature] = []
    for obj in objects.values():
        members = obj.get("geometries") if obj.get("type") == "GeometryCollection" else [obj]
        for member in members or []:
            number = len(features) + 1
            where = _where(file_name, number)
            if not isinstance(member, Mapping):
                raise MapFileError(f"{where}: đối tượng không hợp lệ.")
            geometry = _topo_geometry(member, arcs, f"{where}:geometry")
            features.append(
                Feature(number, member.get("properties") or {}, geometry_clean(geometry, where))
            )
    return features


# --------------------------------------------------------------------------- reading


def features_read(data: bytes, *, file_name: str) -> list[Feature]:
    """The features of a GeoJSON FeatureCollection or a TopoJSON Topology, checked.

    Raises MapFileError naming FILE (and feature N) for anything that cannot be drawn.
    """
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MapFileError(f"{file_name}: không đọc được JSON ({exc}).") from exc
    if not isinstance(document, Mapping):
        raise MapFileError(f"{file_name}: cần một FeatureCollection (GeoJSON) hoặc Topology.")
    kind = document.get("type")
    if kind == "Topology":
        features = _topology_features(document, file_name)
    elif kind == "FeatureCollection":
        raw = document.get("features")
        if not isinstance(raw, list):
            raise MapFileError(f"{file_name}: FeatureCollection thiếu danh sách features.")
        features = []
        for number, item in enumerate(raw, start=1):
            where = _where(file_name, number)
            if not isinstance(item, Mapping) or item.get("type") != "Feature":
                raise MapFileError(f"{where}: không phải một Feature.")
            properties = item.get("properties") or {}
            if not isinstance(properties, Mapping):
                raise MapFileError(f"{where}:properties: cần một đối tượng.")
            features.append(
                Feature(number, properties, geometry_clean(item.get("geometry"), where))
            )
    else:
        raise MapFileError(
            f"{file_name}: kiểu {kind!r} không dùng được; cần FeatureCollection hoặc Topology."
        )
    if not features:
        raise MapFileError(f"{file_name}: tệp không có ranh giới nào.")
    return features
