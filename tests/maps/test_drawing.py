"""The choropleth's pure parts: classes of each measure, the legend, the projection."""

import math
from decimal import Decimal

import pytest

from ntm.maps.drawing import (
    Shape,
    Value,
    commune_status,
    criteria_value,
    legend,
    projection_for,
    share_value,
    svg_path,
)
from ntm.maps.geometry import bbox
from tests.maps.synthetic import square


def _shape(col, row, lat_shift=0.0):
    ring = [[x, y + lat_shift] for x, y in square(col, row)]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    return Shape(1, "1", "Xã 1", geometry, bbox(geometry))


@pytest.mark.parametrize(
    ("value", "shade", "text"),
    [(0, 0, "0"), (3, 0, "3"), (4, 1, "4"), (11, 3, "11"), (15, 4, "15"), (19, 4, "19")],
)
def test_criteria_met_fall_in_five_classes_of_the_sets_size(value, shade, text):
    assert criteria_value(value, criteria_count=19, places=0) == Value(shade, text)


def test_an_average_is_written_with_two_decimals_the_vietnamese_way():
    # classed as written: shown 15,00, coloured as the class from 15
    assert criteria_value(Decimal("14.995"), criteria_count=19, places=2) == Value(4, "15,00")
    assert criteria_value(Decimal("17.67"), criteria_count=19, places=2).text == "17,67"


def test_a_commune_not_assessed_has_no_value_and_is_never_not_met():
    assert criteria_value(None, criteria_count=19, places=0) == Value(None, "chưa đánh giá")
    assert commune_status(standard=False, assessed=False) == Value(None, "chưa đánh giá")
    assert commune_status(standard=False, assessed=True).text == "chưa đạt"
    # a decision in force makes a commune đạt chuẩn whatever its file says
    assert commune_status(standard=True, assessed=False).text == "đạt chuẩn"


def test_a_share_of_communes_names_its_part_and_whole():
    assert share_value(2, 3) == Value(3, "66,67% (2/3 xã)")
    assert share_value(0, 0) == Value(None, "không có xã")


def test_the_legend_of_criteria_ends_at_the_sets_size_and_has_the_communes_not_assessed():
    labels = [e.label for e in legend("criteria", communes=True, criteria_count=19)]
    assert labels == [
        "0 – dưới 4 tiêu chí",
        "4 – dưới 8 tiêu chí",
        "8 – dưới 11 tiêu chí",
        "11 – dưới 15 tiêu chí",
        "15–19 tiêu chí",
        "chưa đánh giá",
    ]


@pytest.mark.parametrize("lat_shift", [-12.0, 0.0])
def test_the_projection_shrinks_longitudes_by_the_cosine_of_the_latitude(lat_shift):
    shape = _shape(0, 0, lat_shift)
    projection = projection_for([shape], width=100.0)
    k = math.cos(math.radians(21.95 + lat_shift))
    inner = 100.0 - 2 * projection.margin
    assert projection.height == pytest.approx(inner / k + 2 * projection.margin, abs=0.01)
    # north-west corner at the top left, south-east at the bottom right
    assert projection.point(105.0, 22.0 + lat_shift) == (projection.margin, projection.margin)
    x, y = projection.point(105.1, 21.9 + lat_shift)
    assert x == pytest.approx(100 - projection.margin) and y == pytest.approx(
        projection.height - projection.margin, abs=0.01
    )


def test_a_shape_with_a_hole_is_one_path_of_two_rings():
    outer = square(0, 0)
    hole = [[105.03, 21.97], [105.03, 21.93], [105.07, 21.93], [105.07, 21.97], [105.03, 21.97]]
    geometry = {"type": "Polygon", "coordinates": [outer, hole]}
    shape = Shape(1, "1", "Xã 1", geometry, bbox(geometry))
    path = svg_path(shape, projection_for([shape], width=100.0))
    assert path.count("M") == 2 and path.count("Z") == 2
