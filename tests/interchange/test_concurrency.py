"""An import racing an appraisal, a web entry save or another import of the same file.

Every import locks the rows it writes inside its transaction before planning
(``interchange.lookups``): on PostgreSQL these tests run the writers in real
threads with their own connections and show that they serialise. SQLite
serialises every writing transaction (``transaction_mode`` IMMEDIATE) and its
test database lives in one connection, so there the same stories run one after
the other and show that each write is all or nothing. Nothing is skipped.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from ntm.accounts.services import profile_set
from ntm.assessments.models import Assessment, CriterionStatus
from ntm.assessments.services.entry import assessment_entry_save
from ntm.assessments.services.workflow import assessment_appraise
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.interchange.errors import ImportRefused
from ntm.interchange.records import Source
from ntm.interchange.services import sources_import
from ntm.units.models import AdminUnit

from .conftest import csv_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

STATUSES = "year,commune_code,criterion,met"
WAIT = 20.0


def _postgres() -> bool:
    return connection.vendor == "postgresql"


#: The 19 criteria of the 2016-2020 set: a file the workflow accepts has a result for each.
EVERY_CRITERION = tuple(range(1, 20))


def _statuses(
    name: str, codes: list[str], met: int, criteria: tuple[int, ...] = (1, 2, 3)
) -> Source:
    rows = [f"2019,{code},{n},{met}" for code in codes for n in criteria]
    return Source(name=name, data=csv_text(STATUSES, rows).encode())


def _officer(role: str, unit: AdminUnit, name: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=name, password="x")
    profile_set(user=user, role=role, unit=unit)
    return get_user_model().objects.get(pk=user.pk)


class Worker(threading.Thread):
    """Runs ``job`` on its own database connection; keeps its result or its exception."""

    def __init__(self, job: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.job = job
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.job()
        except BaseException as exc:  # handed to the test
            self.error = exc
        finally:
            connections.close_all()

    def outcome(self) -> Any:
        self.join(WAIT)
        assert not self.is_alive(), "the writer never finished (a deadlock?)"
        return self.result, self.error


def _holding(job: Callable[[], Any], held: threading.Event, release: threading.Event) -> Any:
    """Do ``job`` in a transaction and keep it (and its row locks) open until ``release``."""
    with transaction.atomic():
        result = job()
        held.set()
        assert release.wait(WAIT)
    return result


def _wait_until_blocked(count: int = 1) -> None:
    """Wait until ``count`` other sessions wait for a row lock (PostgreSQL's own view of it)."""
    deadline = time.monotonic() + WAIT
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
            time.sleep(0.02)
    raise AssertionError("the second writer never waited for the first one's lock")


def _race(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    """``first`` holds its transaction open while ``second`` starts; on SQLite one after the other.

    Returns the outcomes (result, error) of both.
    """
    if not _postgres():
        outcomes = []
        for job in (first, second):
            try:
                outcomes.append((job(), None))
            except ApplicationError as exc:
                outcomes.append((None, exc))
        return outcomes[0], outcomes[1]
    held, release = threading.Event(), threading.Event()
    one = Worker(lambda: _holding(first, held, release))
    one.start()
    assert held.wait(WAIT), one.error
    two = Worker(second)
    two.start()
    try:
        _wait_until_blocked()
        assert two.is_alive(), "the second writer did not wait for the first"
    finally:
        release.set()
    return one.outcome(), two.outcome()


def test_an_import_started_during_an_appraisal_is_refused_once_the_file_is_locked(
    communes, province
):
    commune = AdminUnit.objects.get(level=3, code=communes[0])
    sources_import(sources=[_statuses("a.csv", communes[:1], 1, EVERY_CRITERION)])
    assessment = Assessment.objects.get(commune=commune, year=2019)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.REVIEWED)
    tinh = _officer("province", province, "tinh")

    def appraise() -> None:
        assessment_appraise(assessment=Assessment.objects.get(pk=assessment.pk), user=tinh)

    def reimport() -> Any:
        return sources_import(sources=[_statuses("b.csv", communes[:1], 0)])

    (_, first_error), (_, second_error) = _race(appraise, reimport)
    assert first_error is None
    assert isinstance(second_error, ImportRefused)
    assert "đã khoá sau thẩm định" in str(second_error.errors[0])
    assert str(second_error.errors[0]).startswith("b.csv:2:")
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.locked and stored.state == Assessment.State.APPRAISED
    declared = set(
        CriterionStatus.objects.filter(assessment=stored, declared_met__isnull=False).values_list(
            "declared_met", flat=True
        )
    )
    assert declared == {True}  # the first import's declarations, never b.csv's
    assert not ChangeRecord.objects.filter(reason__contains="b.csv").exists()


def test_an_appraisal_started_during_an_import_waits_and_then_locks_the_imported_file(
    communes, province
):
    commune = AdminUnit.objects.get(level=3, code=communes[0])
    sources_import(sources=[_statuses("a.csv", communes[:1], 1, EVERY_CRITERION)])
    assessment = Assessment.objects.get(commune=commune, year=2019)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.REVIEWED)
    tinh = _officer("province", province, "tinh")

    def reimport() -> Any:
        return sources_import(sources=[_statuses("b.csv", communes[:1], 0)])

    def appraise() -> None:
        assessment_appraise(assessment=Assessment.objects.get(pk=assessment.pk), user=tinh)

    (summary, first_error), (_, second_error) = _race(reimport, appraise)
    assert first_error is None and second_error is None
    assert summary.changed == 3
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.locked
    assert set(
        CriterionStatus.objects.filter(
            assessment=stored, criterion__number__in=[1, 2, 3]
        ).values_list("declared_met", flat=True)
    ) == {False}


