"""``/api/v1/dhis2/dataValueSets``: a unit's year out as DHIS2 JSON or ADX, a payload in,
within the user's units, answered with DHIS2's import summary."""

import json
import re
from decimal import Decimal

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.core.models import ChangeRecord
from tests.factories import CaoBang, user_make

pytestmark = pytest.mark.django_db

URL = "/api/v1/dhis2/dataValueSets"


@pytest.fixture(autouse=True)
def _files_kept_aside(private_files):
    """Nothing these tests write lands in the data folder."""


@pytest.fixture
def api(db):
    from django.contrib.auth.models import User
    from rest_framework.test import APIClient

    from ntm.api.services import api_token_create

    def make(username: str | None):
        client = APIClient()
        if username:
            user = User.objects.get(username=username)
            _token, text = api_token_create(owner=user, user=user, days=30)
            client.credentials(HTTP_AUTHORIZATION=f"Token {text}")
        return client

    return make


def _income(cao_bang: CaoBang, name: str) -> dict[str, str]:
    code = cao_bang.unit(name).code.zfill(5)
    return {"dataElement": "10.1", "period": "2019", "orgUnit": code, "value": "55"}


def test_a_commune_s_year_reads_as_a_data_value_set(cao_bang: CaoBang, api) -> None:
    commune = cao_bang.unit("commune")
    response = api("xa").get(URL, {"unit": commune.pk, "year": 2019})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    payload = json.loads(response.content)
    assert payload["period"] == "2019" and payload["orgUnit"] == commune.code.zfill(5)
    elements = {v["dataElement"] for v in payload["dataValues"]}
    assert "10.1" in elements and any(e.startswith("TC_") for e in elements)


@pytest.mark.parametrize("how", ["accept", "query"])
def test_adx_is_answered_when_asked_for(cao_bang: CaoBang, api, how) -> None:
    params = {"unit": cao_bang.province, "year": 2019}
    client = api("tinh")
    if how == "query":
        response = client.get(URL, {**params, "format": "adx"})
    else:
        response = client.get(URL, params, HTTP_ACCEPT="application/adx+xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/adx+xml")
    assert b'xmlns="urn:ihe:qrph:adx:2015"' in response.content


def test_a_unit_outside_the_user_s_is_not_found(cao_bang: CaoBang, api) -> None:
    response = api("xa").get(URL, {"unit": cao_bang.neighbour, "year": 2019})
    assert response.status_code == 404


def test_a_missing_year_is_named(cao_bang: CaoBang, api) -> None:
    response = api("xa").get(URL, {"unit": cao_bang.commune})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"


def test_anonymous_is_refused(cao_bang: CaoBang, api) -> None:
    assert api(None).get(URL, {"unit": cao_bang.commune, "year": 2019}).status_code == 401


def test_a_payload_is_imported_recorded_and_summarised(cao_bang: CaoBang, api) -> None:
    payload = {"dataValues": [_income(cao_bang, "commune")]}
    response = api("xa").post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["status"] == "SUCCESS"
    assert answer["importCount"] == {"imported": 0, "updated": 1, "ignored": 0, "deleted": 0}
    value = IndicatorValue.objects.get(
        assessment=cao_bang.assessment("commune"), indicator__code="10.1"
    )
    assert value.value_number == Decimal("55")
    assert ChangeRecord.objects.filter(
        object_type="assessments.indicatorvalue", object_id=str(value.pk)
    ).exists()


def test_a_dry_run_counts_and_writes_nothing(cao_bang: CaoBang, api) -> None:
    before = set(IndicatorValue.objects.values_list("pk", "value_number"))
    payload = {"dataValues": [_income(cao_bang, "commune")]}
    response = api("xa").post(
        f"{URL}?dryRun=true", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["dryRun"] is True and response.json()["importCount"]["updated"] == 1
    assert set(IndicatorValue.objects.values_list("pk", "value_number")) == before


def test_a_row_outside_the_user_s_units_refuses_the_whole_payload(cao_bang: CaoBang, api) -> None:
    before = set(IndicatorValue.objects.values_list("pk", "value_number"))
    payload = {"dataValues": [_income(cao_bang, "commune"), _income(cao_bang, "neighbour")]}
    response = api("xa").post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 409
    answer = response.json()
    assert answer["status"] == "ERROR"
    assert answer["importCount"]["imported"] == answer["importCount"]["updated"] == 0
    assert answer["conflicts"][0]["object"].startswith("2:")
    assert set(IndicatorValue.objects.values_list("pk", "value_number")) == before


@pytest.mark.parametrize("username", ["lanhdao", "tinh"])
def test_a_role_that_does_not_write_values_is_refused(cao_bang: CaoBang, api, username) -> None:
    payload = {"dataValues": [_income(cao_bang, "commune")]}
    response = api(username).post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 403


def test_an_adx_payload_with_a_doctype_is_refused(cao_bang: CaoBang, api) -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><adx xmlns="urn:ihe:qrph:adx:2015"/>'
    )
    response = api("xa").post(URL, body, content_type="application/adx+xml")
    assert response.status_code == 409
    assert "DOCTYPE" in response.json()["conflicts"][0]["value"]


