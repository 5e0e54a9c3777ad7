"""What an officer is told when a page refuses what was posted; nothing is written then."""

import datetime

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.assessments.models import Assessment, Evidence, IndicatorValue, Recognition
from tests.factories import CaoBang, recognition_make


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_new_file_for_a_year_that_is_not_one_is_refused(cao_bang: CaoBang, login) -> None:
    url = reverse("assessments:assessment_create", args=[cao_bang.commune])
    response = login("xa").post(url, {"year": "năm sau"}, follow=True)
    assert "Năm không hợp lệ." in _messages(response)
    assert Assessment.objects.filter(commune_id=cao_bang.commune).count() == 2


def test_a_numerator_larger_than_its_denominator_is_refused_in_the_entry_form(
    cao_bang: CaoBang, login
) -> None:
    a = cao_bang.assessment("commune")
    before = IndicatorValue.objects.get(assessment=a, indicator__code="3.1").numerator
    url = reverse("assessments:entry", args=[a.pk]) + "?group=II"
    response = login("xa").post(url, {"group": "II", "n_3_1": "60", "d_3_1": "50"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Chưa lưu: có ô nhập chưa đúng" in text
    assert "Tử số không được lớn hơn mẫu số." in text
    stored = IndicatorValue.objects.get(assessment=a, indicator__code="3.1")
    assert (stored.numerator, stored.denominator) == (before, 50)


def test_evidence_without_a_file_is_refused_naming_the_field(cao_bang: CaoBang, login) -> None:
    a = cao_bang.assessment("commune")
    url = reverse("assessments:evidence_upload", args=[a.pk])
    response = login("xa").post(url, {"criterion": "2", "title": "Biên bản"}, follow=True)
    assert any(m.startswith("Tệp:") for m in _messages(response))
    assert not Evidence.objects.filter(assessment=a).exists()


def test_a_missing_evidence_file_is_a_plain_404(cao_bang: CaoBang, login, private_files) -> None:
    a = cao_bang.assessment("commune")
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    login("xa").post(
        reverse("assessments:evidence_upload", args=[a.pk]),
        {"criterion": "2", "title": "Biên bản", "file": pdf},
    )
    evidence = Evidence.objects.get(assessment=a)
    evidence.file.storage.delete(evidence.file.name)
    response = login("xa").get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert response.status_code == 404


def test_an_unknown_workflow_action_is_a_404(cao_bang: CaoBang, login) -> None:
    a = cao_bang.assessment("commune")
    response = login("xa").post(reverse("assessments:transition", args=[a.pk, "publish"]))
    assert response.status_code == 404
    assert Assessment.objects.get(pk=a.pk).state == a.state


def test_a_decision_without_its_number_and_date_is_refused_naming_them(
    cao_bang: CaoBang, login
) -> None:
    a = cao_bang.assessment("commune")
    url = reverse("assessments:recognition_create", args=[a.pk])
    response = login("tinh").post(url, {"title": "dat_chuan", "issuer": "UBND tỉnh"}, follow=True)
    shown = _messages(response)
    assert any(m.startswith("Số quyết định:") for m in shown)
    assert any(m.startswith("Ngày quyết định:") for m in shown)
    assert not Recognition.objects.filter(commune_id=cao_bang.commune).exists()


def test_revoking_a_decision_needs_its_date_and_reason(cao_bang: CaoBang, login) -> None:
    decision = recognition_make(cao_bang.unit("commune"), 2018)
    url = reverse("assessments:recognition_revoke", args=[decision.pk])
    response = login("tinh").post(url, {"revoked_on": "", "reason": ""}, follow=True)
    assert "Cần ghi ngày thu hồi và lý do." in _messages(response)
    decision.refresh_from_db()
    assert decision.revoked_on is None
    assert datetime.date(2018, 12, 1) == decision.date
