"""The pages of an opened year: the province's campaign page, the carried values on the entry form."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ntm.assessments.models import Assessment, Campaign, IndicatorValue
from ntm.assessments.services.campaign import Deadlines, campaign_open
from ntm.assessments.services.evaluation import assessment_get_or_create, indicator_value_set
from tests.factories import World, entry_version, world_build


@pytest.fixture
def w(criteria_2016) -> World:
    """The hand-made world with the shipped set; C1's 2019 file has criterion 1's two values."""
    world = world_build(criteria_set=criteria_2016)
    last = assessment_get_or_create(commune=world.c1, year=2019)
    indicator_value_set(assessment=last, indicator_code="1.1", value=True)
    indicator_value_set(assessment=last, indicator_code="1.2", value=True)
    indicator_value_set(assessment=last, indicator_code="10.1", value=Decimal("40"))
    return world


@pytest.fixture
def opened(w) -> Assessment:
    campaign_open(
        province=w.province,
        year=2020,
        deadlines=Deadlines(commune=datetime.date(2020, 3, 31)),
        user=w.users["province"],
    )
    return Assessment.objects.get(commune=w.c1, year=2020)


def _carried(a: Assessment) -> dict[str, int | None]:
    return dict(
        IndicatorValue.objects.filter(assessment=a).values_list("indicator__code", "carried_from")
    )


def _entry_url(a: Assessment) -> str:
    return reverse("assessments:entry", args=[a.pk]) + "?group=I"


def test_the_entry_form_marks_carried_values_and_shows_the_deadline(opened, login):
    page = login("xa").get(_entry_url(opened)).content.decode()
    assert "chuyển từ năm 2019" in page
    assert "Xác nhận" in page
    assert "Hạn gửi hồ sơ: 31/03/2020" in page
    assert "quá hạn" in page


def test_changing_a_carried_value_clears_its_mark(opened, login):
    response = login("xa").post(
        _entry_url(opened),
        {"group": "I", "b_1_1": "0", "b_1_2": "1", "version": entry_version(opened, "I")},
    )
    assert response.status_code == 302
    assert _carried(opened) == {"1.1": None, "1.2": 2019, "10.1": 2019}


def test_saving_the_same_value_confirms_it_only_when_ticked(opened, login):
    client = login("xa")
    same = {"group": "I", "b_1_1": "1", "b_1_2": "1", "version": entry_version(opened, "I")}
    client.post(_entry_url(opened), same)
    assert _carried(opened)["1.2"] == 2019
    client.post(_entry_url(opened), {**same, "c_1_2": "on"})
    assert _carried(opened) == {"1.1": 2019, "1.2": None, "10.1": 2019}
    client.post(_entry_url(opened), {**same, "confirm_group": ""})
    assert _carried(opened) == {"1.1": None, "1.2": None, "10.1": 2019}


def test_the_criterion_panel_and_the_commune_page_show_what_was_carried(opened, login):
    client = login("xa")
    panel = client.get(reverse("assessments:criterion_panel", args=[opened.pk, 1]))
    assert "chuyển từ năm 2019" in panel.content.decode()
    commune = client.get(
        reverse("assessments:commune_detail", args=[opened.commune_id]) + "?year=2020"
    ).content.decode()
    assert "Hạn gửi hồ sơ: 31/03/2020" in commune
    assert "3 giá trị chưa được xác nhận" in commune


def test_the_province_officer_opens_a_year_from_its_page(w, login):
    client = login("tinh")
    page = client.get(reverse("assessments:campaign")).content.decode()
    assert "Mở đợt đánh giá năm" in page
    response = client.post(
        reverse("assessments:campaign"),
        {"year": "2020", "commune_deadline": "31/03/2020", "district_deadline": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã mở đợt đánh giá năm 2020: 3 hồ sơ mới" in page
    assert "31/03/2020" in page
    assert Campaign.objects.get(year=2020).commune_deadline == datetime.date(2020, 3, 31)
    again = client.post(reverse("assessments:campaign"), {"year": "2020"})
    assert Campaign.objects.count() == 1
    assert again.status_code == 200


def test_the_deadlines_are_changed_on_the_page(opened, w, login):
    client = login("tinh")
    client.post(
        reverse("assessments:campaign"),
        {"year_opened": "2020", "y2020-commune_deadline": "15/04/2020"},
    )
    assert Campaign.objects.get(year=2020).commune_deadline == datetime.date(2020, 4, 15)


@pytest.mark.parametrize("username", ["huyen", "xa", "lanh_dao"])
def test_other_roles_cannot_open_a_year(w, login, username):
    assert login(username).get(reverse("assessments:campaign")).status_code == 403
    login(username).post(reverse("assessments:campaign"), {"year": "2020"})
    assert not Campaign.objects.exists()


@pytest.fixture
def three_deadlines(w) -> Campaign:
    """2020 opened with a deadline per level, all of them past (the commune's files are drafts)."""
    return campaign_open(
        province=w.province,
        year=2020,
        deadlines=Deadlines(
            commune=datetime.date(2020, 3, 31),
            district=datetime.date(2020, 4, 30),
            province=datetime.date(2020, 5, 31),
        ),
        user=w.users["province"],
    )


def _worklist_head(client) -> str:
    page = client.get(reverse("assessments:worklist") + "?year=2020").content.decode()
    return page.split("<h1>", 1)[1].split("</div>", 1)[0]


def test_the_worklist_shows_the_deadline_of_each_officers_level(three_deadlines, login):
    commune = _worklist_head(login("xa"))
    assert "Hạn gửi hồ sơ: 31/03/2020" in commune and "quá hạn" in commune
    district = _worklist_head(login("huyen"))
    assert "Hạn rà soát, chuyển tỉnh: 30/04/2020" in district
    assert "31/03/2020" not in district
    assert "quá hạn" not in district  # nothing has been sent to the district yet
    assert "Hạn thẩm định: 31/05/2020" in _worklist_head(login("tinh"))


def test_a_levels_deadline_is_overdue_once_a_file_waits_for_it_past_the_day(
    w, three_deadlines, login
):
    a = Assessment.objects.get(commune=w.c1, year=2020)
    Assessment.objects.filter(pk=a.pk).update(state=Assessment.State.SUBMITTED)
    assert "quá hạn" in _worklist_head(login("huyen"))
    assert "quá hạn" not in _worklist_head(login("tinh"))


def test_the_entry_form_shows_the_communes_deadline_marked_overdue(three_deadlines, w, login):
    a = Assessment.objects.get(commune=w.c1, year=2020)
    page = login("xa").get(_entry_url(a)).content.decode()
    head = page.split("<h1>", 1)[1].split("</div>", 1)[0]
    assert 'class="deadline overdue"' in head and "Hạn gửi hồ sơ: 31/03/2020" in head
    assert "30/04/2020" not in head


def test_the_worklist_reads_in_english_with_its_parts_and_deadline(three_deadlines, login):
    client = login("huyen")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("assessments:worklist") + "?year=2020").content.decode()
    assert "To review" in page and "Cần rà soát" not in page
    assert "Review and forwarding deadline: 30/04/2020" in page
