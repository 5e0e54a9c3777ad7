"""Workflow steps and declarations through the API: the file page's services, with If-Match.

A step is the workflow's (``assessment_transition``): a role that may not take it
is refused (403), a step the file's checks refuse answers 409 with their codes,
and the file's ETag covers its state and lock, so that an ETag read before a
step no longer writes after it.
"""

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, Transition
from tests.factories import CaoBang

pytestmark = pytest.mark.django_db


def _etag(client, assessment) -> str:
    return client.get(f"/api/v1/assessments/{assessment.pk}/")["ETag"]


def _step(client, assessment, body, etag):
    return client.post(
        f"/api/v1/assessments/{assessment.pk}/transitions/",
        body,
        format="json",
        HTTP_IF_MATCH=etag,
    )


def _submitted(cao_bang: CaoBang) -> Assessment:
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state=Assessment.State.SUBMITTED)
    return a


def test_the_district_returns_a_submitted_file_with_its_reason(cao_bang: CaoBang, api) -> None:
    a = _submitted(cao_bang)
    client = api("huyen")
    etag = _etag(client, a)
    response = _step(client, a, {"action": "return", "note": "Thiếu minh chứng"}, etag)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "returned" and response["ETag"] != etag
    t = Transition.objects.filter(assessment=a).latest("at")
    assert (t.action, t.user.username, t.reason) == ("return", "huyen", "Thiếu minh chứng")


def test_an_etag_read_before_a_step_no_longer_writes_after_it(cao_bang: CaoBang, api) -> None:
    a = _submitted(cao_bang)
    client = api("huyen")
    etag = _etag(client, a)
    assert _step(client, a, {"action": "return", "note": "Sai số"}, etag).status_code == 200
    xa = api("xa")
    response = xa.patch(
        f"/api/v1/assessments/{a.pk}/values/",
        {"values": [{"indicator": "10.1", "value": 50}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 412
    assert {c["key"] for c in response.json()["changes"]} == {"state"}


def test_a_step_refused_by_the_files_checks_lists_their_codes(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    response = _step(client, a, {"action": "submit", "note": ""}, _etag(client, a))
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["checks"] and body["errors"][0]["field"] is None
    assert not Transition.objects.filter(assessment=a).exists()


def test_a_step_needing_a_reason_is_refused_without_one(cao_bang: CaoBang, api) -> None:
    a = _submitted(cao_bang)
    client = api("huyen")
    response = _step(client, a, {"action": "return"}, _etag(client, a))
    assert response.status_code == 400
    assert Assessment.objects.get(pk=a.pk).state == Assessment.State.SUBMITTED


@pytest.mark.parametrize("username", ["xa", "tinh", "lanhdao"])
def test_a_role_that_may_not_take_the_step_is_refused(username, cao_bang: CaoBang, api) -> None:
    a = _submitted(cao_bang)
    client = api(username)
    response = _step(client, a, {"action": "review"}, _etag(client, a))
    assert response.status_code == 403
    assert Assessment.objects.get(pk=a.pk).state == Assessment.State.SUBMITTED


def test_a_step_without_if_match_or_stale_or_outside_is_refused(cao_bang: CaoBang, api) -> None:
    a = _submitted(cao_bang)
    client = api("huyen")
    etag = _etag(client, a)
    missing = client.post(
        f"/api/v1/assessments/{a.pk}/transitions/", {"action": "review"}, format="json"
    )
    assert missing.status_code == 428
    Assessment.objects.filter(pk=a.pk).update(remarks="đã sửa")
    assert _step(client, a, {"action": "review"}, etag).status_code == 412
    other = cao_bang.assessment("other_district_commune")
    assert _step(client, other, {"action": "review"}, etag).status_code == 404


def test_an_unknown_action_and_recognise_without_decision_name_their_field(
    cao_bang: CaoBang, api
) -> None:
    a = cao_bang.assessment("commune")
    client = api("tinh")
    etag = _etag(client, a)
    unknown = _step(client, a, {"action": "burn"}, etag)
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "action"
    bare = _step(client, a, {"action": "recognise"}, etag)
    assert bare.status_code == 400 and bare.json()["errors"][0]["field"] == "decision"


def _declare(client, a, body, etag):
    return client.patch(
        f"/api/v1/assessments/{a.pk}/declarations/", body, format="json", HTTP_IF_MATCH=etag
    )


def _declared(a, number: int):
    return CriterionStatus.objects.get(assessment=a, criterion__number=number).declared_met


def test_the_commune_declares_criteria_and_writes_remarks(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    body = {"declarations": [{"criterion": 19, "met": False}], "remarks": "Đã rà soát"}
    response = _declare(client, a, body, _etag(client, a))
    assert response.status_code == 200, response.json()
    assert _declared(a, 19) is False
    assert Assessment.objects.get(pk=a.pk).remarks == "Đã rà soát"


def test_a_bad_declaration_names_its_field_and_nothing_is_written(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    body = {
        "declarations": [{"criterion": 19, "met": False}, {"criterion": 99, "met": True}],
        "remarks": "x",
    }
    response = _declare(client, a, body, _etag(client, a))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "declarations[1]"
    assert _declared(a, 19) is True
    assert Assessment.objects.get(pk=a.pk).remarks == ""


@pytest.mark.parametrize("username", ["tinh", "huyen", "lanhdao"])
def test_only_the_commune_declares(username, cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api(username)
    body = {"declarations": [{"criterion": 19, "met": False}]}
    assert _declare(client, a, body, _etag(client, a)).status_code == 403
    assert _declared(a, 19) is True


def test_the_province_revokes_a_decision_with_its_etag(cao_bang: CaoBang, api) -> None:
    import datetime

    from ntm.assessments.models import Recognition
    from tests.factories import recognition_make

    decision = recognition_make(cao_bang.unit("commune"), 2018)
    url = f"/api/v1/recognitions/{decision.pk}/"
    client = api("tinh")
    etag = client.get(url)["ETag"]
    body = {"on": "2020-03-01", "reason": "Không còn đạt tiêu chí 17"}
    assert client.post(url + "revocation/", body, format="json").status_code == 428
    early = client.post(
        url + "revocation/", {**body, "on": "2010-01-01"}, format="json", HTTP_IF_MATCH=etag
    )
    assert early.status_code == 400 and early.json()["errors"][0]["field"] == "on"
    for username, status in (("huyen", 403), ("lanhdao", 403), ("xa2", 404)):
        other = api(username)
        assert (
            other.post(url + "revocation/", body, format="json", HTTP_IF_MATCH=etag).status_code
            == status
        )
    done = client.post(url + "revocation/", body, format="json", HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.json()
    assert Recognition.objects.get(pk=decision.pk).revoked_on == datetime.date(2020, 3, 1)
    again = client.post(url + "revocation/", body, format="json", HTTP_IF_MATCH=etag)
    assert again.status_code == 412
