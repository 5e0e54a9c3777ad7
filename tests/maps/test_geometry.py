"""Reading boundary files without a database: GeoJSON and TopoJSON give the same shapes."""

import json

import pytest

from ntm.maps.geometry import MapFileError, bbox, features_read
from tests.maps.synthetic import feature_collection, square, topology

CELLS = {"9901": (0, 0), "9902": (1, 0), "9903": (0, 1)}


def _close(a, b):
    return all(
        abs(x - y) < 1e-9 for p, q in zip(a, b, strict=True) for x, y in zip(p, q, strict=True)
    )


def test_a_feature_collection_gives_each_feature_its_code_and_polygon():
    features = features_read(json.dumps(feature_collection(CELLS)).encode(), file_name="m.geojson")
    assert [(f.number, f.properties["code"]) for f in features] == [
        (1, "9901"),
        (2, "9902"),
        (3, "9903"),
    ]
    assert features[1].geometry == {"type": "Polygon", "coordinates": [square(1, 0)]}
    assert bbox(features[2].geometry) == pytest.approx((105.0, 21.8, 105.1, 21.9))


def test_a_quantised_topology_decodes_to_the_same_squares_both_arc_directions():
    features = features_read(json.dumps(topology(CELLS)).encode(), file_name="m.topojson")
    assert [f.properties["code"] for f in features] == list(CELLS)
    # the first is a MultiPolygon made of its arc reversed (~0): back to the square's own order
    first = features[0].geometry
    assert first["type"] == "MultiPolygon"
    assert _close(first["coordinates"][0][0], square(0, 0))
    assert _close(features[1].geometry["coordinates"][0], square(1, 0))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"type": "GeometryCollection"}, "m.json: kiểu 'GeometryCollection' không dùng được"),
        ({"type": "FeatureCollection", "features": []}, "m.json: tệp không có ranh giới nào"),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Point", "coordinates": [105, 22]},
                    }
                ],
            },
            "m.json:feature 1:geometry: kiểu hình 'Point' không dùng được",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    feature_collection(CELLS)["features"][0],
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[105, 22], [105.1, 22], [105.1, 21.9], [105, 21.9]]],
                        },
                    },
                ],
            },
            "m.json:feature 2:geometry: vòng ranh giới không khép kín",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Polygon", "coordinates": [[[600000, 2400000]] * 4]},
                    }
                ],
            },
            "m.json:feature 1:geometry: toạ độ (600000.0, 2400000.0) không phải kinh độ, vĩ độ",
        ),
        (
            {
                "type": "Topology",
                "objects": {"u": {"type": "Polygon", "arcs": [[3]]}},
                "arcs": [[[0, 0], [1, 1]]],
            },
            "m.json:feature 1:geometry: không có arc 3 trong Topology",
        ),
    ],
)
def test_a_file_that_cannot_be_drawn_is_refused_saying_where(document, message):
    with pytest.raises(MapFileError) as exc:
        features_read(json.dumps(document).encode(), file_name="m.json")
    assert str(exc.value).startswith(message)


def test_a_file_that_is_not_json_is_refused():
    with pytest.raises(MapFileError, match="m.json: không đọc được JSON"):
        features_read(b"{not json", file_name="m.json")
