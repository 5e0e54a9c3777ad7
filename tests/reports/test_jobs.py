"""Report jobs the user follows, and the `ntm report` command."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.core.errors import ApplicationError
from ntm.reports import pdf
from ntm.reports.models import Job
from ntm.reports.services import job_filename, report_job_start


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_a_report_job_records_its_progress_and_stores_the_word_file(small_province):
    seen = []
    job = report_job_start(
        kind="report_docx",
        params={
            "province": "99",
            "year": 2019,
            "number": "45",
            "date": "2020-03-05",
            "charts": False,
        },
        background=False,
        echo=lambda pct, msg: seen.append(pct),
    )
    assert job.status == Job.Status.DONE and job.progress == 100
    assert seen == sorted(seen) and seen[-1] < 100
    texts = [m["text"] for m in job.messages]
    assert texts[0].startswith("Đã nhận yêu cầu: Báo cáo năm (Word), tỉnh Thử Nghiệm, năm 2019")
    assert any(m["level"] == "warning" and "II.1" in m["text"] for m in job.messages)
    assert texts[-1] == "Hoàn thành: bao-cao-ntm-2019-tinh-thu-nghiem.docx."
    with job.result.open("rb") as fh:
        assert zipfile.ZipFile(io.BytesIO(fh.read())).testzip() is None
    assert job.finished_at is not None


@pytest.mark.django_db
def test_a_number_typed_with_its_symbol_is_printed_once(small_province):
    from tests.reports import golden

    job = report_job_start(
        kind="report_docx",
        params={"province": "99", "year": 2019, "number": "215/BC-BCĐ", "charts": False},
        background=False,
    )
    with job.result.open("rb") as fh:
        s = golden.docx_structure(fh.read())
    assert s["body"][0]["table"][1][0] == "Số: 215/BC-BCĐ"
    caption = next(b["text"] for b in s["body"] if b.get("text", "").startswith("(Kèm theo"))
    assert caption.startswith("(Kèm theo Báo cáo số 215/BC-BCĐ ngày … của Ban Chỉ đạo")


@pytest.mark.django_db
def test_an_appendix_job_for_a_district(small_province):
    job = report_job_start(
        kind="appendix_csv", params={"district": "9902", "year": 2019}, background=False
    )
    assert job.status == Job.Status.DONE
    with job.result.open("rb") as fh:
        lines = fh.read().decode().splitlines()
    assert lines[0] == "row_id,label,unit,TH 2015,TH 2018,TH 2019,KH 2020"
    assert lines[1] == ",Tổng số xã thực hiện Chương trình NTM,xã,4,4,4,"
    assert job.params["unit_id"] == small_province["Đồi"].pk


@pytest.mark.django_db
def test_a_failure_is_recorded_for_the_user_to_read(small_province, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    job = report_job_start(
        kind="report_pdf",
        params={"province": "99", "year": 2019, "charts": False},
        background=False,
    )
    assert job.status == Job.Status.FAILED
    assert job.messages[-1] == {
        **job.messages[-1],
        "level": "error",
        "text": "Máy chủ chưa cài LibreOffice nên không xuất được PDF.",
    }


@pytest.mark.django_db
def test_a_job_is_refused_outside_the_users_units(small_province, django_user_model):
    from ntm.accounts.models import Profile

    user = django_user_model.objects.create_user("huyen", password="x")
    Profile.objects.create(user=user, unit=small_province["Đồi"], role="district")
    with pytest.raises(ApplicationError):
        report_job_start(kind="appendix_csv", params={"province": "99", "year": 2019}, user=user)
    assert not Job.objects.exists()
    job = report_job_start(
        kind="appendix_csv", params={"district": "9902", "year": 2019}, user=user, background=False
    )
    assert job.user == user and job.status == Job.Status.DONE


@pytest.mark.django_db
def test_unknown_kinds_units_and_dates_are_refused(small_province):
    with pytest.raises(ApplicationError):
        report_job_start(kind="nope", params={"province": "99", "year": 2019})
    with pytest.raises(ApplicationError, match="mã 77"):
        report_job_start(kind="appendix_csv", params={"province": "77", "year": 2019})
    with pytest.raises(ApplicationError, match="Ngày báo cáo"):
        report_job_start(
            kind="report_docx", params={"province": "99", "year": 2019, "date": "5/3/2020"}
        )


@pytest.mark.django_db(transaction=True)
def test_a_background_job_is_queued_at_commit_and_the_worker_runs_it(small_province):
    from django.core.management import call_command

    job = report_job_start(kind="appendix_xlsx", params={"province": "99", "year": 2019})
    # queued, not run inside the request: the row waits for the worker
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(args_kwargs__kwargs__job_id=job.pk).exists()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.messages
    assert job.result.name.endswith("bieu-chi-tiet-2019-tinh-thu-nghiem.xlsx")


def test_file_names_are_plain_ascii():
    from ntm.units.models import AdminUnit

    unit = AdminUnit(name="Đồi Đá", kind="huyen", level=2, code="1")
    assert job_filename("report_pdf", unit, 2019) == "bao-cao-ntm-2019-huyen-doi-da.pdf"


@pytest.mark.django_db
def test_the_command_prints_the_appendix_as_csv(small_province):
    out = StringIO()
    call_command("report", "appendix", "--province", "99", "--year", "2019", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "row_id,label,unit,TH 2015,TH 2018,TH 2019,KH 2020"
    assert "1,Bình quân số tiêu chí đạt chuẩn/xã,xã,,11.57,13.14,15.50" in lines
    assert len(lines) == 44


@pytest.mark.django_db
def test_the_command_writes_the_xlsx_and_the_word_report(small_province, tmp_path):
    from openpyxl import load_workbook

    xlsx = tmp_path / "b.xlsx"
    call_command(
        "report",
        "appendix",
        "--district",
        "9901",
        "--year",
        "2019",
        "--format",
        "xlsx",
        "-o",
        str(xlsx),
        stdout=StringIO(),
    )
    assert load_workbook(xlsx).active["D5"].value == 3
    docx = tmp_path / "r.docx"
    call_command(
        "report",
        "docx",
        "--province",
        "99",
        "--year",
        "2019",
        "--no-charts",
        "-o",
        str(docx),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert zipfile.is_zipfile(docx)
    with pytest.raises(CommandError, match="-o"):
        call_command("report", "appendix", "--province", "99", "--year", "2019", "--format", "xlsx")


@pytest.mark.django_db
def test_the_command_prints_the_figure_sections(small_province):
    out = StringIO()
    call_command("report", "figures", "--province", "99", "--year", "2019", stdout=out)
    assert "Số tiêu chí bình quân của tỉnh đạt 13,14 tiêu chí/xã" in out.getvalue()


@pytest.mark.django_db
def test_the_figure_sections_of_the_command_are_the_reports(small_province):
    from ntm.reports.annual import report_document_build
    from ntm.reports.selectors import report_data

    out = StringIO()
    call_command("report", "figures", "--province", "99", "--year", "2019", stdout=out)
    printed = out.getvalue().splitlines()
    report = [
        p.text
        for p in report_document_build(
            report_data(unit=small_province["province"], year=2019), with_charts=False
        ).paragraphs()
    ]
    assert printed and all(line in report for line in printed)
    # The plan's communes are named, as in the report.
    assert any(
        line.startswith("- Phấn đấu 02 xã đạt chuẩn nông thôn mới (Xã X3, thành phố Cao)")
        for line in printed
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_the_pdf_report_through_libreoffice(small_province, tmp_path):
    assert pdf.soffice_path(), (
        "the PDF report needs LibreOffice: apt-get install libreoffice-writer-nogui"
    )
    out = tmp_path / "r.pdf"
    call_command(
        "report",
        "pdf",
        "--province",
        "99",
        "--year",
        "2019",
        "-o",
        str(out),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.django_db
def test_the_office_writes_its_own_reports_texts_with_a_record(small_province, django_user_model):
    from ntm.accounts.models import Profile
    from ntm.core.models import ChangeRecord
    from ntm.reports.models import ReportText
    from ntm.reports.services import report_text_set

    district = small_province["Đồi"]
    officer = django_user_model.objects.create_user("huyen", password="x")
    Profile.objects.create(user=officer, unit=district, role="district")
    row = report_text_set(
        unit=district, year=2019, section="II.1", text=" Hoàn thành.\r\n", user=officer
    )
    assert row.text == "Hoàn thành." and row.updated_by == officer
    report_text_set(unit=district, year=2019, section="II.1", text="Hoàn thành tốt.", user=officer)
    assert ReportText.objects.get(unit=district, section="II.1").text == "Hoàn thành tốt."
    assert ChangeRecord.objects.filter(object_type="reports.reporttext").count() == 2
    with pytest.raises(ApplicationError, match="Mục báo cáo không rõ"):
        report_text_set(unit=district, year=2019, section="II.9", text="x", user=officer)
    with pytest.raises(ApplicationError):  # the province's report is not the district office's
        report_text_set(
            unit=small_province["province"], year=2019, section="II.1", text="x", user=officer
        )


def _job(province, status, *, age, heartbeat_age=None) -> Job:
    import datetime

    from django.utils import timezone

    now = timezone.now()
    job = Job.objects.create(
        kind="appendix_csv",
        params={"unit_id": province.pk, "year": 2019},
        status=status,
        heartbeat_at=None if heartbeat_age is None else now - datetime.timedelta(**heartbeat_age),
    )
    Job.objects.filter(pk=job.pk).update(created_at=now - datetime.timedelta(**age))
    return job


@pytest.mark.django_db
def test_a_job_waiting_for_a_busy_or_absent_worker_is_not_taken_as_interrupted(
    small_province, settings
):
    from ntm.reports.services import jobs_expire

    province = small_province["province"]
    waiting = _job(province, Job.Status.PENDING, age={"hours": 2})
    forgotten = _job(province, Job.Status.PENDING, age={"hours": 25})
    stopped = _job(province, Job.Status.RUNNING, age={"hours": 2}, heartbeat_age={"hours": 1})
    alive = _job(province, Job.Status.RUNNING, age={"hours": 2}, heartbeat_age={"minutes": 1})
    assert settings.NTM_JOB_PENDING_AFTER > settings.NTM_JOB_STALE_AFTER
    assert jobs_expire() == 2
    status = dict(Job.objects.values_list("pk", "status"))
    assert status[waiting.pk] == Job.Status.PENDING and status[alive.pk] == Job.Status.RUNNING
    assert status[forgotten.pk] == status[stopped.pk] == Job.Status.FAILED
    forgotten.refresh_from_db()
    stopped.refresh_from_db()
    assert "chưa có tiến trình nào chạy" in forgotten.messages[-1]["text"]
    assert "gián đoạn" in stopped.messages[-1]["text"]
    # The worker reaching the waiting job later runs it as usual.
    from ntm.reports.services import report_job_run

    assert report_job_run(job_id=waiting.pk).status == Job.Status.DONE


@pytest.mark.django_db
def test_a_job_given_up_before_a_worker_reaches_it_is_not_run(small_province):
    from ntm.reports.services import report_job_run

    given_up = _job(small_province["province"], Job.Status.FAILED, age={"hours": 30})
    assert report_job_run(job_id=given_up.pk).status == Job.Status.FAILED
    assert not Job.objects.get(pk=given_up.pk).result


@pytest.mark.django_db
def test_two_workers_given_the_same_job_never_both_run_it(small_province):
    """Another worker takes the job right after this one first reads the database: only one
    of them may go on (the step from pending to running is a conditional update)."""
    from django.db import connection

    from ntm.reports.services import report_job_run

    job = _job(small_province["province"], Job.Status.PENDING, age={"minutes": 1})
    other_took_it: list[int] = []

    def other_worker_after_first_query(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not other_took_it:
            other_took_it.append(-1)  # once, and not for its own query
            taken = Job.objects.filter(pk=job.pk, status=Job.Status.PENDING).update(
                status=Job.Status.RUNNING
            )
            other_took_it[0] = taken
        return result

    with connection.execute_wrapper(other_worker_after_first_query):
        ran = report_job_run(job_id=job.pk)
    assert other_took_it[0] in (0, 1)
    ran_here = ran.status == Job.Status.DONE
    assert not (ran_here and other_took_it[0] == 1), "both workers ran the job"
    assert ran_here or other_took_it[0] == 1
