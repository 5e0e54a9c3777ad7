"""Recognition decisions (quyết định công nhận): when they can be recorded and how long a title lasts."""

from __future__ import annotations

import datetime

import pytest

from ntm.assessments.models import Assessment, Recognition
from ntm.assessments.services.recognition import (
    recognised_communes,
    recognition_in_force,
    recognition_record,
    recognition_revoke,
    recognitions_list,
)
from ntm.assessments.services.workflow import assessment_history, assessment_reopen
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from tests.factories import World

S = Assessment.State
T = Recognition.Title
D = datetime.date


def _record(world: World, **kw) -> Recognition:
    kw.setdefault("number", "2345/QĐ-UBND")
    kw.setdefault("date", D(2019, 12, 25))
    kw.setdefault("issuer", "UBND tỉnh Thử Nhất")
    kw.setdefault("user", world.user("province"))
    return recognition_record(**kw)


def test_recording_the_decision_on_an_appraised_file_recognises_the_commune(world):
    a = world.assessment(state=S.APPRAISED)
    r = _record(world, assessment=a)
    a.refresh_from_db()
    assert a.state == S.RECOGNISED
    assert (r.commune, r.year, r.title, r.recorded_by) == (
        world.c1,
        2019,
        T.STANDARD,
        world.user("province"),
    )
    last = assessment_history(assessment=a)[-1]
    assert last["action"] == "recognise"
    assert "2345/QĐ-UBND" in last["reason"] and "25/12/2019" in last["reason"]
    record = ChangeRecord.objects.get(object_type="assessments.recognition", object_id=str(r.pk))
    assert record.after["number"] == "2345/QĐ-UBND"
    assert record.user == world.user("province")


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.REVIEWED, S.RETURNED])
def test_a_file_not_yet_appraised_cannot_be_recognised(world, state):
    a = world.assessment(state=state)
    with pytest.raises(ApplicationError, match="Không thể ghi quyết định công nhận"):
        _record(world, assessment=a)
    assert not Recognition.objects.exists()


def test_a_commune_missing_a_criterion_cannot_be_recognised_as_meeting_the_standard(world):
    a = world.assessment(state=S.APPRAISED, meets_standard=False)
    with pytest.raises(ApplicationError, match="2/3 tiêu chí"):
        _record(world, assessment=a)
    a.refresh_from_db()
    assert a.state == S.APPRAISED
    assert not Recognition.objects.exists()


def test_only_the_province_of_the_commune_or_central_records_decisions(world):
    a = world.assessment(state=S.APPRAISED)
    for user in (
        world.user("district"),
        world.user("commune"),
        world.user("viewer"),
        world.user("province", in_scope=False),
    ):
        with pytest.raises(ApplicationError):
            _record(world, assessment=a, user=user)
    _record(world, assessment=a, user=world.user("central"))


def test_the_title_is_kept_in_later_years_until_revoked(world):
    r = _record(
        world, assessment=world.assessment(state=S.APPRAISED, year=2017), date=D(2017, 12, 28)
    )
    assert list(recognised_communes(unit=world.province, year=2016)) == []
    for year in (2017, 2018, 2019, 2020):
        assert list(recognised_communes(unit=world.province, year=year)) == [world.c1.pk]

    recognition_revoke(
        recognition=r, user=world.user("province"), on=D(2019, 12, 31), reason="Không duy trì TC 10"
    )

    # revoked on the last day of 2019: it no longer counts for 2019 nor after
    assert list(recognised_communes(unit=world.province, year=2018)) == [world.c1.pk]
    assert list(recognised_communes(unit=world.province, year=2019)) == []
    assert list(recognised_communes(unit=world.province, year=2020)) == []
    assert recognition_in_force(commune=world.c1, year=2018) == r


def test_a_revocation_early_next_year_still_counts_the_year_before(world):
    r = _record(world, commune=world.c2, year=2018, date=D(2018, 12, 20))
    recognition_revoke(
        recognition=r, user=world.user("province"), on=D(2020, 1, 2), reason="Phúc tra"
    )
    assert world.c2.pk in recognised_communes(unit=world.province, year=2019)
    assert world.c2.pk not in recognised_communes(unit=world.province, year=2020)


def test_recognised_communes_follow_the_unit_and_the_title(world):
    _record(world, commune=world.c1, year=2018, date=D(2018, 12, 1))
    _record(world, commune=world.c3, year=2019)
    _record(world, commune=world.other_commune, year=2019, user=world.user("central"))
    _record(world, commune=world.c1, year=2019, title=T.ADVANCED, number="77/QĐ-UBND")
    assert sorted(recognised_communes(unit=world.province, year=2019)) == sorted(
        [world.c1.pk, world.c3.pk]
    )
    assert list(recognised_communes(unit=world.d1, year=2019)) == [world.c1.pk]
    assert recognised_communes(unit=None, year=2019).count() == 3
    assert list(recognised_communes(unit=world.province, year=2019, title=T.ADVANCED)) == [
        world.c1.pk
    ]
    assert recognised_communes(unit=world.province, year=2018).count() == 1
    rows = recognitions_list(unit=world.d1)
    assert [(r["commune_code"], r["year"], r["title"]) for r in rows] == [
        ("C111", 2018, T.STANDARD),
        ("C111", 2019, T.ADVANCED),
    ]


def test_a_commune_holding_the_title_cannot_be_recognised_again_until_revoked(world):
    first = _record(world, commune=world.c1, year=2017, date=D(2017, 12, 1), number="1/QĐ-UBND")
    a = world.assessment(state=S.APPRAISED, year=2019)
    with pytest.raises(ApplicationError, match="1/QĐ-UBND.*chưa bị thu hồi"):
        _record(world, assessment=a)
    recognition_revoke(
        recognition=first, user=world.user("province"), on=D(2018, 6, 1), reason="Vi phạm"
    )
    _record(world, assessment=a)
    assert recognised_communes(unit=world.province, year=2019).count() == 1
    assert recognised_communes(unit=world.province, year=2018).count() == 0


