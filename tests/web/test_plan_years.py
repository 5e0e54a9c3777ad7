"""The plans page offers only years that a criteria set applies to, and says so for another."""

from django.urls import reverse

from ntm.assessments.services.evaluation import assessment_get_or_create
from tests.factories import CaoBang


def test_a_year_without_a_criteria_set_is_not_offered_and_is_explained(cao_bang: CaoBang, login):
    # A 2020 file makes 2021 the next year; no criteria set applies to 2021.
    assessment_get_or_create(commune=cao_bang.unit("commune"), year=2020)
    client = login("tinh")
    page = client.get(reverse("plans:target_list")).content.decode()
    assert 'value="2020" selected' in page
    assert 'value="2021"' not in page

    asked = client.get(reverse("plans:target_list") + "?year=2021").content.decode()
    assert "Năm 2021 chưa có bộ tiêu chí áp dụng" in asked
    assert 'value="2020" selected' in asked