def test_an_entry_save_started_during_an_appraisal_is_refused_once_the_file_is_locked(
    communes, province
):
    commune = AdminUnit.objects.get(level=3, code=communes[0])
    sources_import(sources=[_statuses("a.csv", communes[:1], 1, EVERY_CRITERION)])
    assessment = Assessment.objects.get(commune=commune, year=2019)
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.RETURNED)
    tinh = _officer("province", province, "tinh")
    xa = _officer("commune", commune, "xa")
    # Returned to the commune, then sent up and verified, the province appraises while the
    # commune officer still has the entry form open.
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.REVIEWED)

    def appraise() -> None:
        assessment_appraise(assessment=Assessment.objects.get(pk=assessment.pk), user=tinh)

    def save() -> int:
        return assessment_entry_save(
            assessment=Assessment.objects.get(pk=assessment.pk),
            user=xa,
            declarations=[(1, False)],
        )

    (_, first_error), (_, second_error) = _race(appraise, save)
    assert first_error is None
    assert isinstance(second_error, ApplicationError)
    assert "khoá sau thẩm định" in second_error.message
    st = CriterionStatus.objects.get(assessment_id=assessment.pk, criterion__number=1)
    assert st.declared_met is True


def test_two_imports_of_the_same_rows_serialise_and_the_log_shows_both_in_order(communes, province):
    codes = communes[:3]

    def first() -> Any:
        return sources_import(sources=[_statuses("a.csv", codes, 1)])

    def second() -> Any:
        return sources_import(sources=[_statuses("b.csv", codes, 0)])

    (one, one_error), (two, two_error) = _race(first, second)
    assert one_error is None and two_error is None
    # The second planned against the first's result: it changed every row the first wrote.
    assert one.changed == 9 and two.changed == 9
    assert all(c.before == "Đạt" for c in two.changes)
    declared = CriterionStatus.objects.filter(
        assessment__commune__code__in=codes, criterion__number__in=[1, 2, 3]
    ).values_list("declared_met", "declared_file")
    assert sorted(set(declared)) == [(False, "b.csv")]
    assert Assessment.objects.filter(commune__code__in=codes, year=2019).count() == 3
    log = list(
        ChangeRecord.objects.filter(object_type="assessments.criterionstatus")
        .order_by("pk")
        .values_list("reason", "before", "after")
    )
    reasons = [r for r, _, _ in log]
    assert reasons == ["Nhập từ tệp a.csv"] * 9 + ["Nhập từ tệp b.csv"] * 9
    assert all(after == {"declared_met": True} for _, _, after in log[:9])
    assert all(before["declared_met"] is True for _, before, _ in log[9:])
    assert all(after == {"declared_met": False} for _, _, after in log[9:])
