"""Report jobs: producing a report or its appendix as a file, with progress the user can follow.

A job is a row (``reports.Job``: kind, params, status, progress, messages,
result file). ``report_job_start`` creates it and, once the transaction commits,
queues it as a task (``report_job_task``, Django's Tasks API) that the worker
runs (the web app polls the row); or runs it right away in the caller's process
(command line, tests).

Kinds and their result:
- ``report_docx``: the annual report, Word;
- ``report_pdf``: the annual report, PDF (needs LibreOffice);
- ``appendix_xlsx`` / ``appendix_csv``: the appendix table.

Params: ``year`` and the unit, as ``unit_id`` or as ``province`` (code) with an
optional ``district`` (code); for reports optionally ``number`` (the report's
number) and ``date`` (YYYY-MM-DD), ``charts`` (default true).
"""

import datetime
import logging
import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from ntm.accounts.models import Profile
from ntm.accounts.scope import ensure_in_scope, user_role
from ntm.core.audit import audit_value, change_record, snapshot
from ntm.core.concurrency import ensure_current
from ntm.core.errors import ApplicationError
from ntm.evaluation.numbers import as_decimal
from ntm.reports.annual import REPORT_SECTIONS, report_document_build, report_text_keys
from ntm.reports.document import text_clean
from ntm.reports.issuing import REFERENCE_KEYS
from ntm.reports.models import JOB_KINDS, DocumentSetting, Job, ReferenceFigure, ReportText
from ntm.reports.names import unit_label
from ntm.reports.pdf import docx_to_pdf
from ntm.reports.renderers.csv import appendix_csv
from ntm.reports.renderers.docx import report_docx
from ntm.reports.renderers.xlsx import appendix_xlsx
from ntm.reports.selectors import appendix_table, report_data
from ntm.units.models import AdminUnit
from ntm.units.selectors import code_normal, unit_by_code, unit_on_map

log = logging.getLogger(__name__)
Role = Profile.Role

Echo = Callable[[int, str], None]


def job_unit(params: dict[str, Any]) -> AdminUnit:
    """The unit a job's params name: ``unit_id``, or ``province`` / ``district`` codes.

    With ``map`` (an official list, ``units.lists``), the codes name the units of that list's
    map, whose figures of the year count the communes of their territory then; without it,
    the units in force that year (the map of the year).
    """
    year = _year(params)
    if params.get("unit_id"):
        try:
            return AdminUnit.objects.get(pk=params["unit_id"])
        except AdminUnit.DoesNotExist as exc:
            raise ApplicationError("Không tìm thấy đơn vị của báo cáo.") from exc
    if params.get("map"):
        return _unit_on_map(params)
    if params.get("district"):
        unit = unit_by_code(code=str(params["district"]), year=year, level=AdminUnit.Level.DISTRICT)
        if (
            params.get("province")
            and unit.province
            and unit.province.code != code_normal(params["province"])
        ):
            raise ApplicationError(
                f"Huyện mã {params['district']} không thuộc tỉnh mã {params['province']}."
            )
        return unit
    if params.get("province"):
        return unit_by_code(code=str(params["province"]), year=year, level=AdminUnit.Level.PROVINCE)
    raise ApplicationError("Cần chọn tỉnh hoặc huyện cho báo cáo.")


def _unit_on_map(params: dict[str, Any]) -> AdminUnit:
    list_name = str(params["map"])
    if params.get("district"):
        unit = unit_on_map(
            code=params["district"], level=AdminUnit.Level.DISTRICT, list_name=list_name
        )
        if params.get("province") and unit.province.code != code_normal(params["province"]):
            raise ApplicationError(
                f"Huyện mã {params['district']} không thuộc tỉnh mã {params['province']}."
            )
        return unit
    if params.get("province"):
        return unit_on_map(
            code=params["province"], level=AdminUnit.Level.PROVINCE, list_name=list_name
        )
    raise ApplicationError("Cần chọn tỉnh hoặc huyện cho báo cáo.")


