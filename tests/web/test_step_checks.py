"""The commune page shows the checks of a step before its button; a warning is acknowledged there."""

import pytest
from django.urls import reverse

from ntm.assessments.models import Assessment, Transition
from ntm.assessments.selectors import step_checks
from tests.factories import CaoBang, file_complete

pytestmark = pytest.mark.django_db


def _sent(cao_bang: CaoBang, settings) -> Assessment:
    """Sóc Hà's 2019 file, complete, with income 10.1 at 33,5 against 28,5 in 2018 (+17,5 %)."""
    settings.NTM_CHECK_VALUE_CHANGE = 15
    a = cao_bang.assessment("commune")
    file_complete(a)
    return a


def test_a_value_far_from_last_years_is_a_warning_with_both_values_in_vietnamese(
    cao_bang: CaoBang, settings
):
    a = _sent(cao_bang, settings)
    warnings = {c.code: c for c in step_checks(assessment=a, action="submit")}
    income = warnings["value_change:10.1"]
    assert income.level == "warning"
    assert "năm 2018 là 28,5" in income.message and "năm 2019 là 33,5" in income.message
    settings.NTM_CHECK_VALUE_CHANGE = 50
    assert step_checks(assessment=a, action="submit") == []


def test_the_officer_acknowledges_a_warning_on_the_commune_page_and_the_history_shows_it(
    cao_bang: CaoBang, settings, login
):
    a = _sent(cao_bang, settings)
    client = login("xa")
    page_url = reverse("assessments:commune_detail", args=[a.commune_id]) + "?year=2019"
    page = client.get(page_url).content.decode()
    assert "Kiểm tra trước khi" in page and "Chỉ tiêu 10.1 khác xa năm trước" in page
    assert 'name="ack" value="value_change:10.1"' in page

    url = reverse("assessments:transition", args=[a.pk, "submit"])
    refused = client.post(url, {"ack_reason": "Có số liệu thống kê"}, follow=True)
    assert "Cần xác nhận từng cảnh báo" in refused.content.decode()
    assert Assessment.objects.get(pk=a.pk).state == "draft"

    codes = [c.code for c in step_checks(assessment=a, action="submit")]
    client.post(url, {"ack": codes, "ack_reason": "Thu nhập tăng nhờ mô hình trồng hồi"})
    assert Assessment.objects.get(pk=a.pk).state == "submitted"
    assert "Thu nhập tăng nhờ mô hình trồng hồi" in Transition.objects.get(assessment=a).reason
    page = client.get(page_url).content.decode()
    assert "Cảnh báo đã xác nhận: Chỉ tiêu 10.1 khác xa năm trước" in page
    assert "Lý do tiếp tục: Thu nhập tăng nhờ mô hình trồng hồi" in page


def test_a_file_with_criteria_missing_shows_why_and_its_button_is_disabled(
    cao_bang: CaoBang, login
):
    a = cao_bang.assessment("commune")
    page = (
        login("xa")
        .get(reverse("assessments:commune_detail", args=[a.commune_id]) + "?year=2019")
        .content.decode()
    )
    assert "Chưa thực hiện được bước này" in page
    assert "2. Giao thông" in page
    assert "disabled" in page
