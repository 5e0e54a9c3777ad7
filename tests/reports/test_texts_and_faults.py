"""Who writes the office's texts (the service decides), texts Word cannot break on, stale texts,
and jobs that survive an interruption."""

import datetime

import pytest
from django.utils import timezone

from ntm.accounts.services import profile_set
from ntm.core.concurrency import StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.reports.models import Job, ReportText
from ntm.reports.services import (
    jobs_expire,
    report_job_rerun,
    report_job_start,
    report_text_set,
    report_texts_can_write,
    report_texts_save,
    report_texts_state,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _officer(django_user_model, name, role, unit):
    user = django_user_model.objects.create_user(name, password="x")
    profile_set(user=user, role=role, unit=unit)
    return user


def test_only_the_units_own_office_writes_its_report(small_province, django_user_model):
    province = small_province["province"]
    office = _officer(django_user_model, "tinh", "province", province)
    leader = _officer(django_user_model, "lanhdao", "viewer", province)
    assert report_texts_can_write(user=office, unit=province)
    assert not report_texts_can_write(user=leader, unit=province)
    with pytest.raises(ApplicationError, match="Chỉ văn phòng"):
        report_text_set(unit=province, year=2019, section="II.1", text="x", user=leader)
    assert not ReportText.objects.exists()


def test_control_characters_never_reach_word(small_province, django_user_model):
    province = small_province["province"]
    office = _officer(django_user_model, "tinh", "province", province)
    report_text_set(
        unit=province,
        year=2019,
        section="II.1",
        text="Kết quả\x0btốt\x00.\r\nDòng hai",
        user=office,
    )
    assert ReportText.objects.get(section="II.1").text == "Kết quảtốt.\nDòng hai"
    # A text stored before (written straight to the table) does not break the report either.
    ReportText.objects.filter(section="II.1").update(text="Có ký tự \x07 lạ")
    job = report_job_start(
        kind="report_docx", params={"unit_id": province.pk, "year": 2019}, background=False
    )
    assert job.status == Job.Status.DONE, job.messages[-1]


def test_a_stale_texts_page_saves_nothing(small_province, django_user_model):
    province = small_province["province"]
    office = _officer(django_user_model, "tinh", "province", province)
    opened = version_token(report_texts_state(unit=province, year=2019))
    report_texts_save(
        unit=province,
        year=2019,
        texts=[("II.1", "Của người thứ nhất")],
        user=office,
        version=opened,
    )
    with pytest.raises(StaleEdit) as stale:
        report_texts_save(
            unit=province,
            year=2019,
            texts=[("II.2", "Của người thứ hai")],
            user=office,
            version=opened,
        )
    assert [c.key for c in stale.value.changes] == ["II.1"]
    assert dict(ReportText.objects.values_list("section", "text")) == {"II.1": "Của người thứ nhất"}


def test_an_interrupted_job_is_marked_failed_and_can_run_again(small_province, settings):
    province = small_province["province"]
    stuck = Job.objects.create(
        kind="appendix_csv",
        params={"unit_id": province.pk, "year": 2019},
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now() - settings.NTM_JOB_STALE_AFTER - datetime.timedelta(minutes=1),
    )
    alive = Job.objects.create(
        kind="appendix_csv",
        params={"unit_id": province.pk, "year": 2019},
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    assert jobs_expire() == 1
    stuck.refresh_from_db()
    alive.refresh_from_db()
    assert stuck.status == Job.Status.FAILED and "gián đoạn" in stuck.messages[-1]["text"]
    assert alive.status == Job.Status.RUNNING
    again = report_job_rerun(job=stuck, user=None)
    assert again.pk != stuck.pk and again.params["unit_id"] == province.pk


def test_a_job_result_is_stored_under_a_name_nobody_can_guess(small_province):
    province = small_province["province"]
    first = report_job_start(
        kind="appendix_csv", params={"unit_id": province.pk, "year": 2019}, background=False
    )
    second = report_job_start(
        kind="appendix_csv", params={"unit_id": province.pk, "year": 2019}, background=False
    )
    assert first.result.name.startswith("jobs/") and first.result.name != second.result.name
    assert first.result.name.rsplit("/", 1)[-1] == second.result.name.rsplit("/", 1)[-1]


#: Characters Word and Excel cannot hold, as they come from a pasted text or an imported list.
#: NUL is among them, but PostgreSQL refuses it in any text column, so it is tried on SQLite only
#: (and the forms refuse it on both: tests/web/test_fuzz_forms.py).
HOSTILE = "\x01\x07\x0b\x0c\x1b\x7f\ufffe"


@pytest.fixture
def hostile() -> str:
    from django.db import connection

    return HOSTILE if connection.vendor == "postgresql" else "\x00" + HOSTILE


@pytest.mark.parametrize("kind", ["report_docx", "appendix_xlsx", "appendix_csv"])
def test_every_text_that_reaches_a_report_may_hold_control_characters(
    small_province, kind, hostile
):
    """Units' names, criteria names, decisions, plan notes, the report's number and the office's
    texts: stored with characters Word cannot hold, the report is made all the same, without them."""
    import io

    from docx import Document

    from ntm.assessments.models import Recognition
    from ntm.criteria.models import Criterion
    from ntm.plans.models import TargetCommune
    from ntm.units.models import AdminUnit

    province = small_province["province"]
    for unit in AdminUnit.objects.filter(path__startswith=province.path):
        AdminUnit.objects.filter(pk=unit.pk).update(name=f"{unit.name}{hostile}")
    Criterion.objects.filter(number__in=[1, 2]).update(name=f"Quy{hostile} hoạch")
    Recognition.objects.update(number=f"12{hostile}/QĐ", issuer=f"UBND{hostile}")
    TargetCommune.objects.update(note=f"ghi chú{hostile}")
    ReportText.objects.create(
        unit=province, year=2019, section="II.1", text=f"Tốt{hostile}[^a\x01]"
    )
    params = {"unit_id": province.pk, "year": 2019, "number": f"05{hostile}/BC"}
    job = report_job_start(kind=kind, params=params, background=False)
    assert job.status == Job.Status.DONE, job.messages[-1]
    if kind == "report_docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(job.result.read())).paragraphs)
        assert "05/BC" in text
        assert "Tốt" in text
        assert not any(c in text for c in hostile)
