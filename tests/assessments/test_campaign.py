"""Opening a province's assessment year: every commune's file, started from last year's values."""

import datetime
from decimal import Decimal

import pytest

from ntm.assessments import selectors
from ntm.assessments.models import Assessment, Campaign, CriterionStatus, IndicatorValue
from ntm.assessments.services.campaign import (
    Deadlines,
    campaign_deadlines_set,
    campaign_open,
    carried_values_confirm,
)
from ntm.assessments.services.entry import assessment_entry_save
from ntm.assessments.services.evaluation import (
    assessment_get_or_create,
    criterion_status_declare,
    indicator_value_set,
)
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.criteria.models import Indicator
from tests.factories import World, criteria_set_make, world_build

DEADLINES = Deadlines(
    commune=datetime.date(2020, 3, 31),
    district=datetime.date(2020, 4, 30),
    province=datetime.date(2020, 5, 31),
)


@pytest.fixture
def w(criteria_2016) -> World:
    """The hand-made world with the shipped 2016-2020 set, and C1's 2019 file filled in."""
    world = world_build(criteria_set=criteria_2016)
    last = assessment_get_or_create(commune=world.c1, year=2019)
    for code, value in (("1.1", True), ("1.2", True), ("10.1", Decimal("40"))):
        indicator_value_set(assessment=last, indicator_code=code, value=value)
    criterion_status_declare(assessment=last, criterion_number=2, met=True)
    return world


def test_opening_creates_a_draft_file_for_every_commune_of_the_province(w):
    campaign = campaign_open(
        province=w.province, year=2020, deadlines=DEADLINES, user=w.users["province"]
    )
    files = Assessment.objects.filter(year=2020)
    assert sorted(a.commune_id for a in files) == sorted([w.c1.pk, w.c2.pk, w.c3.pk])
    assert {a.state for a in files} == {Assessment.State.DRAFT}
    assert not Assessment.objects.filter(year=2020, commune=w.other_commune).exists()
    assert (campaign.files_created, campaign.files_carried, campaign.values_carried) == (3, 1, 3)
    assert campaign.commune_deadline == datetime.date(2020, 3, 31)
    assert campaign.opened_by == w.users["province"]


def test_an_existing_file_is_left_as_it_is(w):
    existing = assessment_get_or_create(commune=w.c2, year=2020)
    indicator_value_set(assessment=existing, indicator_code="10.1", value=Decimal("55"))
    campaign = campaign_open(province=w.province, year=2020, user=w.users["province"])
    assert campaign.files_created == 2
    assert list(
        IndicatorValue.objects.filter(assessment=existing).values_list(
            "value_number", "carried_from"
        )
    ) == [(Decimal("55"), None)]


def test_last_years_values_are_copied_with_their_year_but_not_the_declarations(w):
    campaign_open(province=w.province, year=2020, user=w.users["province"])
    new = Assessment.objects.get(commune=w.c1, year=2020)
    carried = {
        v.indicator.code: (v.value_bool, v.value_number, v.carried_from)
        for v in IndicatorValue.objects.filter(assessment=new).select_related("indicator")
    }
    assert carried == {
        "1.1": (True, None, 2019),
        "1.2": (True, None, 2019),
        "10.1": (None, Decimal("40"), 2019),
    }
    assert CriterionStatus.objects.get(assessment=new, criterion__number=2).declared_met is None
    # Carried values count as entered: criterion 1 is computed from them.
    assert CriterionStatus.objects.get(assessment=new, criterion__number=1).met is True
    assert selectors.carried_unconfirmed_count(assessment=new) == 3


def test_only_indicators_of_the_new_years_set_are_carried(w):
    file_2020 = assessment_get_or_create(commune=w.c1, year=2020)
    indicator_value_set(assessment=file_2020, indicator_code="1.1", value=True)
    indicator_value_set(assessment=file_2020, indicator_code="10.1", value=Decimal("45"))
    new_set = criteria_set_make(n=1, code="xa-moi-2021-2025")
    new_set.period_start, new_set.period_end = 2021, 2025
    new_set.save()
    Indicator.objects.create(
        criterion=new_set.criteria.get(), code="10.1", content="Thu nhập", kind="number", op=">="
    )
    campaign = campaign_open(province=w.province, year=2021, user=w.users["central"])
    new = Assessment.objects.get(commune=w.c1, year=2021)
    assert new.criteria_set == new_set
    assert list(
        IndicatorValue.objects.filter(assessment=new).values_list(
            "indicator__code", "value_number", "carried_from"
        )
    ) == [("10.1", Decimal("45"), 2020)]
    assert campaign.values_carried == 1


@pytest.mark.parametrize("role", ["district", "commune", "viewer", "none"])
def test_only_the_province_or_the_central_level_opens_a_year(w, role):
    with pytest.raises(ApplicationError):
        campaign_open(province=w.province, year=2020, user=w.users[role])
    assert not Campaign.objects.exists()
    assert not Assessment.objects.filter(year=2020).exists()


def test_another_provinces_officer_cannot_open_it(w):
    with pytest.raises(ApplicationError, match="không có quyền"):
        campaign_open(province=w.province, year=2020, user=w.users["province_out"])


def test_a_year_without_a_criteria_set_is_refused(w):
    with pytest.raises(ApplicationError, match="Chưa có bộ tiêu chí áp dụng cho năm 2030"):
        campaign_open(province=w.province, year=2030, user=w.users["province"])
    assert not Assessment.objects.filter(year=2030).exists()


