"""The activities' pages: scope, a form's save and its change record, a stale edit refused."""

import datetime

import pytest
from django.urls import reverse

from ntm.activities.models import Course, Directive
from ntm.activities.services import (
    activity_delete,
    activity_state,
    course_save,
    directive_save,
    value_chain_save,
)
from ntm.core.concurrency import StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord


def _course(land, unit, **kw):
    values = {"year": 2019, "kind": "truyen_thong", "classes": 4, "participants": 100}
    values.update(kw)
    return course_save(user=land["tinh"], unit=unit, **values)


@pytest.mark.django_db
def test_the_list_shows_the_rows_of_the_officers_units_only(land, login):
    _course(land, land["Núi"], participants=111)
    _course(land, land["Sông"], participants=222)
    page = login("huyen").get(reverse("activities:activity_list") + "?year=2019")
    assert page.status_code == 200
    text = page.content.decode()
    assert "111" in text and "222" not in text
    assert "Hoạt động" in text  # the menu's entry
    page = login("tinh").get(reverse("activities:activity_list") + "?year=2019")
    assert "111" in page.content.decode() and "222" in page.content.decode()


@pytest.mark.django_db
def test_a_row_outside_the_officers_units_is_not_found(land, login):
    course = _course(land, land["Sông"])
    url = reverse("activities:activity_edit", args=["course", course.pk])
    assert login("huyen").get(url).status_code == 404
    assert login("tinh_khac").get(url).status_code == 404
    assert login("tinh").get(url).status_code == 200


@pytest.mark.django_db
def test_a_district_officer_records_a_course_and_the_change_is_recorded(land, login):
    client = login("huyen")
    response = client.post(
        reverse("activities:activity_add", args=["course"]),
        {
            "unit": land["Núi"].pk,
            "year": 2019,
            "kind": "dao_tao_ntm",
            "classes": 3,
            "participants": 75,
        },
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.unit, course.classes, course.participants) == (land["Núi"], 3, 75)
    record = ChangeRecord.objects.get(object_type="activities.course")
    assert record.action == "create" and record.user.username == "huyen"
    assert record.after["participants"] == 75
    page = client.get(reverse("activities:activity_list") + "?year=2019")
    assert "Đào tạo cán bộ làm công tác NTM" in page.content.decode()


@pytest.mark.django_db
def test_a_commune_officer_may_not_record_and_nobody_outside_the_unit(land):
    with pytest.raises(ApplicationError):
        course_save(
            user=land["xa"],
            unit=land["Núi"],
            year=2019,
            kind="khac",
            classes=1,
            participants=1,
        )
    with pytest.raises(ApplicationError):
        _course(land, land["other"])


@pytest.mark.django_db
def test_an_edit_from_a_page_opened_before_another_change_is_refused(land, login):
    d = directive_save(
        user=land["tinh"],
        unit=land["province"],
        number="1/QĐ-UBND",
        date=datetime.date(2019, 2, 1),
        issuer="Ủy ban nhân dân tỉnh",
        kind="quyet_dinh",
        subject="về việc a",
    )
    opened = version_token(activity_state(d))
    directive_save(
        user=land["tinh"],
        directive=d,
        version=opened,
        unit=land["province"],
        number="1/QĐ-UBND",
        date=datetime.date(2019, 2, 1),
        issuer="Ủy ban nhân dân tỉnh",
        kind="quyet_dinh",
        subject="về việc b",
    )
    response = login("tinh").post(
        reverse("activities:activity_edit", args=["directive", d.pk]),
        {
            "version": opened,
            "unit": land["province"].pk,
            "number": "1/QĐ-UBND",
            "date": "01/02/2019",
            "issuer": "Ủy ban nhân dân tỉnh",
            "kind": "quyet_dinh",
            "subject": "về việc c",
        },
    )
    assert response.status_code == 200
    assert "người khác đã thay đổi" in response.content.decode()
    assert Directive.objects.get().subject == "về việc b"
    with pytest.raises(StaleEdit):
        activity_delete(user=land["tinh"], obj=d, version=opened)


@pytest.mark.django_db
def test_a_value_chain_takes_only_communes_of_its_unit(land):
    with pytest.raises(ApplicationError, match="không thuộc"):
        value_chain_save(
            user=land["tinh"],
            unit=land["Núi"],
            year=2019,
            plan_code="A",
            product="Chè",
            communes=[land["Nam"]],
        )


@pytest.mark.django_db
def test_in_english_a_guidance_and_a_notice_are_not_the_menus_help_and_notifications(land, login):
    for number, kind in (("1/HD-UBND", "huong_dan"), ("2/TB-UBND", "thong_bao")):
        directive_save(
            user=land["tinh"],
            unit=land["province"],
            number=number,
            date=datetime.date(2019, 2, 1),
            issuer="Ủy ban nhân dân tỉnh",
            kind=kind,
            subject="về việc a",
        )
    client = login("tinh")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(reverse("activities:activity_list") + "?year=2019").content.decode()
    rows = text.split("1/HD-UBND", 1)[1]
    assert "<td>Guidance</td>" in rows and "<td>Notice</td>" in rows
    assert "<td>Help</td>" not in rows and "<td>Notifications</td>" not in rows
    assert "Notifications" in text.split("1/HD-UBND", 1)[0]  # the menu keeps its own words
    vietnamese = login("tinh").get(reverse("activities:activity_list") + "?year=2019")
    assert "<td>Hướng dẫn</td>" in vietnamese.content.decode()


@pytest.mark.django_db
def test_a_value_chains_communes_given_as_huge_or_odd_ids_are_refused_not_a_server_error(
    land, login
):
    client = login("tinh")
    url = reverse("activities:activity_add", args=["chain"])
    for bad in ("9" * 30, "-1", "²", "1e3"):
        data = {
            "unit": land["province"].pk,
            "year": "2019",
            "plan_code": "KH1",
            "product": "Chè",
            "plans": "1",
            "communes": [str(land["Đông"].pk), bad],
        }
        response = client.post(url, data)
        assert response.status_code == 200, bad
        assert "errorlist" in response.content.decode(), bad
    from ntm.activities.models import ValueChain

    assert not ValueChain.objects.exists()
