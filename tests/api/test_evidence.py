"""Evidence (minh chứng) through the API: attached, listed, delivered and removed by the commune
page's services, within the user's units; the file is delivered only through the API."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.assessments.models import Assessment, Evidence
from ntm.core.models import ChangeRecord
from tests.factories import CaoBang, user_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% minh chung\n"


def _url(a: Assessment) -> str:
    return f"/api/v1/assessments/{a.pk}/evidence/"


def _upload(client, a: Assessment, **given):
    body = {"file": SimpleUploadedFile("bien ban.pdf", PDF, "application/pdf"), **given}
    return client.post(_url(a), body, format="multipart")


def test_a_commune_attaches_lists_reads_and_removes_evidence(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    added = _upload(client, a, criterion=19, title="Biên bản họp dân")
    assert added.status_code == 201, added.json()
    body = added.json()
    assert (body["criterion"], body["title"]) == (19, "Biên bản họp dân")
    listed = client.get(_url(a)).json()
    assert [e["id"] for e in listed] == [body["id"]]
    delivered = client.get(body["file"])
    assert delivered.status_code == 200
    assert (
        b"".join(delivered.streaming_content if delivered.streaming else [delivered.content]) == PDF
    )
    assert api("tinh").get(body["file"]).status_code == 200  # the province reads its communes'

    assert client.delete(f"/api/v1/evidence/{body['id']}/").status_code == 204
    assert not Evidence.objects.filter(pk=body["id"]).exists()
    actions = ChangeRecord.objects.filter(object_type="assessments.evidence").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["create", "delete"]


def test_a_file_not_pdf_or_image_and_an_unknown_criterion_are_named(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    script = SimpleUploadedFile("x.pdf", b"#!/bin/sh\necho", "application/pdf")
    refused = client.post(_url(a), {"file": script}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "file"
    unknown = _upload(client, a, criterion=77)
    assert unknown.status_code == 400
    assert not Evidence.objects.filter(assessment=a).exists()


def test_evidence_outside_the_user_s_units_is_not_found(cao_bang: CaoBang, api) -> None:
    far = cao_bang.assessment("outside")
    evidence = Evidence(assessment=far, title="Biên bản")
    evidence.file.save("bien-ban.pdf", ContentFile(PDF), save=True)
    for role in ("xa", "tinh"):
        client = api(role)
        assert client.get(f"/api/v1/evidence/{evidence.pk}/file/").status_code == 404
        assert client.get(f"/api/v1/evidence/{evidence.pk}/").status_code == 404
        assert client.delete(f"/api/v1/evidence/{evidence.pk}/").status_code == 404
    assert _upload(api("xa"), far).status_code == 404
    user_make("trunguong", "central", None)
    assert api("trunguong").get(f"/api/v1/evidence/{evidence.pk}/file/").status_code == 200


def test_a_viewer_may_read_but_not_remove(cao_bang: CaoBang, api) -> None:
    evidence = _upload(api("xa"), cao_bang.assessment("commune")).json()
    viewer = api("lanhdao")
    assert viewer.get(evidence["file"]).status_code == 200
    assert viewer.delete(f"/api/v1/evidence/{evidence['id']}/").status_code == 403
    assert Evidence.objects.filter(pk=evidence["id"]).exists()