def test_a_year_is_opened_once(w):
    campaign_open(province=w.province, year=2020, user=w.users["province"])
    with pytest.raises(ApplicationError, match="đã được mở ngày"):
        campaign_open(province=w.province, year=2020, user=w.users["central"])
    assert Campaign.objects.count() == 1


def test_deadlines_must_follow_the_order_of_the_steps(w):
    with pytest.raises(ApplicationError, match="thứ tự"):
        campaign_open(
            province=w.province,
            year=2020,
            deadlines=Deadlines(
                commune=datetime.date(2020, 5, 1), district=datetime.date(2020, 4, 1)
            ),
            user=w.users["province"],
        )


def test_opening_records_the_campaign_the_files_and_each_carried_value(w):
    officer = w.users["province"]
    campaign = campaign_open(province=w.province, year=2020, user=officer)
    records = ChangeRecord.objects.filter(user=officer)
    assert records.filter(object_type="assessments.campaign", object_id=str(campaign.pk)).exists()
    assert records.filter(object_type="assessments.assessment", action="create").count() == 3
    carried = records.filter(object_type="assessments.indicatorvalue")
    assert carried.count() == 3
    assert {r.after["carried_from"] for r in carried} == {2019}


def test_deadlines_are_changed_later_and_the_change_recorded(w):
    officer = w.users["province"]
    campaign = campaign_open(province=w.province, year=2020, deadlines=DEADLINES, user=officer)
    later = Deadlines(commune=datetime.date(2020, 4, 15), province=datetime.date(2020, 6, 30))
    campaign_deadlines_set(campaign=campaign, deadlines=later, user=officer, reason="Lùi hạn")
    campaign.refresh_from_db()
    assert (campaign.commune_deadline, campaign.district_deadline) == (
        datetime.date(2020, 4, 15),
        None,
    )
    record = ChangeRecord.objects.get(object_type="assessments.campaign", action="update")
    assert record.before["commune_deadline"] == "2020-03-31"
    assert record.after["commune_deadline"] == "2020-04-15"
    assert record.reason == "Lùi hạn"
    with pytest.raises(ApplicationError):
        campaign_deadlines_set(campaign=campaign, deadlines=later, user=w.users["district"])


def _carried(assessment: Assessment) -> dict[str, int | None]:
    return dict(
        IndicatorValue.objects.filter(assessment=assessment).values_list(
            "indicator__code", "carried_from"
        )
    )


def test_saving_another_value_clears_the_mark_and_confirming_clears_it_too(w):
    campaign_open(province=w.province, year=2020, user=w.users["province"])
    new = Assessment.objects.get(commune=w.c1, year=2020)
    officer = w.users["commune"]
    assessment_entry_save(assessment=new, user=officer, values=[("10.1", {"value": Decimal("42")})])
    assert _carried(new) == {"1.1": 2019, "1.2": 2019, "10.1": None}
    assert carried_values_confirm(assessment=new, user=officer, indicator_codes=["1.1"]) == 1
    assert _carried(new) == {"1.1": None, "1.2": 2019, "10.1": None}
    assert carried_values_confirm(assessment=new, user=officer) == 1
    assert selectors.carried_unconfirmed_count(assessment=new) == 0
    confirmed = ChangeRecord.objects.filter(
        object_type="assessments.indicatorvalue", user=officer, after__carried_from=None
    )
    assert confirmed.count() == 3


def test_only_the_communes_officer_confirms_carried_values(w):
    campaign_open(province=w.province, year=2020, user=w.users["province"])
    new = Assessment.objects.get(commune=w.c1, year=2020)
    with pytest.raises(ApplicationError):
        carried_values_confirm(assessment=new, user=w.users["district"])
    assert selectors.carried_unconfirmed_count(assessment=new) == 3


def test_the_communes_deadline_is_overdue_once_passed_while_it_holds_the_file(w):
    campaign_open(province=w.province, year=2020, deadlines=DEADLINES, user=w.users["province"])
    new = Assessment.objects.get(commune=w.c1, year=2020)
    before = selectors.commune_deadline(assessment=new, today=datetime.date(2020, 3, 31))
    after = selectors.commune_deadline(assessment=new, today=datetime.date(2020, 4, 1))
    assert (before["date"], before["overdue"]) == (datetime.date(2020, 3, 31), False)
    assert (after["date"], after["overdue"]) == (datetime.date(2020, 3, 31), True)


def test_the_campaign_page_counts_the_data_quality_rules_its_files_break(w, client):
    campaign_open(province=w.province, year=2020, user=w.user("province"), deadlines=DEADLINES)
    client.force_login(w.user("province"))
    html = client.get(f"/assessments/campaign/?province={w.province.pk}").content.decode()
    assert "Không có chỗ nào cần xem lại." in html
    ratio = Indicator.objects.filter(criterion__criteria_set=w.criteria_set, kind="ratio").first()
    file = Assessment.objects.get(commune=w.c1, year=2020)
    IndicatorValue.objects.update_or_create(
        assessment=file, indicator=ratio, defaults={"value_number": Decimal("140")}
    )
    assert selectors.campaign_quality(campaign=Campaign.objects.get(year=2020)) == {
        "high": 1,
        "medium": 0,
        "low": 0,
    }
    html = client.get(f"/assessments/campaign/?province={w.province.pk}").content.decode()
    assert "1 mức cao, 0 mức vừa, 0 mức thấp" in html
    assert f"/quality/checks/?unit={w.province.pk}&amp;year=2020" in html