def test_an_adx_payload_is_imported(cao_bang: CaoBang, api) -> None:
    code = cao_bang.unit("commune").code.zfill(5)
    body = (
        f'<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="{code}" period="2019-01-01/P1Y">'
        '<dataValue dataElement="10.1" value="56"/></group></adx>'
    ).encode()
    response = api("xa").post(URL, body, content_type="application/adx+xml")
    assert response.status_code == 200, response.json()
    assert CriterionStatus.objects.exists()


def test_the_schema_documents_the_exchange(cao_bang: CaoBang, api) -> None:
    schema = api("xa").get("/api/v1/schema/?format=json").json()
    operations = schema["paths"]["/api/v1/dhis2/dataValueSets"]
    assert set(operations) == {"get", "post"}
    assert "application/adx+xml" in operations["post"]["requestBody"]["content"]


def test_a_province_s_files_read_out_and_posted_into_an_empty_ntm_keep_their_statuses(
    cao_bang: CaoBang, api
) -> None:
    """Files filled as officers fill them (a ratio, a verdict, numbers, a declaration): out
    through the API, the files deleted, posted back as the central level: the same statuses."""

    def state() -> set[tuple]:
        return set(
            CriterionStatus.objects.filter(assessment__year=2019, assessment__kind="standard")
            .filter(assessment__commune__province_id=cao_bang.province)
            .values_list("assessment__commune__code", "criterion__number", "met")
        )

    def counts() -> set[tuple]:
        return set(
            Assessment.objects.filter(
                year=2019, commune__province_id=cao_bang.province
            ).values_list("commune__code", "criteria_met", "meets_standard")
        )

    before, before_counts = state(), counts()
    assert before
    response = api("tinh").get(URL, {"unit": cao_bang.province, "year": 2019})
    assert response.status_code == 200
    Assessment.objects.filter(year=2019, commune__province_id=cao_bang.province).delete()
    assert state() == set()
    user_make("trunguong", "central")
    answer = api("trunguong").post(URL, response.content, content_type="application/json")
    assert answer.status_code == 200, answer.json()
    assert state() == before
    assert counts() == before_counts


def test_adx_names_its_data_set_and_when_it_was_made(cao_bang: CaoBang, api) -> None:
    params = {"unit": cao_bang.province, "year": 2019, "format": "adx", "dataSet": "NTM_XA"}
    response = api("tinh").get(URL, params)
    assert response.status_code == 200
    from xml.etree import ElementTree

    root = ElementTree.fromstring(response.content)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", root.get("exported", ""))
    groups = list(root)
    assert groups and all(g.get("dataSet") == "NTM_XA" for g in groups)
    bad = api("tinh").get(URL, {**params, "dataSet": "x" * 51})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "dataSet"


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"categoryOptionCombo": "NAM"}, "categoryOptionCombo"),
        ({"attributeOptionCombo": "NGUON_A"}, "attributeOptionCombo"),
        ({"deleted": True}, "deleted"),
    ],
)
def test_a_disaggregated_or_deleted_value_refuses_the_payload(
    cao_bang: CaoBang, api, extra, field
) -> None:
    """NTM holds one value per indicator, commune and year: nothing is merged or dropped."""
    before = IndicatorValue.objects.get(
        assessment=cao_bang.assessment("commune"), indicator__code="10.1"
    ).value_number
    payload = {"dataValues": [{**_income(cao_bang, "commune"), **extra}]}
    response = api("xa").post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == f"1:{field}"
    default = {"dataValues": [{**_income(cao_bang, "commune"), "categoryOptionCombo": "default"}]}
    assert (
        api("xa").post(URL + "?dryRun=true", json.dumps(default), content_type="application/json")
    ).status_code == 200
    assert (
        IndicatorValue.objects.get(
            assessment=cao_bang.assessment("commune"), indicator__code="10.1"
        ).value_number
        == before
    )


def test_one_value_given_twice_refuses_the_payload(cao_bang: CaoBang, api) -> None:
    twice = [_income(cao_bang, "commune"), {**_income(cao_bang, "commune"), "value": "60"}]
    response = api("xa").post(
        URL, json.dumps({"dataValues": twice}), content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "2:dataElement"


def test_a_body_past_the_import_limit_is_not_read(cao_bang: CaoBang, api, settings) -> None:
    settings.NTM_IMPORT_MAX_BYTES = 1024
    payload = {"dataValues": [_income(cao_bang, "commune")] * 40}
    response = api("xa").post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 413
    assert "NTM_IMPORT_MAX_BYTES" in response.json()["errors"][0]["message"]
