"""Evidence files (minh chứng): only real PDFs and images, within the size limit, while the file is open."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from ntm.assessments.models import Assessment, Evidence
from ntm.assessments.services.evidence import (
    evidence_add,
    evidence_file_check,
    evidence_list,
    evidence_remove,
)
from ntm.assessments.services.workflow import assessment_appraise, assessment_reopen
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from tests.factories import World

pytestmark = pytest.mark.usefixtures("private_files")

S = Assessment.State
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32


def _add(world: World, a: Assessment, content: bytes, name: str, **kw):
    kw.setdefault("criterion_number", 2)
    kw.setdefault("user", world.user("commune"))
    return evidence_add(
        assessment=a, file=ContentFile(content, name=name), title=kw.pop("title", ""), **kw
    )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (PDF, "Biên bản họp.pdf"),
        (JPEG, "anh-nha-van-hoa.JPG"),
        (JPEG, "cong.jpeg"),
        (PNG, "ban-do.png"),
    ],
)
def test_pdf_and_images_are_kept_with_the_criterion_and_who_uploaded_them(
    world, settings, content, name
):
    a = world.assessment()
    ev = _add(world, a, content, name)
    assert ev.criterion.number == 2
    assert ev.uploaded_by == world.user("commune")
    assert ev.title == Path(name).stem
    # Stored privately under a random folder: the commune's code or a neighbour's path gives nothing.
    folder = Path(ev.file.name).parent
    assert folder.parent == Path("evidence/2019") and len(folder.name) >= 20
    assert world.c1.code not in ev.file.name
    assert (Path(settings.MEDIA_ROOT) / ev.file.name).read_bytes() == content
    assert (
        ChangeRecord.objects.filter(object_type="assessments.evidence", action="create").count()
        == 1
    )
    assert [row["id"] for row in evidence_list(assessment=a)] == [ev.pk]


def test_evidence_for_the_whole_file_needs_no_criterion(world):
    ev = _add(
        world,
        world.assessment(),
        PDF,
        "to-trinh.pdf",
        criterion_number=None,
        title="Tờ trình của xã",
    )
    assert ev.criterion is None
    assert ev.title == "Tờ trình của xã"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04 word document", "bao-cao.docx", "chỉ nhận tệp PDF, JPEG hoặc PNG"),
        (b"MZ\x90\x00", "setup.exe", "chỉ nhận tệp PDF, JPEG hoặc PNG"),
        (b"MZ\x90\x00 disguised", "bien-ban.pdf", "không phải tệp PDF"),
        (PNG, "anh.jpg", "không phải tệp JPEG"),
        (PDF, "anh.png", "không phải tệp PNG"),
        (b"", "trong.pdf", "rỗng"),
        (PDF, "khong-duoi", "chỉ nhận tệp"),
    ],
)
def test_other_files_and_disguised_files_are_refused(world, content, name, message):
    a = world.assessment()
    with pytest.raises(ApplicationError, match=message):
        _add(world, a, content, name)
    assert not Evidence.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.NTM_EVIDENCE_MAX_BYTES = 1024
    a = world.assessment()
    _add(world, a, PDF + b"0" * (1024 - len(PDF)), "vua-du.pdf")
    with pytest.raises(ApplicationError, match="vượt mức tối đa"):
        _add(world, a, PDF + b"0" * 1024, "qua-lon.pdf")
    assert Evidence.objects.count() == 1


def test_the_default_limit_is_ten_megabytes():
    evidence_file_check(name="a.pdf", head=PDF, size=10 * 1024 * 1024)
    with pytest.raises(ApplicationError, match="10,0 MB"):
        evidence_file_check(name="a.pdf", head=PDF, size=10 * 1024 * 1024 + 1)


def test_a_criterion_outside_the_set_is_refused(world):
    with pytest.raises(ApplicationError, match="không có tiêu chí số 4"):
        _add(world, world.assessment(), PDF, "a.pdf", criterion_number=4)


def test_evidence_cannot_be_added_or_removed_once_appraised_until_reopened(world):
    a = world.assessment()
    ev = _add(world, a, PDF, "bien-ban.pdf")
    a.state = S.REVIEWED
    a.save()
    assessment_appraise(assessment=a, user=world.user("province"))
    with pytest.raises(ApplicationError, match="đã khoá"):
        _add(world, a, PNG, "anh.png")
    with pytest.raises(ApplicationError, match="đã khoá"):
        evidence_remove(evidence=ev, user=world.user("commune"))
    assessment_reopen(assessment=a, user=world.user("province"), reason="Bổ sung ảnh")
    _add(world, a, PNG, "anh.png")
    assert a.evidence.count() == 2


def test_other_officers_cannot_attach_evidence_to_a_commune_file(world):
    a = world.assessment()
    for user in (
        world.user("district"),
        world.user("province"),
        world.user("viewer"),
        world.user("commune", in_scope=False),
    ):
        with pytest.raises(ApplicationError):
            _add(world, a, PDF, "a.pdf", user=user)
    assert not Evidence.objects.exists()


def test_removing_evidence_deletes_the_file_after_commit_and_keeps_a_record(
    world, settings, django_capture_on_commit_callbacks
):
    a = world.assessment()
    ev = _add(world, a, PDF, "bien-ban.pdf")
    stored = Path(settings.MEDIA_ROOT) / ev.file.name
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(evidence=ev, user=world.user("commune"), reason="Nhầm tệp")
    assert not Evidence.objects.exists()
    assert not stored.exists()
    record = ChangeRecord.objects.get(object_type="assessments.evidence", action="delete")
    assert (record.reason, record.before["title"]) == ("Nhầm tệp", "bien-ban")


def test_a_long_odd_file_name_is_stored_safely(world):
    name = "Biên bản / họp dân <thôn> " + "rất dài " * 20 + ".PDF"
    ev = _add(world, world.assessment(), PDF, name)
    stored = Path(ev.file.name).name
    assert stored.endswith(".pdf")
    assert "/" not in stored and "<" not in stored
    assert len(ev.file.name) <= Evidence._meta.get_field("file").max_length


def test_two_files_of_the_same_name_are_stored_apart(world):
    a = world.assessment()
    pdf = b"%PDF-1.7\n%%EOF\n"
    first, second = _add(world, a, pdf, "bien-ban.pdf"), _add(world, a, pdf, "bien-ban.pdf")
    assert first.file.name != second.file.name
    assert Path(first.file.name).name == Path(second.file.name).name == "bien-ban.pdf"
