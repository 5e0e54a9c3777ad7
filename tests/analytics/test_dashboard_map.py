"""The dashboard's choropleth: the sub-units a loaded map holds, coloured by the chosen measure."""

import re

import pytest
from django.urls import reverse

from ntm.maps.drawing import NO_VALUE, PALETTE
from ntm.maps.services import boundaries_load
from ntm.units.models import AdminUnit
from tests.analytics.builders import recognise, unit
from tests.maps.synthetic import feature_collection, write

SHAPE = re.compile(
    r'<a href="([^"]+)"><path d="[^"]+" fill="(#[0-9a-f]+)"[^>]*><title>([^<]+)</title>'
)


@pytest.fixture
def central(django_user_model, client):
    client.force_login(django_user_model.objects.create_superuser("tw", password="x"))
    return client


def _map(tmp_path, units, name="thu.geojson"):
    cells = {u.code: (i % 3, i // 3) for i, u in enumerate(units)}
    boundaries_load(
        path=write(
            tmp_path / name,
            feature_collection(
                cells, **{c: {"level": str(u.level)} for c, u in zip(cells, units, strict=True)}
            ),
        ),
        list_name="2019",
        licence="CC BY 4.0",
        source="Sở Tài nguyên và Môi trường tỉnh Thử (dữ liệu thử)",
    )


def _shapes(text):
    section = text.split('id="map"')[1].split("</section>")[0]
    return {
        title.split(": ")[0]: (href, fill, title.split(": ", 1)[1])
        for href, fill, title in SHAPE.findall(section)
    }, section


def _page(client, unit_, measure=""):
    url = reverse("analytics:unit_dashboard", args=[unit_.pk]) + "?year=2019"
    response = client.get(url + (f"&map={measure}" if measure else ""))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_without_a_loaded_map_the_dashboard_draws_none(small_province, central):
    text = _page(central, small_province["province"])
    assert 'id="map"' not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("measure", "cao", "doi"),
    [
        # averages 17,67 and 9,75 of 19 criteria: classes from 15 and from 8
        ("", (PALETTE[4], "17,67"), (PALETTE[2], "9,75")),
        # đạt chuẩn: X1, X2 of 3; Y1 of 4
        ("status", (PALETTE[3], "66,67% (2/3 xã)"), (PALETTE[1], "25,00% (1/4 xã)")),
        # decisions in force: X1, X2; Y1's was revoked in June 2019
        ("recognition", (PALETTE[3], "66,67% (2/3 xã)"), (PALETTE[0], "0,00% (0/4 xã)")),
    ],
)
def test_a_province_map_colours_its_districts_by_the_measure_and_links_their_dashboards(
    small_province, central, tmp_path, measure, cao, doi
):
    u = small_province
    _map(tmp_path, [u["TP Cao"], u["Đồi"]])
    shapes, section = _shapes(_page(central, u["province"], measure))
    assert set(shapes) == {"Thành phố Cao", "Huyện Đồi"}
    assert shapes["Thành phố Cao"][1:] == cao
    assert shapes["Huyện Đồi"][1:] == doi
    district_url = reverse("analytics:unit_dashboard", args=[u["Đồi"].pk]) + "?year=2019"
    assert shapes["Huyện Đồi"][0] == district_url
    # the licence and source where the map is drawn; a table of the same values
    assert (
        "Ranh giới: Sở Tài nguyên và Môi trường tỉnh Thử (dữ liệu thử). Giấy phép: CC BY 4.0."
        in section
    )
    assert f'<a href="{district_url}">Huyện Đồi</a></th><td>{doi[1]}</td>' in section


@pytest.mark.django_db
def test_the_legend_and_the_measure_links_follow_the_chosen_measure(
    small_province, central, tmp_path
):
    u = small_province
    _map(tmp_path, [u["TP Cao"], u["Đồi"]])
    _, section = _shapes(_page(central, u["province"]))
    assert "Bình quân tiêu chí đạt/xã năm 2019" in section
    assert "15–19 tiêu chí" in section and "0 – dưới 4 tiêu chí" in section
    assert 'href="?year=2019&amp;map=status#map"' in section
    _, section = _shapes(_page(central, u["province"], "status"))
    assert "Tỷ lệ xã đạt chuẩn nông thôn mới năm 2019" in section
    assert "80–100%" in section and 'href="?year=2019&amp;map=criteria#map"' in section


@pytest.mark.django_db
def test_a_district_map_colours_its_communes_and_never_calls_one_not_assessed_not_met(
    small_province, central, tmp_path
):
    u = small_province
    y5 = unit("9902099", "Y5", level=3, kind=AdminUnit.Kind.COMMUNE, parent=u["Đồi"])
    recognise(u["Y2"], 2018)  # đạt chuẩn by its decision, with 12 criteria met in 2019
    communes = [u["Y1"], u["Y2"], u["Y3"], u["Y4"], y5]
    _map(tmp_path, communes)
    shapes, _ = _shapes(_page(central, u["Đồi"]))
    assert {k: v[1:] for k, v in shapes.items()} == {
        "Xã Y1": (PALETTE[4], "19"),
        "Xã Y2": (PALETTE[3], "12"),
        "Xã Y3": (PALETTE[2], "8"),
        "Xã Y4": (PALETTE[0], "0"),
        "Xã Y5": (NO_VALUE, "chưa đánh giá"),
    }
    assert (
        shapes["Xã Y3"][0]
        == reverse("assessments:commune_detail", args=[u["Y3"].pk]) + "?year=2019"
    )
    status, _ = _shapes(_page(central, u["Đồi"], "status"))
    assert {k: v[2] for k, v in status.items()} == {
        "Xã Y1": "đạt chuẩn",
        "Xã Y2": "đạt chuẩn",
        "Xã Y3": "chưa đạt",
        "Xã Y4": "chưa đạt",
        "Xã Y5": "chưa đánh giá",
    }
    assert status["Xã Y5"][1] == NO_VALUE
    recognition, _ = _shapes(_page(central, u["Đồi"], "recognition"))
    assert {k for k, v in recognition.items() if v[2] == "đã có quyết định công nhận"} == {"Xã Y2"}


@pytest.mark.django_db
def test_a_province_of_two_tiers_draws_its_communes(criteria_2016, central, tmp_path):
    from tests.analytics.builders import assess, first

    province = unit("97", "Hai Cấp", level=1, kind=AdminUnit.Kind.PROVINCE)
    a = unit("97001", "A", level=3, kind=AdminUnit.Kind.COMMUNE, parent=province)
    b = unit("97002", "B", level=3, kind=AdminUnit.Kind.COMMUNE, parent=province)
    assess(a, 2019, first(19), criteria_2016)
    assess(b, 2019, first(5), criteria_2016)
    _map(tmp_path, [a, b])
    shapes, _ = _shapes(_page(central, province))
    assert {k: v[1:] for k, v in shapes.items()} == {
        "Xã A": (PALETTE[4], "19"),
        "Xã B": (PALETTE[1], "5"),
    }
