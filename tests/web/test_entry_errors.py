"""The entry form says what is wrong at the input that holds it, and says "not saved" once."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ntm.assessments.models import Assessment, IndicatorValue
from ntm.core.errors import ApplicationError
from tests.factories import CaoBang


def _field(html: str, name: str) -> str:
    """The block of one input of the form: its label, the input and its errors."""
    found = re.search(rf'<div class="field[^"]*">\s*<label for="id_{name}".*?</div>', html, re.S)
    assert found, f"no field {name}"
    return found.group(0)


def _banners(html: str) -> int:
    """Message banners above the form's first criterion: the base template's messages and the
    form's own alerts (the submit step's checks further down are not about the saving)."""
    html = html.split('aria-labelledby="crit-', 1)[0]
    messages = re.search(r'<ul class="messages"[^>]*>(.*?)</ul>', html, re.S)
    items = len(re.findall(r"<li", messages.group(1))) if messages else 0
    return items + len(re.findall(r'class="alert alert-error[^"]*" role="alert"', html))


def _post(client, url: str, data: dict[str, str]):
    """Post the form as the page gives it (with the version it was opened with)."""
    opened = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', opened).group(1)
    return client.post(url, {"group": "II", "version": version, **data})


@pytest.fixture
def entry(cao_bang: CaoBang, db) -> tuple[Assessment, str]:
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="draft", locked=False)
    return a, reverse("assessments:entry", args=[a.pk]) + "?group=II"


def test_a_ratio_above_100_is_refused_at_its_input_in_vietnamese(entry, login) -> None:
    a, url = entry
    before = IndicatorValue.objects.get(assessment=a, indicator__code="3.1").value_number
    response = login("xa").post(url, {"group": "II", "v_3_1": "140"})
    assert response.status_code == 200
    html = response.content.decode()
    field = _field(html, "v_3_1")
    assert 'value="140"' in field
    assert "Tỷ lệ không được vượt quá 100 %." in field
    assert 'aria-invalid="true"' in field
    assert "Tỷ lệ không được vượt quá" not in _field(html, "v_4_2")
    assert IndicatorValue.objects.get(assessment=a, indicator__code="3.1").value_number == before


def test_a_negative_value_is_refused_at_its_input(entry, login) -> None:
    a, url = entry
    response = login("xa").post(url, {"group": "II", "v_3_1": "-5", "v_4_2": "80"})
    html = response.content.decode()
    assert "Giá trị không được nhỏ hơn 0." in _field(html, "v_3_1")
    assert "errorlist" not in _field(html, "v_4_2")
    assert not IndicatorValue.objects.filter(
        assessment=a, indicator__code="4.2", value_number=80
    ).exists()


def test_a_ratio_typed_with_a_decimal_comma_up_to_100_is_saved(entry, login) -> None:
    a, url = entry
    response = _post(login("xa"), url, {"v_3_1": "99,5"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(assessment=a, indicator__code="3.1").value_number == (
        Decimal("99.5")
    )


def test_a_refused_form_shows_one_message_banner(entry, login) -> None:
    _a, url = entry
    html = login("xa").post(url, {"group": "II", "v_3_1": "140", "v_4_2": "-1"}).content.decode()
    assert _banners(html) == 1
    assert html.count("Chưa lưu") == 1


def test_a_value_the_service_refuses_is_shown_at_its_input(entry, login, monkeypatch) -> None:
    from ntm.assessments.services import entry as entry_module

    def refuse(**kwargs):
        raise ApplicationError("Giá trị “3.1” bị từ chối.", {"indicator": kwargs["indicator_code"]})

    monkeypatch.setattr(entry_module, "indicator_value_write", refuse)
    _a, url = entry
    html = _post(login("xa"), url, {"v_3_1": "50"}).content.decode()
    assert "Giá trị “3.1” bị từ chối." in _field(html, "v_3_1")
    assert _banners(html) == 1


def test_a_save_that_breaks_a_data_quality_rule_says_so_at_once(entry, login) -> None:
    """The rules run on entry: criterion 3 declared met while 3.1 is under its threshold."""
    a, url = entry
    client = login("xa")
    response = _post(client, url, {"v_3_1": "10", "declared_3": "1"})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "Kiểm tra dữ liệu: Tiêu chí khai báo đạt nhưng giá trị các chỉ tiêu" in html
    assert "TC 3" in html
    # the value is kept: a rule warns, it never refuses a save
    assert IndicatorValue.objects.get(assessment=a, indicator__code="3.1").value_number == 10


def test_a_save_within_the_rules_says_nothing_of_them(entry, login) -> None:
    _, url = entry
    client = login("xa")
    response = _post(client, url, {"v_3_1": "95"})
    assert "Kiểm tra dữ liệu" not in client.get(response.url).content.decode()
