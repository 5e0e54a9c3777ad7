"""Evidence files (minh chứng) attached to a commune's assessment or one of its criteria.

The appraisal file of Quyết định 2540/QĐ-TTg includes supporting documents for
each criterion; officers attach them as PDF scans or photos. Only PDF, JPEG and
PNG are accepted, recognised by their extension *and* their first bytes (so a
renamed executable or document is refused), up to a size limit
(``NTM_EVIDENCE_MAX_BYTES`` in settings, 10 MB by default). Evidence is part of
the commune's file: it is added or removed under the same rule as the values
(commune officer or central, file in draft or returned, not locked).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ntm.assessments.models import Assessment, Evidence
from ntm.assessments.services.workflow import assessment_ensure_editable
from ntm.core.audit import change_record, snapshot
from ntm.core.errors import ApplicationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Accepted extensions and the kind of file each must be.
EXTENSIONS: dict[str, str] = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}

#: The first bytes ("magic numbers") that identify each kind.
MAGIC: dict[str, bytes] = {
    "pdf": b"%PDF-",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
}

KIND_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}

EVIDENCE_FIELDS = ["assessment", "criterion", "file", "title"]


def evidence_max_bytes() -> int:
    return int(getattr(settings, "NTM_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _size_label(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.1f}".replace(".", ",") + " MB"


def evidence_file_check(*, name: str, head: bytes, size: int) -> str:
    """The kind of an uploaded file (``pdf``, ``jpeg``, ``png``); refuse anything else.

    Pure: takes the file name, its first bytes and its size.
    """
    suffix = PurePath(name or "").suffix.lower()
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        raise ApplicationError(
            _("Tệp “%(n)s” không được nhận: minh chứng chỉ nhận tệp PDF, JPEG hoặc PNG.")
            % {"n": name}
        )
    if size <= 0:
        raise ApplicationError(_("Tệp “%(n)s” rỗng.") % {"n": name})
    limit = evidence_max_bytes()
    if size > limit:
        raise ApplicationError(
            _("Tệp “%(n)s” dung lượng %(s)s, vượt mức tối đa %(m)s.")
            % {"n": name, "s": _size_label(size), "m": _size_label(limit)}
        )
    if not head.startswith(MAGIC[kind]):
        raise ApplicationError(
            _("Nội dung tệp “%(n)s” không phải tệp %(k)s như phần mở rộng của tên tệp.")
            % {"n": name, "k": KIND_LABELS[kind]}
        )
    return kind


def _stored_name(name: str, kind: str) -> str:
    """A safe file name for storage, short enough for the file field with its folder."""
    path = PurePath(name)
    stem = get_valid_filename(path.stem) or "minh-chung"
    suffix = path.suffix.lower()
    return f"{stem[:50]}{suffix}"


@transaction.atomic
def evidence_add(
    *,
    assessment: Assessment,
    criterion_number: int | None,
    file: File,
    title: str = "",
    user: Any,
) -> Evidence:
    """Attach a PDF or image to the file, for one criterion (tiêu chí) or the whole assessment."""
    fresh = assessment_ensure_editable(assessment=assessment, user=user)
    criterion = None
    if criterion_number is not None:
        criterion = fresh.criteria_set.criteria.filter(number=criterion_number).first()
        if criterion is None:
            raise ApplicationError(
                _("Bộ tiêu chí %(s)s không có tiêu chí số %(n)s.")
                % {"s": fresh.criteria_set.code, "n": criterion_number}
            )
    name = PurePath(getattr(file, "name", "") or "").name
    size = file.size
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind = evidence_file_check(name=name, head=head, size=size)
    title = (title or "").strip() or PurePath(name).stem
    evidence = Evidence(
        assessment=fresh,
        criterion=criterion,
        title=title[:200],
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    evidence.file.save(_stored_name(name, kind), file, save=False)
    stored = evidence.file.name
    try:
        evidence.save()
        change_record(
            obj=evidence, action="create", user=user, after=snapshot(evidence, EVIDENCE_FIELDS)
        )
    except Exception:
        evidence.file.storage.delete(stored)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user: Any, reason: str = "") -> None:
    """Remove an evidence file from the file (same rule as adding it); the file goes after commit."""
    assessment_ensure_editable(assessment=evidence.assessment, user=user)
    fresh = Evidence.objects.select_related("assessment").get(pk=evidence.pk)
    before = snapshot(fresh, EVIDENCE_FIELDS)
    storage, name = fresh.file.storage, fresh.file.name
    change_record(
        obj=fresh, action="delete", user=user, before=before, reason=(reason or "").strip()
    )
    fresh.delete()
    transaction.on_commit(lambda: storage.delete(name))


def evidence_list(*, assessment: Assessment) -> list[dict[str, Any]]:
    """The evidence of a file, by criterion then upload time, as plain rows."""
    rows = []
    qs = Evidence.objects.filter(assessment=assessment).select_related("criterion", "uploaded_by")
    for ev in qs.order_by("criterion__number", "uploaded_at", "id"):
        rows.append(
            {
                "id": ev.pk,
                "criterion_number": ev.criterion.number if ev.criterion_id else None,
                "title": ev.title,
                "file": ev.file.name,
                "url": ev.file.url if ev.file else "",
                "kind": EXTENSIONS.get(PurePath(ev.file.name).suffix.lower(), ""),
                "uploaded_by": (
                    ev.uploaded_by.get_full_name() or ev.uploaded_by.get_username()
                    if ev.uploaded_by
                    else ""
                ),
                "uploaded_at": ev.uploaded_at,
            }
        )
    return rows