def test_a_decision_taken_before_the_system_is_recorded_without_a_file(world):
    r = _record(world, commune=world.c2, year=2016, date=D(2016, 12, 30))
    assert not Assessment.objects.filter(commune=world.c2).exists()
    record = ChangeRecord.objects.get(object_type="assessments.recognition", object_id=str(r.pk))
    assert "chưa có hồ sơ đánh giá" in record.reason


def test_giving_commune_and_year_of_an_existing_file_follows_the_file_rules(world):
    world.assessment(commune=world.c2, year=2019, state=S.REVIEWED)
    with pytest.raises(ApplicationError, match="Huyện đã rà soát"):
        _record(world, commune=world.c2, year=2019)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "  "}, "số quyết định"),
        ({"issuer": ""}, "cơ quan ban hành"),
        ({"date": D(2018, 12, 31)}, "không thể công nhận đạt chuẩn năm 2019"),
        ({"title": "hang_nhat"}, "Danh hiệu không hợp lệ"),
    ],
)
def test_incomplete_decisions_are_refused(world, changes, message):
    a = world.assessment(state=S.APPRAISED)
    with pytest.raises(ApplicationError, match=message):
        _record(world, assessment=a, **changes)
    a.refresh_from_db()
    assert a.state == S.APPRAISED


def test_only_communes_can_be_recognised(world):
    with pytest.raises(ApplicationError, match="không phải xã"):
        _record(world, commune=world.d1, year=2019)


def test_advanced_and_model_titles_build_on_the_previous_one(world):
    with pytest.raises(
        ApplicationError, match="phải đang giữ danh hiệu đạt chuẩn nông thôn mới năm 2019"
    ):
        _record(world, commune=world.c1, year=2019, title=T.ADVANCED)
    _record(world, commune=world.c1, year=2018, date=D(2018, 12, 1))
    with pytest.raises(ApplicationError, match="nâng cao"):
        _record(world, commune=world.c1, year=2019, title=T.MODEL)
    _record(world, commune=world.c1, year=2019, title=T.ADVANCED, number="5/QĐ-UBND")
    _record(
        world, commune=world.c1, year=2020, title=T.MODEL, number="6/QĐ-UBND", date=D(2020, 12, 1)
    )
    assert recognised_communes(unit=world.province, year=2020, title=T.MODEL).count() == 1


def test_revoking_needs_a_reason_a_valid_date_and_happens_once(world):
    r = _record(world, commune=world.c1, year=2019)
    province = world.user("province")
    with pytest.raises(ApplicationError, match="lý do"):
        recognition_revoke(recognition=r, user=province, on=D(2020, 5, 1), reason=" ")
    with pytest.raises(ApplicationError, match="từ ngày ban hành"):
        recognition_revoke(recognition=r, user=province, on=D(2019, 12, 1), reason="x")
    with pytest.raises(ApplicationError):
        recognition_revoke(recognition=r, user=world.user("district"), on=D(2020, 5, 1), reason="x")
    recognition_revoke(recognition=r, user=province, on=D(2020, 5, 1), reason="Không duy trì")
    with pytest.raises(ApplicationError, match="đã bị thu hồi ngày 01/05/2020"):
        recognition_revoke(recognition=r, user=province, on=D(2020, 6, 1), reason="lần hai")
    record = ChangeRecord.objects.filter(
        object_type="assessments.recognition", action="update"
    ).get()
    assert (record.before["revoked_on"], record.after["revoked_on"]) == (None, "2020-05-01")
    assert record.reason == "Không duy trì"


def test_reopening_a_recognised_file_leaves_the_decision_in_force(world):
    a = world.assessment(state=S.APPRAISED)
    _record(world, assessment=a)
    assessment_reopen(assessment=a, user=world.user("province"), reason="Phúc tra số liệu")
    a.refresh_from_db()
    assert (a.state, a.locked) == (S.RETURNED, False)
    assert list(recognised_communes(unit=world.province, year=2019)) == [world.c1.pk]


def _advanced_file(world: World, *, met_all: bool) -> Assessment:
    from ntm.criteria.models import CriteriaSet
    from tests.factories import assessment_make, criteria_set_make

    advanced = criteria_set_make(n=3, code="xa-nang-cao-thu-2016-2020")
    advanced.kind = CriteriaSet.SetKind.ADVANCED
    advanced.save(update_fields=["kind"])
    return assessment_make(
        world.c1, criteria_set=advanced, state=S.APPRAISED, meets_standard=met_all
    )


def test_the_advanced_title_is_recorded_on_the_appraised_file_of_the_advanced_set(world):
    _record(world, assessment=world.assessment(state=S.APPRAISED))  # đạt chuẩn first
    advanced = _advanced_file(world, met_all=True)
    r = _record(world, commune=world.c1, year=2019, title=T.ADVANCED)
    advanced.refresh_from_db()
    assert (r.title, advanced.state) == (T.ADVANCED, S.RECOGNISED)


def test_an_advanced_file_missing_a_criterion_cannot_give_the_advanced_title(world):
    _record(world, assessment=world.assessment(state=S.APPRAISED))
    _advanced_file(world, met_all=False)
    with pytest.raises(ApplicationError, match="2/3 tiêu chí.*nâng cao"):
        _record(world, commune=world.c1, year=2019, title=T.ADVANCED)
    assert not Recognition.objects.filter(title=T.ADVANCED).exists()
