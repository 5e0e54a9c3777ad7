"""Writing an assessment's values through the API: the entry page's service, all or nothing.

The file's version travels as its ETag: a write sends it back in If-Match and
is refused (412, with what changed) when someone changed the file since; a
refused write leaves every value as it was, and an accepted one is recorded in
the change log as the page's is.
"""

from decimal import Decimal

import pytest

from ntm.assessments.models import IndicatorValue
from ntm.assessments.services.evaluation import indicator_value_set
from ntm.core.models import ChangeRecord
from tests.factories import CaoBang

pytestmark = pytest.mark.django_db


def _url(assessment) -> str:
    return f"/api/v1/assessments/{assessment.pk}/values/"


def _etag(client, assessment) -> str:
    return client.get(f"/api/v1/assessments/{assessment.pk}/")["ETag"]


def _value(assessment, code: str) -> IndicatorValue:
    return IndicatorValue.objects.get(assessment=assessment, indicator__code=code)


def test_values_are_saved_recorded_and_the_file_evaluated_again(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    etag = _etag(client, a)
    response = client.patch(
        _url(a),
        {
            "values": [
                {"indicator": "10.1", "value": 45},
                {"indicator": "1.1", "value": "Không đạt"},
            ]
        },
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.json()
    assert _value(a, "10.1").value_number == Decimal("45")
    assert _value(a, "1.1").value_bool is False
    data = response.json()
    assert response["ETag"] != etag and response["ETag"] == f'"{data["version"]}"'
    assert {v["indicator"]: v["value"] for v in data["values"]}["10.1"] == 45
    statuses = {s["number"]: s for s in data["statuses"]}
    assert statuses[10]["met"] is True  # the income's threshold met once evaluated again
    record = ChangeRecord.objects.filter(
        object_type="assessments.indicatorvalue", object_id=str(_value(a, "10.1").pk)
    ).latest("at")
    assert record.user.username == "xa" and record.after["value_number"] == "45"


def test_a_ratio_is_written_with_its_numerator_and_denominator(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    response = client.patch(
        _url(a),
        {"values": [{"indicator": "3.1", "numerator": 49, "denominator": 50}]},
        format="json",
        HTTP_IF_MATCH=_etag(client, a),
    )
    assert response.status_code == 200, response.json()
    value = _value(a, "3.1")
    assert (value.numerator, value.denominator) == (Decimal(49), Decimal(50))


def test_a_stale_version_is_refused_with_what_changed_and_nothing_written(
    cao_bang: CaoBang, api
) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    etag = _etag(client, a)
    indicator_value_set(assessment=a, indicator_code="10.1", value=Decimal("40"))  # someone else
    response = client.patch(
        _url(a),
        {"values": [{"indicator": "1.1", "value": False}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 412
    body = response.json()
    assert body["errors"][0]["field"] is None and "người khác" in body["errors"][0]["message"]
    assert body["changes"] == [{"key": "v:10.1", "opened": "33,5", "now": "40"}]
    assert _value(a, "1.1").value_bool is True
    assert _value(a, "10.1").value_number == Decimal("40")


def test_a_write_without_if_match_or_with_a_forged_one_is_refused(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    body = {"values": [{"indicator": "1.1", "value": False}]}
    missing = client.patch(_url(a), body, format="json")
    assert missing.status_code == 428 and missing.json()["errors"][0]["field"] is None
    forged = client.patch(_url(a), body, format="json", HTTP_IF_MATCH='"made-up"')
    assert forged.status_code == 412
    assert _value(a, "1.1").value_bool is True


@pytest.mark.parametrize(
    ("values", "field"),
    [
        # the second value is refused by the service: the first is not written either
        ([{"indicator": "10.1", "value": 50}, {"indicator": "1.1", "value": 12}], "values[1]"),
        ([{"indicator": "10.1", "value": 50}, {"indicator": "99.9", "value": 1}], "values[1]"),
        ([{"indicator": "10.1", "value": 50}, {"indicator": "3.1", "numerator": 4}], "values[1]"),
        (
            [
                {"indicator": "10.1", "value": 50},
                {"indicator": "3.1", "numerator": -1, "denominator": 5},
            ],
            "values[1].numerator",
        ),
        ([{"indicator": "10.1", "value": [1]}], "values[0].value"),
        ([{"indicator": "10.1", "value": 50}, {"indicator": "10.1", "value": 51}], "values"),
        ([], "values"),
    ],
    ids=["boolean-as-number", "unknown", "numerator-alone", "negative", "list", "twice", "empty"],
)
def test_a_bad_value_is_refused_naming_its_field_and_nothing_is_written(
    values, field, cao_bang: CaoBang, api
) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    before = ChangeRecord.objects.count()
    response = client.patch(
        _url(a), {"values": values}, format="json", HTTP_IF_MATCH=_etag(client, a)
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == field and error["message"]
    assert not error["message"].isascii()  # said in Vietnamese
    assert _value(a, "10.1").value_number == Decimal("33.5")
    assert ChangeRecord.objects.count() == before


def test_a_file_outside_the_officers_units_is_not_found_and_not_written(
    cao_bang: CaoBang, api
) -> None:
    a = cao_bang.assessment("neighbour")
    client = api("xa")
    etag = api("xa2").get(f"/api/v1/assessments/{a.pk}/")["ETag"]
    response = client.patch(
        _url(a), {"values": [{"indicator": "10.1", "value": 50}]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 404
    assert _value(a, "10.1").value_number == Decimal("33.5")


@pytest.mark.parametrize("username", ["tinh", "huyen", "lanhdao"])
def test_an_officer_who_may_not_enter_values_is_refused_as_on_the_page(
    username, cao_bang: CaoBang, api
) -> None:
    a = cao_bang.assessment("commune")
    client = api(username)
    response = client.patch(
        _url(a),
        {"values": [{"indicator": "10.1", "value": 50}]},
        format="json",
        HTTP_IF_MATCH=_etag(client, a),
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["field"] is None
    assert _value(a, "10.1").value_number == Decimal("33.5")


def test_a_submitted_file_is_no_longer_written(cao_bang: CaoBang, api) -> None:
    from ntm.assessments.models import Assessment

    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state=Assessment.State.SUBMITTED)
    client = api("xa")
    response = client.patch(
        _url(a),
        {"values": [{"indicator": "10.1", "value": 50}]},
        format="json",
        HTTP_IF_MATCH=_etag(client, a),
    )
    assert response.status_code == 403
    assert _value(a, "10.1").value_number == Decimal("33.5")


def test_the_session_writes_only_with_its_csrf_token(cao_bang: CaoBang) -> None:
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    a = cao_bang.assessment("commune")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="xa"))
    response = client.patch(
        _url(a),
        {"values": [{"indicator": "10.1", "value": 50}]},
        format="json",
        HTTP_IF_MATCH=_etag(client, a),
    )
    assert response.status_code == 403
    assert _value(a, "10.1").value_number == Decimal("33.5")
