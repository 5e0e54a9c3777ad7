"""The report's map figure: drawn when a loaded map holds the report unit's sub-units, else absent."""

import io
import zipfile

import numpy as np
import pytest
from matplotlib.image import imread

from ntm.maps.drawing import NO_VALUE, PALETTE
from ntm.maps.services import boundaries_load
from ntm.reports import selectors
from ntm.reports.annual import report_document_build
from ntm.reports.document import Image
from ntm.reports.renderers.docx import report_docx
from tests.maps.synthetic import feature_collection, write

SOURCE = "Sở Tài nguyên và Môi trường tỉnh Thử (dữ liệu thử)"


def _load(tmp_path, units):
    cells = {u.code: (i % 3, i // 3) for i, u in enumerate(units)}
    boundaries_load(
        path=write(
            tmp_path / "thu.geojson",
            feature_collection(cells, **{u.code: {"level": str(u.level)} for u in units}),
        ),
        list_name="2019",
        licence="CC BY 4.0",
        source=SOURCE,
    )


def _images(data):
    return [b for b in report_document_build(data, number="45").body if isinstance(b, Image)]


def _has_color(png: bytes, hex_color: str) -> bool:
    pixels = imread(io.BytesIO(png))[:, :, :3]
    rgb = np.array([int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return bool((np.abs(pixels - rgb).max(axis=2) < 0.01).any())


def _media(docx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return sum(1 for n in z.namelist() if n.startswith("word/media/"))


@pytest.mark.django_db
def test_without_a_map_the_report_has_no_map_figure(small_province):
    data = selectors.report_data(unit=small_province["province"], year=2019)
    assert data.map is None
    assert not any("bản đồ" in i.caption for i in _images(data))


@pytest.mark.django_db
def test_a_province_report_draws_its_districts_by_their_average_with_the_maps_source(
    small_province, tmp_path
):
    u = small_province
    without = report_docx(
        report_document_build(selectors.report_data(unit=u["province"], year=2019), number="45")
    )
    _load(tmp_path, [u["TP Cao"], u["Đồi"]])
    data = selectors.report_data(unit=u["province"], year=2019)
    assert {s.name: data.map.value_of(s).text for s in data.map.shapes} == {
        "Thành phố Cao": "17,67",
        "Huyện Đồi": "9,75",
    }
    (figure,) = [i for i in _images(data) if "bản đồ" in i.caption]
    assert figure.caption.startswith(
        "Hình 3. Bình quân tiêu chí đạt/xã năm 2019 (bản đồ “thu.geojson”"
    )
    assert f"ranh giới: {SOURCE}; giấy phép: CC BY 4.0" in figure.caption
    # the districts' classes (from 15, from 8 criteria) are the figure's colours
    assert _has_color(figure.png, PALETTE[4]) and _has_color(figure.png, PALETTE[2])
    docx = report_docx(report_document_build(data, number="45"))
    assert _media(docx) == _media(without) + 1


@pytest.mark.django_db
def test_a_district_report_draws_its_communes_by_criteria_met(small_province, tmp_path):
    from tests.analytics.builders import unit

    u = small_province
    y5 = unit("9902099", "Y5", level=3, kind="xa", parent=u["Đồi"])
    _load(tmp_path, [u["Y1"], u["Y2"], u["Y3"], y5])
    data = selectors.report_data(unit=u["Đồi"], year=2019)
    assert {s.name: data.map.value_of(s).text for s in data.map.shapes} == {
        "Xã Y1": "19",
        "Xã Y2": "12",
        "Xã Y3": "8",
        "Xã Y5": "chưa đánh giá",
    }
    (figure,) = [i for i in _images(data) if "bản đồ" in i.caption]
    assert "Số tiêu chí đạt của từng xã năm 2019" in figure.caption
    assert _has_color(figure.png, NO_VALUE)


@pytest.mark.django_db
def test_a_map_of_other_units_draws_nothing_in_the_report(small_province, tmp_path):
    u = small_province
    _load(tmp_path, [u["X1"], u["X2"]])  # communes: the province's report maps its districts
    assert selectors.report_data(unit=u["province"], year=2019).map is None
