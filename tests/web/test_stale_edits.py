"""Two officers on the same page: the second save is refused, says what changed, and undoes nothing."""

import re

from django.urls import reverse

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.plans.models import Target
from tests.factories import CaoBang


def _version(page: str) -> str:
    found = re.search(r'name="version" value="([^"]+)"', page)
    assert found, "the entry form carries no version"
    return found.group(1)


def test_a_stale_entry_form_is_refused_and_keeps_both_changes(cao_bang: CaoBang, login):
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="draft", locked=False)
    url = reverse("assessments:entry", args=[a.pk]) + "?group=III"
    first, second = login("xa"), login("xa")
    opened_first = _version(first.get(url).content.decode())
    opened_second = _version(second.get(url).content.decode())

    # The first officer changes income (10.1); the page of the second is now stale.
    data = {"group": "III", "version": opened_first, "v_10_1": "40"}
    assert first.post(url, data).status_code == 302
    assert IndicatorValue.objects.get(assessment=a, indicator__code="10.1").value_number == 40

    # The second, who opened the page before, only declares criterion 11 met.
    stale = second.post(url, {"group": "III", "version": opened_second, "declared_11": "1"})
    text = stale.content.decode()
    assert stale.status_code == 200
    assert "người khác đã thay đổi" in text.lower()
    assert "Chỉ tiêu 10.1" in text and "→ 40" in text
    # Nothing was saved, income is not reverted.
    assert IndicatorValue.objects.get(assessment=a, indicator__code="10.1").value_number == 40
    assert CriterionStatus.objects.get(assessment=a, criterion__number=11).declared_met is None

    # The page came back with income as it is now and the second officer's input kept.
    assert 'name="v_10_1" value="40"' in text
    select = re.search(r"<select name=\"declared_11\".*?</select>", text, re.S).group(0)
    assert re.search(r"<option value=\"1\" selected>", select), select
    again = second.post(
        url, {"group": "III", "version": _version(text), "declared_11": "1", "v_10_1": "40"}
    )
    assert again.status_code == 302
    assert CriterionStatus.objects.get(assessment=a, criterion__number=11).declared_met is True
    assert IndicatorValue.objects.get(assessment=a, indicator__code="10.1").value_number == 40


def test_a_form_without_its_version_is_refused(cao_bang: CaoBang, login):
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="draft", locked=False)
    url = reverse("assessments:entry", args=[a.pk]) + "?group=III"
    response = login("xa").post(url, {"group": "III", "v_10_1": "41"})
    assert response.status_code == 200
    assert "tải lại trang" in response.content.decode()
    assert IndicatorValue.objects.get(assessment=a, indicator__code="10.1").value_number != 41


def test_a_stale_plan_is_refused_and_the_other_officers_target_kept(cao_bang: CaoBang, login):
    url = reverse("plans:target_list") + f"?unit={cao_bang.province}&year=2019"
    first, second = login("tinh"), login("tinh")
    opened_first = _version(first.get(url).content.decode())
    opened_second = _version(second.get(url).content.decode())
    saved = first.post(
        url, {"unit": cao_bang.province, "year": "2019", "t_1": "12", "version": opened_first}
    )
    assert saved.status_code == 302
    stale = second.post(
        url, {"unit": cao_bang.province, "year": "2019", "t_2_1": "3", "version": opened_second}
    )
    assert stale.status_code == 200
    text = stale.content.decode()
    assert "Người khác đã thay đổi các chỉ tiêu" in text and "1: – → 12" in text
    targets = dict(
        Target.objects.filter(unit_id=cao_bang.province, year=2019).values_list("row_id", "value")
    )
    assert targets == {"1": 12}
