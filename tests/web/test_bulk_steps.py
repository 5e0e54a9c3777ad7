"""Steps taken for many files at once from the status board: one result per file."""

from django.contrib.messages import get_messages
from django.urls import reverse

from ntm.assessments.models import Assessment, Transition

S = Assessment.State


def test_a_district_forwards_several_files_at_once_with_a_result_for_each(world, login) -> None:
    a = world.assessment(state=S.SUBMITTED)
    b = world.assessment(commune=world.c2, state=S.DRAFT)  # not sent yet: refused
    outside = world.assessment(commune=world.c3, state=S.SUBMITTED)  # another district
    client = login("huyen")
    board = client.get(reverse("assessments:board"), {"year": 2019}).content.decode()
    assert "Đã rà soát, chuyển tỉnh các hồ sơ đã chọn" in board
    assert "Thẩm định đạt các hồ sơ đã chọn" not in board
    response = client.post(
        reverse("assessments:bulk_transition"),
        {"action": "review", "file": [str(a.pk), str(b.pk), str(outside.pk)]},
        follow=True,
    )
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said[0] == "Đã rà soát và chuyển tỉnh 1 hồ sơ: Xã An."
    assert said[1].startswith("Xã Bình: Không thể rà soát và chuyển tỉnh hồ sơ đang ở trạng thái")
    assert len(said) == 2  # the file outside the district is not even named
    states = dict(Assessment.objects.values_list("pk", "state"))
    assert (states[a.pk], states[b.pk], states[outside.pk]) == (S.REVIEWED, S.DRAFT, S.SUBMITTED)
    assert Transition.objects.filter(assessment=a, action="review").count() == 1


def test_a_viewer_has_no_bulk_steps(world, login) -> None:
    board = login("lanh_dao").get(reverse("assessments:board"), {"year": 2019}).content.decode()
    assert 'name="file"' not in board
    world.assessment(state="submitted")
    refused = login("lanh_dao").post(
        reverse("assessments:bulk_transition"), {"action": "delete", "file": ["1"]}
    )
    assert refused.status_code == 404


def test_warnings_of_the_ticked_files_are_acknowledged_with_one_reason(
    world, login, settings
) -> None:
    settings.NTM_CHECK_CRITERIA_JUMP = 2
    world.assessment(year=2018, met=[], state=S.APPRAISED)
    a = world.assessment(met=[1, 2, 3], state=S.SUBMITTED)  # 0 → 3 criteria: a warning
    client = login("huyen")
    url = reverse("assessments:bulk_transition")
    said = [
        str(m)
        for m in get_messages(
            client.post(url, {"action": "review", "file": [str(a.pk)]}, follow=True).wsgi_request
        )
    ]
    assert said[0].startswith("Xã An: Cần xác nhận từng cảnh báo")
    a.refresh_from_db()
    assert a.state == S.SUBMITTED

    client.post(
        url, {"action": "review", "file": [str(a.pk)], "reason": "Huyện đã kiểm tra thực địa"}
    )
    a.refresh_from_db()
    assert a.state == S.REVIEWED
    step = Transition.objects.get(assessment=a, action="review")
    assert "Cảnh báo đã xác nhận" in step.reason and "Huyện đã kiểm tra thực địa" in step.reason


def test_the_board_sorts_by_any_column_and_downloads_the_list_as_shown(world, login) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    world.assessment(met=[1], state=S.SUBMITTED)  # An
    world.assessment(commune=world.c2, met=[1, 2, 3])  # Bình
    world.assessment(commune=world.c3, met=[1, 2])  # Cường
    client = login("tinh")
    board = reverse("assessments:board")

    def names(**params) -> list[str]:
        rows = client.get(board, {"year": 2019, **params}).context["rows"]
        return [a.commune.name for a in rows]

    assert names(sort="criteria") == ["An", "Cường", "Bình"]
    assert names(sort="-criteria") == ["Bình", "Cường", "An"]
    assert names(sort="-commune") == ["Cường", "Bình", "An"]
    page = client.get(board, {"year": 2019, "sort": "criteria"}).content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-criteria" in page

    got = client.get(board, {"year": 2019, "sort": "-criteria", "format": "csv"})
    table = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert table[0][:4] == ["Mã xã", "Xã", "Huyện", "Số tiêu chí đạt"]
    assert [r[1] for r in table[1:]] == ["Bình", "Cường", "An"]
    assert got["Content-Disposition"] == 'attachment; filename="ntm-bang-trang-thai-2019.csv"'

    got = client.get(board, {"year": 2019, "state": "submitted", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(got.content)).active
    assert [c.value for c in sheet[2]][:4] == [world.c1.code, "An", "Một", 1]
    assert sheet.max_row == 2  # the filter applies to the download too


def test_a_downloaded_list_never_holds_a_formula() -> None:
    import io

    from openpyxl import load_workbook

    from ntm.core.exports import list_csv, list_xlsx

    assert list_csv(["a"], [["=1+1"]]).decode("utf-8-sig").splitlines()[1] == "'=1+1"
    cell = load_workbook(io.BytesIO(list_xlsx("t", ["a"], [["=1+1"]]))).active["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
