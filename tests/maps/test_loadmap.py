"""ntm loadmap: boundaries keyed by code on a list's map, all or nothing, replaced on reload."""

import json

import pytest
from django.core.management import CommandError, call_command

from ntm.core.models import ChangeRecord
from ntm.maps.models import Boundary, BoundarySet
from tests.maps.synthetic import feature_collection, square, topology, write

# province 07 (width 2), district 071 (width 3), commune 02001 (width 5), commune 2002 (tried)
CELLS = {"07": (0, 0), "071": (1, 0), "02001": (0, 1), "2002": (1, 1)}
ARGS = ["--list", "2019", "--licence", "CC BY 4.0", "--source", "https://example.org/ranh-gioi"]


def _load(path, *args):
    call_command("loadmap", str(path), *ARGS, *args)


def _held(name):
    return {
        (b.unit.code, b.unit.level): b
        for b in Boundary.objects.filter(boundary_set__name=name).select_related("unit")
    }


@pytest.mark.django_db
def test_a_geojson_map_keys_each_shape_to_its_unit_with_or_without_leading_zeros(
    small_map_units, tmp_path
):
    path = write(tmp_path / "thu.geojson", feature_collection(CELLS))
    _load(path)
    bset = BoundarySet.objects.get()
    assert (bset.name, bset.list_name, bset.licence, bset.source) == (
        "thu.geojson",
        "2019",
        "CC BY 4.0",
        "https://example.org/ranh-gioi",
    )
    held = _held("thu.geojson")
    assert set(held) == {("7", 1), ("71", 2), ("2001", 3), ("2002", 3)}
    commune = held[("2001", 3)]
    assert commune.unit == small_map_units["2001"]
    assert commune.geometry == {"type": "Polygon", "coordinates": [square(0, 1)]}
    assert (commune.min_lon, commune.min_lat, commune.max_lon, commune.max_lat) == pytest.approx(
        (105.0, 21.8, 105.1, 21.9)
    )


@pytest.mark.django_db
def test_a_topojson_map_loads_the_same_shapes(small_map_units, tmp_path):
    path = write(tmp_path / "thu.topojson", topology(CELLS))
    _load(path, "--name", "thu topo")
    held = _held("thu topo")
    assert set(held) == {("7", 1), ("71", 2), ("2001", 3), ("2002", 3)}
    assert held[("7", 1)].geometry["type"] == "MultiPolygon"
    assert (held[("71", 2)].min_lon, held[("71", 2)].max_lat) == pytest.approx((105.1, 22.0))


@pytest.mark.django_db
def test_the_code_may_be_in_another_property(small_map_units, tmp_path):
    document = feature_collection({"071": (0, 0)})
    feature = document["features"][0]
    feature["properties"] = {"ma_huyen": feature["properties"]["code"]}
    _load(write(tmp_path / "h.geojson", document), "--property", "ma_huyen")
    assert set(_held("h.geojson")) == {("71", 2)}


@pytest.mark.django_db
def test_a_code_at_two_levels_needs_its_level(small_map_units, tmp_path):
    path = write(tmp_path / "m.geojson", feature_collection({"071": (0, 0), "2003": (1, 0)}))
    with pytest.raises(CommandError, match=r"m\.geojson:feature 2:code: mã 2003 có ở nhiều cấp"):
        _load(path)
    assert not BoundarySet.objects.exists()
    write(path, feature_collection({"2003": (1, 0)}, **{"2003": {"level": "xa"}}))
    _load(path)
    assert _held("m.geojson")[("2003", 3)].unit == small_map_units["2003"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "extra", "message"),
    [
        # the commune ended in June 2019: not on the map of 31/12/2019
        ({"071": (0, 0), "2009": (1, 0)}, {}, r"m\.geojson:feature 2:code: Không có xã mã 2009 "),
        (
            {"071": (0, 0), "02001": (0, 1), "02999": (1, 1)},
            {},
            r"feature 3:code: Không có xã mã 02999",
        ),
        ({"071": (0, 0), "x1": (1, 0)}, {}, r"feature 2:code: Mã đơn vị hành chính không hợp lệ"),
        ({"071": (0, 0)}, {"071": {"level": "thôn"}}, r"feature 1:level: cấp 'thôn' không hợp lệ"),
        ({"071": (0, 0), "71": (1, 0)}, {}, r"feature 2:code: Huyện Đông đã có ranh giới"),
    ],
)
def test_a_refused_feature_loads_nothing_and_names_file_feature_and_property(
    small_map_units, tmp_path, cells, extra, message
):
    path = write(tmp_path / "m.geojson", feature_collection(cells, **extra))
    with pytest.raises(CommandError, match=message):
        _load(path)
    assert not BoundarySet.objects.exists() and not Boundary.objects.exists()


@pytest.mark.django_db
def test_a_feature_without_its_code_is_refused(small_map_units, tmp_path):
    document = feature_collection({"071": (0, 0)})
    document["features"][0]["properties"] = {"name": "Đông"}
    with pytest.raises(CommandError, match=r"m\.geojson:feature 1:code: thiếu mã đơn vị"):
        _load(write(tmp_path / "m.geojson", document))


@pytest.mark.django_db
def test_a_map_without_licence_or_source_is_refused(small_map_units, tmp_path):
    path = write(tmp_path / "m.geojson", feature_collection(CELLS))
    with pytest.raises(CommandError, match="giấy phép"):
        call_command("loadmap", str(path), "--list", "2019", "--licence", " ", "--source", "x")
    with pytest.raises(CommandError, match="nguồn"):
        call_command("loadmap", str(path), "--list", "2019", "--licence", "CC0", "--source", "")
    assert not BoundarySet.objects.exists()


@pytest.mark.django_db
def test_loading_again_replaces_the_set_and_records_each_load(small_map_units, tmp_path):
    path = write(tmp_path / "thu.geojson", feature_collection(CELLS))
    _load(path)
    _load(path)
    assert BoundarySet.objects.count() == 1
    assert len(_held("thu.geojson")) == 4 and Boundary.objects.count() == 4
    # a new version of the file: fewer shapes, another licence
    write(path, feature_collection({"071": (0, 0)}))
    call_command("loadmap", str(path), "--list", "2019", "--licence", "CC0", "--source", "Sở TN&MT")
    assert set(_held("thu.geojson")) == {("71", 2)}
    bset = BoundarySet.objects.get()
    records = ChangeRecord.objects.filter(
        object_type="maps.boundaryset", object_id=str(bset.pk)
    ).order_by("pk")
    assert [r.action for r in records] == ["create", "update", "update"]
    assert records[2].before["licence"] == "CC BY 4.0" and records[2].before["boundaries"] == 4
    assert records[2].after == {
        "list_name": "2019",
        "licence": "CC0",
        "source": "Sở TN&MT",
        "file_name": "thu.geojson",
        "boundaries": 1,
    }


@pytest.mark.django_db
def test_a_bad_file_leaves_the_loaded_set_as_it_was(small_map_units, tmp_path):
    path = write(tmp_path / "thu.geojson", feature_collection(CELLS))
    _load(path)
    path.write_text(json.dumps(feature_collection({"071": (0, 0), "2009": (1, 0)})))
    with pytest.raises(CommandError):
        _load(path)
    assert len(_held("thu.geojson")) == 4
