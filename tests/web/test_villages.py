"""Villages on the commune page and in the dashboard: their files' results, kept apart from communes'."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ntm.criteria.services import criteria_set_load
from ntm.interchange.services import files_import
from ntm.reports.selectors import appendix_table
from tests.factories import CaoBang

pytestmark = pytest.mark.django_db

VILLAGE_SET = """
set:
  code: thon-test-2019-2020
  name_vi: "Bộ tiêu chí thôn thử"
  legal_basis: "Quyết định thử"
  period_start: 2019
  period_end: 2020
  level: thon
  kind: standard
  province: 4
groups: []
criteria:
  - {number: 1, name_vi: "Tiêu chí một", indicators_complete: false, indicators: []}
  - {number: 2, name_vi: "Tiêu chí hai", indicators_complete: false, indicators: []}
"""


def _villages(cao_bang: CaoBang, tmp_path) -> str:
    """Three villages of Sóc Hà: one meeting the set, one not, one without a file."""
    code = cao_bang.unit("commune").code
    villages = tmp_path / "thon.csv"
    villages.write_text(
        "commune_code,village_code,village_name,valid_from\n"
        f"{code},01,Thôn Đạt,01/01/2019\n{code},02,Thôn Chưa Đạt,\n{code},03,Thôn Chưa Có,\n",
        encoding="utf-8",
    )
    call_command("loadvillages", str(villages), stdout=StringIO())
    set_path = tmp_path / "thon-test.yaml"
    set_path.write_text(VILLAGE_SET, encoding="utf-8")
    criteria_set_load(path=set_path)
    statuses = tmp_path / "trang-thai-thon.csv"
    statuses.write_text(
        "year,village_code,criterion,met\n"
        f"2019,{code}.01,1,1\n2019,{code}.01,2,1\n2019,{code}.02,1,1\n2019,{code}.02,2,0\n",
        encoding="utf-8",
    )
    files_import(paths=[statuses])
    return code


def test_the_commune_page_lists_its_villages_and_their_results(cao_bang: CaoBang, login, tmp_path):
    _villages(cao_bang, tmp_path)
    commune = cao_bang.unit("commune")
    url = reverse("assessments:commune_detail", args=[commune.pk]) + "?year=2019"
    html = login("tinh").get(url).content.decode()
    section = html.split('id="villages-title"', 1)[1].split("</section>", 1)[0]
    rows = [r for r in section.split("<tr>")[2:]]
    assert "Thôn Đạt" in rows[0] and "2/2" in rows[0] and "đạt chuẩn" in rows[0]
    assert "Thôn Chưa Đạt" in rows[1] and "1/2" in rows[1] and "chưa đạt" in rows[1]
    assert "Thôn Chưa Có" in rows[2] and "chưa đánh giá" in rows[2]
    assert "không đạt" not in section.lower()


def test_the_dashboard_counts_the_villages_meeting_their_set(cao_bang: CaoBang, login, tmp_path):
    _villages(cao_bang, tmp_path)
    url = reverse("analytics:unit_dashboard", args=[cao_bang.province]) + "?year=2019"
    html = login("tinh").get(url).content.decode()
    assert "1 / 3 thôn đạt bộ tiêu chí thôn của tỉnh" in html


def test_a_village_file_never_enters_the_commune_figures(cao_bang: CaoBang, tmp_path):
    province = cao_bang.unit("province")
    before = appendix_table(unit=province, year=2019)
    _villages(cao_bang, tmp_path)
    assert appendix_table(unit=province, year=2019) == before


def test_a_province_without_villages_shows_no_village_count(cao_bang: CaoBang, login):
    url = reverse("analytics:unit_dashboard", args=[cao_bang.province]) + "?year=2019"
    assert "thôn đạt bộ tiêu chí" not in login("tinh").get(url).content.decode()
