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