def _year(params: dict[str, Any]) -> int:
    try:
        return int(params["year"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ApplicationError("Cần chọn năm báo cáo.") from exc


def _date(params: dict[str, Any]) -> datetime.date | None:
    raw = params.get("date")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise ApplicationError(f"Ngày báo cáo không hợp lệ: {raw}") from exc


def _ascii_slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return slugify(unicodedata.normalize("NFKD", text))


def job_filename(kind: str, unit: AdminUnit, year: int) -> str:
    """ "bao-cao-ntm-2019-tinh-cao-bang.docx", "bieu-chi-tiet-2019-tinh-cao-bang.xlsx"."""
    stem = "bao-cao-ntm" if kind.startswith("report") else "bieu-chi-tiet"
    ext = kind.rsplit("_", 1)[1]
    return f"{stem}-{year}-{_ascii_slug(unit_label(unit.kind, unit.name))}.{ext}"


def report_job_start(
    *,
    kind: str,
    params: dict[str, Any],
    user: Any = None,
    background: bool = True,
    echo: Echo | None = None,
) -> Job:
    """Create a report job and run it: in a thread after commit, or now when ``background`` is false.

    The user must have the unit in scope. ``echo(percent, message)`` also
    receives each progress step (the command line prints them).
    """
    if kind not in JOB_KINDS:
        raise ApplicationError(f"Loại tác vụ không rõ: {kind}", {"kinds": list(JOB_KINDS)})
    unit = job_unit(params)
    _year(params)
    _date(params)
    if user is not None:
        ensure_in_scope(user, unit)
    job = Job.objects.create(
        kind=kind,
        params={**params, "unit_id": unit.pk},
        user=user if getattr(user, "is_authenticated", False) else None,
        messages=[
            _message(
                f"Đã nhận yêu cầu: {JOB_KINDS[kind]}, {unit_label(unit.kind, unit.name)}, "
                f"năm {params['year']}."
            )
        ],
    )
    if background:
        transaction.on_commit(lambda: report_job_task.enqueue(job_id=job.pk))
        return job
    return report_job_run(job_id=job.pk, echo=echo)


@task()
def report_job_task(job_id: int) -> None:
    """The job as a task of Django's Tasks API, run by the worker (``ntm db_worker``).

    It carries only the job's id: the row keeps what the user follows (progress,
    messages, result), so that a job queued on one machine can run on another.
    """
    report_job_run(job_id=job_id)


def _message(text: str, level: str = "info") -> dict[str, str]:
    return {"at": timezone.now().isoformat(timespec="seconds"), "level": level, "text": text}


def _progress(job: Job, percent: int, text: str, echo: Echo | None, level: str = "info") -> None:
    job.progress = max(job.progress, min(percent, 100))
    job.messages = [*job.messages, _message(text, level)]
    job.heartbeat_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        progress=job.progress, messages=job.messages, heartbeat_at=job.heartbeat_at
    )
    if echo is not None:
        echo(job.progress, text)


def report_job_run(*, job_id: int, echo: Echo | None = None) -> Job:
    """Do the work of a job, recording each step; a failure is recorded, not raised."""
    # Taken by one worker only: the step from pending to running is a conditional update,
    # so that two workers given the same job (or a job given up meanwhile) never both run it.
    taken = Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(
        status=Job.Status.RUNNING, heartbeat_at=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    if not taken:
        return job  # already taken or run, or given up
    try:
        params = job.params
        unit = job_unit(params)
        year = _year(params)

        def step(percent: int, text: str) -> None:
            _progress(job, percent, text, echo)

        if job.kind in ("report_docx", "report_pdf"):
            step(5, "Đang đọc số liệu các năm, kế hoạch và nội dung văn phòng viết.")
            data = report_data(unit=unit, year=year, user=job.user)
            step(30, "Đang viết các mục số liệu và vẽ biểu đồ.")
            document = report_document_build(
                data,
                number=str(params.get("number") or ""),
                date=_date(params),
                with_charts=bool(params.get("charts", True)),
            )
            for warning in document.warnings:
                _progress(job, job.progress, warning, echo, level="warning")
            step(75, "Đang tạo tệp Word.")
            data = report_docx(document)
            if job.kind == "report_pdf":
                step(85, "Đang chuyển sang PDF bằng LibreOffice.")
                data = docx_to_pdf(data)
        else:
            step(10, "Đang tính biểu chi tiết.")
            table = appendix_table(unit=unit, year=year, user=job.user)
            step(70, "Đang tạo tệp.")
            data = (
                appendix_xlsx(table)
                if job.kind == "appendix_xlsx"
                else appendix_csv(table).encode("utf-8")
            )
        name = job_filename(job.kind, unit, year)
        job.result.save(name, ContentFile(data), save=False)
        job.status = Job.Status.DONE
        job.progress = 100
        job.messages = [*job.messages, _message(f"Hoàn thành: {name}.")]
    except ApplicationError as exc:
        job.status = Job.Status.FAILED
        job.messages = [*job.messages, _message(exc.message, "error")]
    except Exception as exc:  # a job records every failure for the user to read
        log.exception("Report job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.messages = [*job.messages, _message(f"Lỗi không mong đợi: {exc}", "error")]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "messages", "result", "finished_at"])
    if echo is not None and job.status == Job.Status.FAILED:
        echo(job.progress, job.messages[-1]["text"])
    return job


def jobs_expire() -> int:
    """Mark as failed the jobs that stopped (a server restarted, a process killed).

    A running job whose last sign of life is older than ``NTM_JOB_STALE_AFTER`` (30
    minutes) lost its worker; a pending job only waits for a worker (busy with other
    jobs, or not started yet), so it is given up only after ``NTM_JOB_PENDING_AFTER``
    (a day), saying that no worker took it. Each is given up with a conditional update
    (only if it has not moved meanwhile), with a message saying so; the user can run it
    again (``report_job_rerun``). Returns how many.
    """
    now = timezone.now()
    running_limit = now - settings.NTM_JOB_STALE_AFTER
    pending_limit = now - settings.NTM_JOB_PENDING_AFTER
    stale = Job.objects.filter(
        Q(status=Job.Status.RUNNING)
        & (
            Q(heartbeat_at__lt=running_limit)
            | Q(heartbeat_at__isnull=True, created_at__lt=running_limit)
        )
        | Q(status=Job.Status.PENDING, created_at__lt=pending_limit)
    )
    count = 0
    for job in stale:
        if job.status == Job.Status.RUNNING:
            text = (
                "Tác vụ bị gián đoạn (máy chủ khởi động lại hoặc tác vụ bị dừng): "
                "bấm “Chạy lại” để làm lại."
            )
        else:
            hours = int(settings.NTM_JOB_PENDING_AFTER.total_seconds() // 3600)
            text = (
                f"Tác vụ đã chờ quá {hours} giờ mà chưa có tiến trình nào chạy "
                "(tiến trình chạy tác vụ, ntm db_worker, chưa được khởi động?): "
                "bấm “Chạy lại” để làm lại."
            )
        count += Job.objects.filter(
            pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at
        ).update(
            status=Job.Status.FAILED,
            finished_at=now,
            messages=[*job.messages, _message(text, "error")],
        )
    return count


def report_job_rerun(*, job: Job, user: Any) -> Job:
    """A new job with the same request as a failed one (the user must still have its unit)."""
    if job.status != Job.Status.FAILED:
        raise ApplicationError("Chỉ chạy lại được tác vụ bị lỗi hoặc bị gián đoạn.")
    params = {k: v for k, v in job.params.items()}
    return report_job_start(kind=job.kind, params=params, user=user)


# --------------------------------------------------------------------------- office texts


def report_texts_can_write(*, user: Any, unit: AdminUnit) -> bool:
    """Whether ``user`` writes ``unit``'s report: an officer of that very office, or central.

    The province's office writes the province's report, a district's office its
    own; a leader who reads (viewer), a commune, or an office above does not.
    """
    role = user_role(user)
    if role == Role.CENTRAL:
        return True
    profile = getattr(user, "profile", None)
    if profile is None or profile.unit_id != unit.pk:
        return False
    return (role, unit.level) in (
        (Role.PROVINCE, AdminUnit.Level.PROVINCE),
        (Role.DISTRICT, AdminUnit.Level.DISTRICT),
    )


def _ensure_may_write(user: Any, unit: AdminUnit) -> None:
    if user is None:
        return  # a command or the demo loader
    ensure_in_scope(user, unit)
    if not report_texts_can_write(user=user, unit=unit):
        raise ApplicationError(f"Chỉ văn phòng của {unit} được viết báo cáo của đơn vị.")


def report_texts_state(*, unit: AdminUnit, year: int) -> dict[str, str]:
    """The office's texts of a year as stored now, section → text: the texts page's version."""
    return dict(
        ReportText.objects.filter(unit=unit, year=year)
        .exclude(text="")
        .values_list("section", "text")
    )


@transaction.atomic
def report_texts_save(
    *,
    unit: AdminUnit,
    year: int,
    texts: list[tuple[str, str]],
    user: Any,
    version: str | None = None,
) -> int:
    """Save several sections of the office's texts at once, all or nothing; returns how many.

    ``version`` is the texts as the page showed them: when another officer
    changed any since, nothing is saved (``StaleEdit``).
    """
    _ensure_may_write(user, unit)
    AdminUnit.objects.select_for_update().filter(pk=unit.pk).first()
    ensure_current(token=version, now=report_texts_state(unit=unit, year=year))
    for section, text in texts:
        report_text_set(unit=unit, year=year, section=section, text=text, user=user)
    return len(texts)


@transaction.atomic
def report_text_set(
    *, unit: AdminUnit, year: int, section: str, text: str, user: Any = None
) -> ReportText:
    """Save the office's text of a report section (an empty text leaves the section out).

    Each office writes its own unit's report (``report_texts_can_write``);
    ``section`` must be one the report reads (``reports.annual.report_text_keys``).
    Control characters are removed (Word cannot hold them). The change is recorded.
    """
    keys = dict(report_text_keys())
    if section not in keys:
        raise ApplicationError(f"Mục báo cáo không rõ: {section}", {"sections": list(keys)})
    _ensure_may_write(user, unit)
    text = text_clean(text)
    existing = (
        ReportText.objects.select_for_update().filter(unit=unit, year=year, section=section).first()
    )
    before = {"text": existing.text} if existing is not None else None
    if existing is not None and existing.text == text:
        return existing
    author = user if getattr(user, "is_authenticated", False) else None
    row, _ = ReportText.objects.update_or_create(
        unit=unit, year=year, section=section, defaults={"text": text, "updated_by": author}
    )
    change_record(
        obj=row,
        action="update" if before else "create",
        user=user,
        before=before,
        after={"text": text},
        reason=f"{keys[section]} ({year})",
    )
    return row


# --------------------------------------------------------------------------- document setting

#: The fields of a DocumentSetting an office edits (``headings`` apart), in the page's order.
SETTING_FIELDS = (
    "issuer_parent",
    "issuer",
    "symbol",
    "number",
    "place",
    "date",
    "signature",
    "signer",
    "recipients",
)
#: The fields of a ReferenceFigure an office edits.
REFERENCE_FIELDS = ("value", "unit_label", "subject", "source", "note")


def _setting_values(row: DocumentSetting | None) -> dict[str, Any]:
    if row is None:
        return {name: None if name == "date" else "" for name in SETTING_FIELDS} | {"headings": {}}
    return {name: getattr(row, name) for name in SETTING_FIELDS} | {
        "headings": dict(row.headings or {})
    }


def document_setting_state(*, unit: AdminUnit, year: int | None) -> dict[str, str]:
    """The setting and the year's reference figures as stored now (the settings page's version)."""
    row = DocumentSetting.objects.filter(unit=unit, year=year).first()  # year None: IS NULL
    values = _setting_values(row)
    state = {f"setting.{k}": str(audit_value(v)) for k, v in values.items() if k != "headings"}
    for key, heading in sorted(values["headings"].items()):
        state[f"heading.{key}"] = str(heading)
    return state


def reference_state(*, unit: AdminUnit, year: int) -> dict[str, str]:
    """The reference figures of ``unit``'s ``year`` as stored now, field by field."""
    return {
        f"reference.{r.key}.{name}": str(audit_value(getattr(r, name)))
        for r in ReferenceFigure.objects.filter(unit=unit, year=year)
        for name in REFERENCE_FIELDS
    }


def _clean_setting(values: dict[str, Any]) -> dict[str, Any]:
    keys = {s.key for top in REPORT_SECTIONS for s in (top, *top.children)}
    out: dict[str, Any] = {}
    for name in SETTING_FIELDS:
        value = values.get(name)
        if name == "date":
            out[name] = value or None
        else:
            out[name] = text_clean(str(value or ""))
    headings = {}
    for key, heading in (values.get("headings") or {}).items():
        if key not in keys:
            raise ApplicationError(f"Mục báo cáo không rõ: {key}", {"sections": sorted(keys)})
        heading = text_clean(str(heading or "")).replace("\n", " ")
        if heading:
            headings[key] = heading
    out["headings"] = headings
    return out


@transaction.atomic
def document_setting_save(
    *,
    unit: AdminUnit,
    values: dict[str, Any],
    references: dict[str, dict[str, Any] | None] | None = None,
    reference_year: int | None = None,
    year: int | None = None,
    user: Any = None,
    version: str | None = None,
) -> DocumentSetting:
    """Save how ``unit``'s office issues its report, and its reference figures, all or nothing.

    ``year`` None: the unit's own setting (every report); a year: that year's report
    only. ``references`` (key → fields, None to remove) are those of ``reference_year``;
    a figure needs its source. Only the unit's office (or the central level) writes it
    (``report_texts_can_write``); ``version`` is what the page showed: a change by
    someone else since refuses the save (``StaleEdit``). Every change is recorded.
    """
    _ensure_may_write(user, unit)
    AdminUnit.objects.select_for_update().filter(pk=unit.pk).first()
    now = document_setting_state(unit=unit, year=year)
    if reference_year is not None:
        now |= reference_state(unit=unit, year=reference_year)
    ensure_current(token=version, now=now)
    clean = _clean_setting(values)
    author = user if getattr(user, "is_authenticated", False) else None
    row = DocumentSetting.objects.select_for_update().filter(unit=unit, year=year).first()
    before = _setting_values(row) if row is not None else None
    if row is None:
        row = DocumentSetting(unit=unit, year=year)
    changed = {k: v for k, v in clean.items() if before is None or before[k] != v}
    if changed:
        for name, value in clean.items():
            setattr(row, name, value)
        row.updated_by = author
        row.save()
        change_record(
            obj=row,
            action="update" if before else "create",
            user=user,
            before={k: audit_value(before[k]) for k in changed} if before else None,
            after={k: audit_value(v) for k, v in changed.items()},
            reason=f"Thể thức báo cáo của {unit}" + (f" năm {year}" if year else ""),
        )
    if references and reference_year is not None:
        for key, fields in references.items():
            reference_figure_set(unit=unit, year=reference_year, key=key, fields=fields, user=user)
    return row


def reference_figure_set(
    *, unit: AdminUnit, year: int, key: str, fields: dict[str, Any] | None, user: Any = None
) -> ReferenceFigure | None:
    """Enter, change or (``fields`` None) remove a reference figure; recorded.

    The caller holds the transaction and has checked the user (``document_setting_save``,
    the demo loader).
    """
    if key not in REFERENCE_KEYS:
        raise ApplicationError(
            f"Số liệu tham chiếu không rõ: {key}", {"keys": list(REFERENCE_KEYS)}
        )
    row = ReferenceFigure.objects.select_for_update().filter(unit=unit, year=year, key=key).first()
    label = f"{REFERENCE_KEYS[key][0]} ({unit}, {year})"
    if fields is None:
        if row is not None:
            change_record(
                obj=row,
                action="delete",
                user=user,
                before=snapshot(row, REFERENCE_FIELDS),
                reason=label,
                label=label,
            )
            row.delete()
        return None
    try:
        value = as_decimal(fields.get("value"))
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise ApplicationError(f"{label}: giá trị không phải là số.") from exc
    source = text_clean(str(fields.get("source") or ""))
    subject = text_clean(str(fields.get("subject") or "")).replace("\n", " ")
    if not source:
        raise ApplicationError(f"{label}: cần ghi nguồn của số liệu.")
    if not subject:
        raise ApplicationError(f"{label}: cần ghi số liệu của đơn vị nào (ví dụ: khu vực …).")
    new = {
        "value": value,
        "unit_label": text_clean(str(fields.get("unit_label") or REFERENCE_KEYS[key][1])),
        "subject": subject,
        "source": source,
        "note": text_clean(str(fields.get("note") or "")),
    }
    before = snapshot(row, REFERENCE_FIELDS) if row is not None else None
    if row is None:
        row = ReferenceFigure(unit=unit, year=year, key=key)
    for name, v in new.items():
        setattr(row, name, v)
    after = snapshot(row, REFERENCE_FIELDS)
    if before == after:
        return row
    row.updated_by = user if getattr(user, "is_authenticated", False) else None
    row.save()
    change_record(
        obj=row,
        action="update" if before else "create",
        user=user,
        before=before,
        after=after,
        reason=label,
        label=label,
    )
    return row
