"""Two tiers (since 01/07/2025): a commune with no district sends its file to the province."""

import pytest
from django.urls import reverse

from ntm.assessments.models import Assessment
from ntm.assessments.selectors import worklist
from ntm.assessments.services.workflow import (
    assessment_appraise,
    assessment_return,
    assessment_review,
    assessment_submit,
)
from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit
from tests.factories import assessment_make, criteria_set_make, unit_make, user_make

S = Assessment.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tiers():
    province = unit_make("4", "Cao Bằng", level=1, kind=AdminUnit.Kind.PROVINCE)
    commune = unit_make("1234", "Hòa An", level=3, kind=AdminUnit.Kind.COMMUNE, parent=province)
    cset = criteria_set_make(n=3)
    a = assessment_make(commune, 2019, criteria_set=cset)
    return {
        "assessment": a,
        "commune": user_make("xa", "commune", commune),
        "province": user_make("tinh", "province", province),
    }


def test_the_province_appraises_a_file_sent_straight_to_it(two_tiers):
    a = two_tiers["assessment"]
    assessment_submit(assessment=a, user=two_tiers["commune"])
    parts = {p["key"]: p for p in worklist(user=two_tiers["province"], year=2019)}
    assert [f.pk for f in parts["to_appraise"]["files"]] == [a.pk]
    assessment_appraise(assessment=a, user=two_tiers["province"])
    a.refresh_from_db()
    assert (a.state, a.locked) == (S.APPRAISED, True)


def test_the_province_returns_a_file_sent_straight_to_it_and_no_review_step_exists(two_tiers):
    a = two_tiers["assessment"]
    assessment_submit(assessment=a, user=two_tiers["commune"])
    with pytest.raises(ApplicationError):
        assessment_review(assessment=a, user=two_tiers["province"])
    assessment_return(assessment=a, user=two_tiers["province"], reason="Thiếu minh chứng")
    a.refresh_from_db()
    assert a.state == S.RETURNED


def test_a_file_sent_straight_to_the_province_reads_sent_to_the_province(two_tiers, client):
    a = two_tiers["assessment"]
    assessment_submit(assessment=a, user=two_tiers["commune"])
    a.refresh_from_db()
    assert a.state_label() == "Đã gửi tỉnh"
    client.force_login(two_tiers["province"])
    body = client.get(reverse("assessments:worklist") + "?year=2019").content.decode()
    assert "Đã gửi tỉnh" in body and "Đã gửi huyện" not in body
