"""Each value, status, target and decision shows its history on its page: who, when, old → new, why."""

from decimal import Decimal

from django.urls import reverse

from ntm.assessments.models import Assessment
from ntm.assessments.services.evaluation import criterion_status_declare, indicator_value_set
from ntm.assessments.services.recognition import recognition_revoke
from ntm.plans.services import target_set
from tests.factories import CaoBang, recognition_make


def test_the_criterion_panel_shows_each_change_of_its_values_and_declaration(
    cao_bang: CaoBang, login
):
    from django.contrib.auth.models import User

    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="draft", locked=False)
    officer = User.objects.get(username="xa")
    indicator_value_set(assessment=a, indicator_code="10.1", value=Decimal("40.5"), user=officer)
    criterion_status_declare(
        assessment=a, criterion_number=10, met=True, user=officer, reason="Có văn bản"
    )
    page = (
        login("tinh").get(reverse("assessments:criterion_panel", args=[a.pk, 10])).content.decode()
    )
    assert "Lịch sử thay đổi" in page
    assert "33,5 → 40,5" in page  # income: from the world's value to the officer's
    assert "kết quả khai báo: – → Đạt" in page and "Có văn bản" in page
    assert page.count("<tr>") >= 3


def test_the_plans_page_shows_the_history_of_its_targets_even_removed_ones(
    cao_bang: CaoBang, login
):
    from django.contrib.auth.models import User

    province = cao_bang.unit("province")
    officer = User.objects.get(username="tinh")
    target_set(unit=province, year=2020, row_id="1", value="12", user=officer, reason="NQ 05")
    target_set(unit=province, year=2020, row_id="1", value="13.5", user=officer)
    target_set(unit=province, year=2020, row_id="2.1", value="3", user=officer)
    target_set(unit=province, year=2020, row_id="2.1", value=None, user=officer, reason="Bỏ")
    page = (
        login("lanhdao")
        .get(reverse("plans:target_list") + f"?unit={province.pk}&year=2020")
        .content.decode()
    )
    assert "Lịch sử thay đổi (4)" in page
    assert "12 → 13,5" in page and "NQ 05" in page and "Bỏ" in page


def test_the_commune_page_shows_the_history_of_its_decisions(cao_bang: CaoBang, login):
    import datetime

    from django.contrib.auth.models import User

    commune = cao_bang.unit("commune")
    decision = recognition_make(commune, 2018)
    recognition_revoke(
        recognition=decision,
        user=User.objects.get(username="tinh"),
        on=datetime.date(2020, 3, 1),
        reason="Không duy trì tiêu chí 17",
    )
    page = (
        login("huyen")
        .get(reverse("assessments:commune_detail", args=[commune.pk]))
        .content.decode()
    )
    assert "Không duy trì tiêu chí 17" in page and "– → 01/03/2020" in page
