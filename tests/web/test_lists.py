"""The lists officers read sort by their columns and download as Excel or CSV, as shown and scoped
like the page: the worklist and the plan's target communes (the status board's own test is in
test_bulk_steps)."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from ntm.assessments.models import Assessment
from ntm.units.models import AdminUnit
from tests.factories import CaoBang, World, target_commune_make

S = Assessment.State
WORKLIST = reverse("assessments:worklist")
PLANS = reverse("plans:target_list")


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_worklist_sorts_by_its_columns_both_ways(world: World, login) -> None:
    world.assessment(state=S.REVIEWED, met=[1])  # An
    world.assessment(commune=world.c2, state=S.REVIEWED, met=[1, 2, 3])  # Bình
    world.assessment(commune=world.c3, state=S.REVIEWED, met=[1, 2])  # Cường
    client = login("tinh")

    def names(**params) -> list[str]:
        parts = client.get(WORKLIST, {"year": 2019, **params}).context["parts"]
        return [a.commune.name for a in parts[0]["files"]]

    assert names() == ["An", "Bình", "Cường"]  # by commune code
    assert names(sort="-commune") == ["Cường", "Bình", "An"]
    assert names(sort="-criteria") == ["Bình", "Cường", "An"]
    assert names(sort="criteria") == ["An", "Cường", "Bình"]
    assert names(sort="nonsense") == ["An", "Bình", "Cường"]
    page = client.get(WORKLIST, {"year": 2019, "sort": "criteria"}).content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-criteria" in page
    assert "year=2019&amp;sort=criteria&amp;format=xlsx" in page


def test_the_worklist_downloads_as_sorted_and_only_the_officers_district(
    world: World, login
) -> None:
    world.assessment(state=S.SUBMITTED, met=[1])  # An, district D1
    world.assessment(commune=world.c2, state=S.SUBMITTED, met=[1, 2])  # Bình, D1
    world.assessment(commune=world.c3, state=S.SUBMITTED)  # Cường, district D2

    got = login("huyen").get(WORKLIST, {"year": 2019, "sort": "-criteria", "format": "csv"})
    table = _csv(got)
    assert table[0] == [
        "Việc",
        "Mã xã",
        "Xã",
        "Huyện",
        "Trạng thái",
        "Số tiêu chí đạt",
        "Tổng số tiêu chí",
    ]
    assert [r[2] for r in table[1:]] == ["Bình", "An"]  # not Cường, outside the district
    assert table[1][0] == "Cần rà soát" and table[1][4] == "Đã gửi huyện"
    assert got["Content-Disposition"] == 'attachment; filename="ntm-viec-can-lam-2019.csv"'

    sheet = load_workbook(io.BytesIO(login("tinh").get(WORKLIST, {"format": "xlsx"}).content))
    assert sheet.active.max_row == 1  # the province has nothing to appraise yet: headings only


def test_the_communes_worklist_download_lists_the_communes_without_a_file(
    world: World, login
) -> None:
    table = _csv(login("xa").get(WORKLIST, {"year": 2019, "format": "csv"}))
    assert [(r[0], r[2], r[4]) for r in table[1:]] == [("Cần nhập số liệu", "An", "Chưa mở hồ sơ")]


def test_the_plans_target_communes_sort_and_download(cao_bang: CaoBang, login) -> None:
    province = AdminUnit.objects.get(pk=cao_bang.province)
    for name in ("commune", "neighbour", "other_district_commune"):
        target_commune_make(province, 2020, cao_bang.unit(name))
    client = login("tinh")
    query = {"unit": cao_bang.province, "year": 2020}

    def names(**params) -> list[str]:
        rows = client.get(PLANS, {**query, **params}).context["target_communes"]
        return [tc["commune"] for tc in rows]

    ascending = names(sort="commune")
    assert names(sort="-commune") == ascending[::-1] and len(ascending) == 3
    page = client.get(PLANS, {**query, "sort": "commune"}).content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-commune" in page

    got = client.get(PLANS, {**query, "sort": "-commune", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(got.content)).active.values)
    assert rows[0][:4] == ("Mã xã", "Xã", "Huyện", "Danh hiệu")
    assert [r[1] for r in rows[1:]] == ascending[::-1]
    assert rows[1][3] == "Đạt chuẩn nông thôn mới"


def test_a_district_officer_downloads_no_plan_outside_their_units(cao_bang: CaoBang, login):
    province = AdminUnit.objects.get(pk=cao_bang.province)
    target_commune_make(province, 2020, cao_bang.unit("other_district_commune"))
    client = login("huyen")
    outside = client.get(PLANS, {"unit": cao_bang.other_province, "year": 2020, "format": "csv"})
    assert outside.status_code == 404
    own = _csv(client.get(PLANS, {"unit": cao_bang.district, "year": 2020, "format": "csv"}))
    assert own[1:] == []  # the province's choice of another district's commune is not theirs
