"""What waits for each officer: the worklist, the counts in the navigation, the notifications
written by each workflow step, and the return reason at the top of the entry form."""

import datetime

from django.core import mail
from django.urls import reverse

from ntm.assessments.models import Assessment, Notification, Recognition
from ntm.assessments.services.workflow import (
    assessment_appraise,
    assessment_return,
    assessment_review,
    assessment_submit,
)
from tests.factories import World, recognition_make

S = Assessment.State
WORKLIST = reverse("assessments:worklist")
INBOX = reverse("assessments:notification_list")


def _parts(client) -> dict[str, list[str]]:
    parts = client.get(WORKLIST).context["parts"]
    return {
        p["key"]: [a.commune.name for a in p["files"]] + [c.name for c in p["missing"]]
        for p in parts
    }


def test_each_role_sees_the_files_that_wait_for_it(world: World, login) -> None:
    a = world.assessment()  # An (C1), draft
    world.assessment(commune=world.c3, state=S.SUBMITTED)  # Cường, in the other district
    assert _parts(login("xa")) == {"to_enter": ["An"], "returned": []}
    assert _parts(login("huyen")) == {"to_review": []}
    assert _parts(login("tinh")) == {"to_appraise": [], "to_recognise": []}

    assessment_submit(assessment=a, user=world.user("commune"))
    assert _parts(login("huyen")) == {"to_review": ["An"]}  # Cường is not in D1
    assessment_review(assessment=a, user=world.user("district"))
    assert _parts(login("tinh"))["to_appraise"] == ["An"]
    assessment_appraise(assessment=a, user=world.user("province"))
    assert _parts(login("tinh")) == {"to_appraise": [], "to_recognise": ["An"]}


def test_the_navigation_counts_what_waits(world: World, login) -> None:
    a = world.assessment(state=S.SUBMITTED)
    text = login("huyen").get(reverse("assessments:board")).content.decode()
    assert 'Việc cần làm <span class="count"' in text
    assessment_review(assessment=a, user=world.user("district"))
    text = login("huyen").get(reverse("assessments:board")).content.decode()
    assert 'Việc cần làm <span class="count"' not in text
    assert (
        "Việc cần làm" not in login("lanh_dao").get(reverse("assessments:board")).content.decode()
    )


def test_a_returned_file_tells_the_commune_why_and_the_reason_heads_the_entry_form(
    world: World, login
) -> None:
    a = world.assessment()
    assessment_submit(assessment=a, user=world.user("commune"))
    assessment_return(assessment=a, user=world.user("district"), reason="Thiếu biên bản họp dân")

    told = Notification.objects.filter(transition__action="return")
    assert [n.user for n in told] == [world.user("commune")]  # not the district: its own step
    assert not Notification.objects.filter(user=world.user("commune", in_scope=False)).exists()

    client = login("xa")
    page = client.get(INBOX).content.decode()
    assert "huyen đã trả lại hồ sơ xã An năm 2019" in page and "Thiếu biên bản họp dân" in page
    assert _parts(client)["returned"] == ["An"]

    entry = client.get(reverse("assessments:entry", args=[a.pk])).content.decode()
    head = entry.split("Nhóm tiêu chí")[0]
    assert "Hồ sơ bị trả lại ngày" in head and "Thiếu biên bản họp dân" in head


def test_opening_a_notification_marks_it_read_and_leads_to_the_file(world: World, login) -> None:
    a = world.assessment(state=S.REVIEWED)
    assessment_appraise(assessment=a, user=world.user("province"))
    client = login("xa")
    assert (
        '<span class="count" aria-label="1 chưa đọc">1</span>' in client.get(INBOX).content.decode()
    )
    n = Notification.objects.get(user=world.user("commune"))
    response = client.post(INBOX, {"id": str(n.pk)})
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("assessments:commune_detail", args=[world.c1.pk]) + "?year=2019"
    )
    n.refresh_from_db()
    assert n.read_at is not None
    assert "chưa đọc" not in client.get(INBOX).content.decode()


def test_nobody_marks_another_officers_notifications(world: World, login) -> None:
    a = world.assessment(state=S.REVIEWED)
    assessment_appraise(assessment=a, user=world.user("province"))
    n = Notification.objects.get(user=world.user("commune"))
    login("huyen").post(INBOX, {"id": str(n.pk)})
    login("huyen").post(INBOX, {"id": "all"})
    n.refresh_from_db()
    assert n.read_at is None


def test_officers_are_mailed_where_the_deployer_set_up_mail(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    settings.NTM_MAIL_CONFIGURED = True
    province = world.user("province")
    province.email = "tinh@example.vn"
    province.save()
    a = world.assessment(state=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_review(assessment=a, user=world.user("district"), note="Đủ hồ sơ")
    assert [m.to for m in mail.outbox] == [["tinh@example.vn"]]
    assert "huyen đã rà soát và chuyển tỉnh hồ sơ xã An năm 2019" in mail.outbox[0].subject
    assert "Đủ hồ sơ" in mail.outbox[0].body


def test_without_mail_set_up_nothing_is_sent(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.user("province").email = "tinh@example.vn"
    world.user("province").save()
    a = world.assessment(state=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_review(assessment=a, user=world.user("district"))
    assert mail.outbox == []
    assert Notification.objects.filter(user=world.user("province")).count() == 1


def test_a_recognised_commune_stays_recognised_while_this_years_file_is_unfinished(
    world: World, login
) -> None:
    world.assessment(state=S.RECOGNISED)
    world.assessment(year=2020, meets_standard=False)
    recognition_make(world.c1, 2019)
    url = reverse("assessments:commune_detail", args=[world.c1.pk]) + "?year=2020"
    row = login("tinh").get(url).content.decode().split("Đạt chuẩn nông thôn mới</th>")[1]
    row = row.split("</tr>")[0]
    assert row.count("Đã công nhận") == 2 and "Chưa" not in row

    Recognition.objects.update(revoked_on=datetime.date(2020, 3, 1), revoked_reason="Sai")
    row = login("tinh").get(url).content.decode().split("Đạt chuẩn nông thôn mới</th>")[1]
    assert row.split("</tr>")[0].count("Đã công nhận") == 1  # 2019 only


def test_each_tab_of_the_entry_form_says_how_far_the_commune_has_got(world: World, login) -> None:
    from ntm.criteria.models import CriterionGroup

    a = world.assessment(met=[1])  # one criterion met; the world's set has one group of three
    group = CriterionGroup.objects.get(criteria_set=world.criteria_set)
    statuses = a.statuses.order_by("criterion__number")
    statuses.exclude(criterion__number=1).update(met=None, computed_met=None, declared_met=None)
    page = login("xa").get(reverse("assessments:entry", args=[a.pk])).content.decode()
    assert f"{group.code}. {group.name}" in page
    assert '<span class="tab-count" aria-label="1 trên 3 tiêu chí đã có kết quả">1/3</span>' in page
    statuses.update(met=False)
    page = login("xa").get(reverse("assessments:entry", args=[a.pk])).content.decode()
    assert '<span class="tab-count done"' in page and ">3/3</span>" in page
