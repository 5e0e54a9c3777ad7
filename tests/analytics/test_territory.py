"""The whole country and its regions: the communes of their provinces counted together."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ntm.analytics.selectors import territory_figures, territory_get
from ntm.core.errors import ApplicationError
from ntm.units.models import Region
from tests.factories import assessment_make, criteria_set_make, province_make, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    """Three provinces of a 3-criterion set: two in region R1, one in R2.

    2019 criteria met — P1: 3, 2 | P2: 3, 1, 0 | P3: 3, 3. 2018: every commune 1 criterion."""
    cset = criteria_set_make(n=3)
    r1 = Region.objects.create(code="R1", name="Vùng Một")
    r2 = Region.objects.create(code="R2", name="Vùng Hai")
    made = {}
    for code, name, region, communes in (
        ("91", "Một", r1, {"A1": 3, "A2": 2}),
        ("92", "Hai", r1, {"B1": 3, "B2": 1, "B3": 0}),
        ("93", "Ba", r2, {"C1": 3, "C2": 3}),
    ):
        units = province_make({f"H{code}": list(communes)}, code=code, name=name)
        units["province"].region = region
        units["province"].save(update_fields=["region"])
        for commune, met in communes.items():
            assessment_make(
                units[commune], 2019, criteria_set=cset, met=range(1, met + 1), state="appraised"
            )
            assessment_make(units[commune], 2018, criteria_set=cset, met={1}, state="appraised")
        made[code] = units
    return made


def _table(*args: str) -> dict[str, list[str]]:
    out = StringIO()
    call_command("report", "appendix", "--year", "2019", *args, stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    return {r[0] or r[1]: r[3:] for r in rows[1:]}


def test_the_countrys_appendix_counts_every_province_and_equals_their_sum(country):
    whole = _table("--country")
    parts = [_table("--province", code) for code in ("91", "92", "93")]
    total_row = "Tổng số xã thực hiện Chương trình NTM"
    assert whole[total_row][-2] == "7"
    for row in ("2.1", "2.2", "2.3", "3.1", "3.2", "3.3"):
        assert int(whole[row][-2]) == sum(int(p[row][-2]) for p in parts), row
    # criteria met 3+2+3+1+0+3+3 = 15 over 7 communes
    assert whole["1"][-2] == "2.14"


def test_a_regions_appendix_counts_only_its_provinces(country):
    region = _table("--region", "r1")
    assert region["Tổng số xã thực hiện Chương trình NTM"][-2] == "5"
    assert region["2.1"][-2] == "2"  # A1 and B1


def test_the_figures_rank_the_provinces_and_name_them_as_provinces(country):
    fig = territory_figures(territory=territory_get(code="VN"), year=2019)
    assert [(s.rank, s.name, str(s.average)) for s in fig.subunits] == [
        (1, "Ba", "3.00"),
        (2, "Một", "2.50"),
        (3, "Hai", "1.33"),
    ]
    out = StringIO()
    call_command("report", "figures", "--country", "--year", "2019", stdout=out)
    text = out.getvalue()
    assert "Số tiêu chí bình quân của cả nước đạt 2,14 tiêu chí/xã" in text
    assert "Các tỉnh có bình quân tiêu chí cao như: Ba (3,00 tiêu chí/xã), Một (2,50" in text


def test_an_unknown_region_is_refused_with_the_known_codes(country):
    with pytest.raises(CommandError, match="Không có vùng mã XX .các vùng: R1, R2"):
        call_command("report", "appendix", "--region", "XX", "--year", "2019", stdout=StringIO())
    with pytest.raises(CommandError, match="biểu chi tiết và số liệu"):
        call_command(
            "report", "docx", "--country", "--year", "2019", "-o", "x.docx", stdout=StringIO()
        )


def test_only_the_central_level_reads_a_territory(country):
    province_officer = user_make("tinh91", "province", country["91"]["province"])
    with pytest.raises(ApplicationError, match="trung ương"):
        territory_figures(territory=territory_get(code="VN"), year=2019, user=province_officer)
    central = user_make("tw", "central", None)
    assert (
        territory_figures(territory=territory_get(code="R2"), year=2019, user=central).now.communes
        == 2
    )


def test_the_country_page_ranks_the_provinces_and_drills_down_for_the_central_level(
    country, client
):
    client.force_login(user_make("tw", "central", None))
    page = client.get("/reports/country/?year=2019")
    assert page.status_code == 200
    html = page.content.decode()
    assert [r.name for r in page.context["figures"].subunits] == ["Ba", "Một", "Hai"]
    province = country["93"]["province"]
    assert f"/dashboard/{province.pk}/?year=2019" in html
    region = client.get("/reports/country/?territory=R2&year=2019")
    assert [r.name for r in region.context["figures"].subunits] == ["Ba"]
    download = client.get("/reports/country/?territory=R1&year=2019&format=csv")
    assert download["Content-Disposition"] == 'attachment; filename="bieu-chi-tiet-r1-2019.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][-2:] == ["TH 2019", "KH 2020"]
    assert rows[1][1:] == ["Tổng số xã thực hiện Chương trình NTM", "xã", "5", "5", "5", ""]
    nav = [i["name"] for i in page.context["nav_items"]]
    assert "reports:territory" in nav


def test_a_province_officer_neither_sees_nor_opens_the_country_page(country, client):
    client.force_login(user_make("tinh91", "province", country["91"]["province"]))
    page = client.get("/reports/country/?year=2019")
    assert page.status_code == 404
    assert "reports:territory" not in [i["name"] for i in client.get("/").context["nav_items"]]
