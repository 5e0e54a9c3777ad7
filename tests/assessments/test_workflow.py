"""The assessment workflow as officers live it: who moves a file, when it is locked, what is kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from ntm.accounts.models import Profile
from ntm.accounts.services import Action
from ntm.assessments.models import Assessment, Transition
from ntm.assessments.services.workflow import (
    EDITABLE_STATES,
    TRANSITIONS,
    assessment_actions,
    assessment_appraise,
    assessment_ensure_editable,
    assessment_history,
    assessment_remarks_update,
    assessment_reopen,
    assessment_return,
    assessment_review,
    assessment_submit,
    assessment_transition,
)
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from tests.factories import user_make, world_build

S = Assessment.State


def test_a_file_goes_from_the_commune_to_the_province_and_the_history_says_who_and_why(world):
    a = world.assessment()
    commune, district, province = (
        world.user("commune"),
        world.user("district"),
        world.user("province"),
    )

    assessment_submit(assessment=a, user=commune, note="Xã tự đánh giá đạt 3/3 tiêu chí")
    assessment_return(assessment=a, user=district, reason="Thiếu biên bản họp dân")
    assessment_submit(assessment=a, user=commune, note="Đã bổ sung biên bản")
    assessment_review(assessment=a, user=district)
    assessment_appraise(assessment=a, user=province, note="Đoàn thẩm định ngày 10/12")

    a.refresh_from_db()
    assert (a.state, a.locked) == (S.APPRAISED, True)
    history = assessment_history(assessment=a)
    assert [(h["from_state"], h["to_state"], h["user_id"], h["reason"]) for h in history] == [
        (S.DRAFT, S.SUBMITTED, commune.pk, "Xã tự đánh giá đạt 3/3 tiêu chí"),
        (S.SUBMITTED, S.RETURNED, district.pk, "Thiếu biên bản họp dân"),
        (S.RETURNED, S.SUBMITTED, commune.pk, "Đã bổ sung biên bản"),
        (S.SUBMITTED, S.REVIEWED, district.pk, ""),
        (S.REVIEWED, S.APPRAISED, province.pk, "Đoàn thẩm định ngày 10/12"),
    ]
    assert [h["action"] for h in history] == ["submit", "return", "submit", "review", "appraise"]
    assert history[1]["action_label"] == "trả lại"
    assert history[1]["to_label"] == "Trả lại"
    assert history[0]["at"] <= history[-1]["at"]


def test_a_commune_officer_cannot_submit_another_communes_file(world):
    a = world.assessment(commune=world.c1)
    with pytest.raises(ApplicationError, match="không có quyền với đơn vị"):
        assessment_submit(assessment=a, user=world.user("commune", in_scope=False))
    a.refresh_from_db()
    assert a.state == S.DRAFT
    assert not Transition.objects.exists()


def test_a_district_officer_cannot_appraise(world):
    a = world.assessment(state=S.REVIEWED)
    with pytest.raises(ApplicationError, match="Cán bộ huyện.*không được thẩm định"):
        assessment_appraise(assessment=a, user=world.user("district"))
    a.refresh_from_db()
    assert (a.state, a.locked) == (S.REVIEWED, False)


def test_a_district_cannot_review_a_commune_of_another_district(world):
    a = world.assessment(commune=world.c3, state=S.SUBMITTED)
    with pytest.raises(ApplicationError, match="không có quyền"):
        assessment_review(assessment=a, user=world.user("district"))


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_returning_without_a_reason_is_refused(world, reason):
    a = world.assessment(state=S.SUBMITTED)
    with pytest.raises(ApplicationError, match="lý do"):
        assessment_return(assessment=a, user=world.user("district"), reason=reason)
    a.refresh_from_db()
    assert a.state == S.SUBMITTED
    assert not Transition.objects.exists()


def test_the_province_cannot_return_a_file_still_waiting_at_the_district(world):
    a = world.assessment(state=S.SUBMITTED)
    with pytest.raises(ApplicationError, match="do Cán bộ huyện thực hiện"):
        assessment_return(assessment=a, user=world.user("province"), reason="Không đạt")


def test_a_draft_cannot_be_returned_or_reviewed(world):
    a = world.assessment(state=S.DRAFT)
    with pytest.raises(ApplicationError, match="Dự thảo"):
        assessment_return(assessment=a, user=world.user("central"), reason="x")
    with pytest.raises(ApplicationError, match="Dự thảo"):
        assessment_review(assessment=a, user=world.user("district"))


def test_submitting_twice_is_refused_even_from_a_stale_copy(world):
    a = world.assessment()
    stale = Assessment.objects.get(pk=a.pk)
    assessment_submit(assessment=a, user=world.user("commune"))
    assert stale.state == S.DRAFT  # the officer's page was opened before the first submit
    with pytest.raises(ApplicationError, match="Đã gửi huyện"):
        assessment_submit(assessment=stale, user=world.user("commune"))
    assert Transition.objects.count() == 1


def test_the_commune_edits_only_while_it_holds_the_file(world):
    a = world.assessment()
    commune = world.user("commune")
    assessment_ensure_editable(assessment=a, user=commune)
    assessment_submit(assessment=a, user=commune)
    with pytest.raises(ApplicationError, match="Đã gửi huyện"):
        assessment_ensure_editable(assessment=a, user=commune)
    assessment_return(assessment=a, user=world.user("district"), reason="Bổ sung minh chứng")
    assessment_ensure_editable(assessment=a, user=commune)


def test_an_appraised_file_refuses_value_changes_until_a_province_officer_reopens_it(world):
    a = world.assessment(state=S.REVIEWED)
    assessment_appraise(assessment=a, user=world.user("province"))
    for user in (world.user("commune"), world.user("central"), None):
        with pytest.raises(ApplicationError, match="đã khoá"):
            assessment_ensure_editable(assessment=a, user=user)
    with pytest.raises(ApplicationError, match="lý do"):
        assessment_reopen(assessment=a, user=world.user("province"), reason=" ")
    with pytest.raises(ApplicationError, match="không được mở lại"):
        assessment_reopen(assessment=a, user=world.user("district"), reason="Sửa số liệu")

    assessment_reopen(assessment=a, user=world.user("province"), reason="Số liệu hộ nghèo sai")

    a.refresh_from_db()
    assert (a.state, a.locked) == (S.RETURNED, False)
    assessment_ensure_editable(assessment=a, user=world.user("commune"))
    last = assessment_history(assessment=a)[-1]
    assert (last["action"], last["reason"]) == ("reopen", "Số liệu hộ nghèo sai")


def test_a_system_job_without_user_may_fill_an_unlocked_file_but_not_a_locked_one(world):
    assessment_ensure_editable(
        assessment=world.assessment(state=S.SUBMITTED, commune=world.c2), user=None
    )
    with pytest.raises(ApplicationError, match="đã khoá"):
        assessment_ensure_editable(assessment=world.assessment(state=S.APPRAISED), user=None)


def test_locked_values_are_refused_by_the_engine_setters_until_reopened(db, criteria_2016):
    from ntm.assessments.services.evaluation import criterion_status_declare, indicator_value_set

    world = world_build(criteria_set=criteria_2016)
    a = world.assessment(state=S.APPRAISED)
    indicator = criteria_2016.criteria.get(number=1).indicators.first()
    with pytest.raises(ApplicationError, match="khoá"):
        indicator_value_set(
            assessment=a, indicator_code=indicator.code, value=True, user=world.user("commune")
        )
    with pytest.raises(ApplicationError, match="khoá"):
        criterion_status_declare(
            assessment=a, criterion_number=1, met=True, user=world.user("commune")
        )

    assessment_reopen(assessment=a, user=world.user("province"), reason="Bổ sung số liệu")
    indicator_value_set(
        assessment=a, indicator_code=indicator.code, value=True, user=world.user("commune")
    )
    assert a.values.filter(indicator=indicator).exists()


def test_remarks_change_is_recorded_with_before_and_after(world):
    a = world.assessment()
    assessment_remarks_update(
        assessment=a, user=world.user("commune"), remarks="  Xã vùng biên giới  "
    )
    a.refresh_from_db()
    assert a.remarks == "Xã vùng biên giới"
    record = ChangeRecord.objects.get(object_type="assessments.assessment", object_id=str(a.pk))
    assert (record.before, record.after, record.user) == (
        {"remarks": ""},
        {"remarks": "Xã vùng biên giới"},
        world.user("commune"),
    )


def test_recognising_needs_a_decision_not_just_a_button(world):
    a = world.assessment(state=S.APPRAISED)
    with pytest.raises(ApplicationError, match="kèm quyết định"):
        assessment_transition(assessment=a, action=Action.RECOGNISE, user=world.user("province"))
    a.refresh_from_db()
    assert a.state == S.APPRAISED


def test_a_superuser_without_profile_acts_as_central(world):
    root = User.objects.create_superuser("root", password=None)
    a = world.assessment(commune=world.other_commune)
    for step in (assessment_submit, assessment_review, assessment_appraise):
        step(assessment=a, user=root)
    assert a.state == S.APPRAISED


def test_an_officer_without_a_unit_or_a_login_is_refused(world):
    a = world.assessment()
    orphan = user_make("khong_don_vi", None, None)
    Profile.objects.create(user=orphan, role=Profile.Role.COMMUNE, unit=None)
    orphan.refresh_from_db()
    with pytest.raises(ApplicationError, match="chưa được gán đơn vị"):
        assessment_submit(assessment=a, user=orphan)
    with pytest.raises(ApplicationError, match="đăng nhập"):
        assessment_submit(assessment=a, user=None)


def test_the_buttons_offered_follow_role_scope_and_state(world):
    a = world.assessment(state=S.SUBMITTED)
    assert assessment_actions(assessment=a, user=world.user("district")) == ["review", "return"]
    assert assessment_actions(assessment=a, user=world.user("district", in_scope=False)) == []
    assert assessment_actions(assessment=a, user=world.user("commune")) == []
    assert assessment_actions(assessment=a, user=world.user("province")) == []
    appraised = world.assessment(state=S.APPRAISED, commune=world.c2)
    assert assessment_actions(assessment=appraised, user=world.user("province")) == [
        "return",
        "reopen",
        "recognise",
    ]
    draft = world.assessment(commune=world.c3)
    assert assessment_actions(assessment=draft, user=world.user("central")) == ["edit", "submit"]


# --- the table itself ----------------------------------------------------------------


def test_every_state_past_the_commune_has_a_way_back_with_a_reason():
    way_back = {Action.RETURN, Action.REOPEN}
    for state in S.values:
        if state in EDITABLE_STATES:
            continue
        steps = [
            step
            for (action, frm), step in TRANSITIONS.items()
            if frm == state and action in way_back
        ]
        assert steps, f"no way back from {state}"
        assert all(step.needs_reason and step.to_state in EDITABLE_STATES for step in steps)


def test_only_appraisal_locks_and_only_a_way_back_unlocks():
    for (action, _state), step in TRANSITIONS.items():
        if step.lock is True:
            assert action == Action.APPRAISE
        if step.lock is False:
            assert action in (Action.RETURN, Action.REOPEN) and step.needs_reason


def test_every_state_can_be_reached_from_a_draft():
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for (_action, frm), step in TRANSITIONS.items():
            if frm == state and step.to_state not in reached:
                reached.add(step.to_state)
                frontier.append(step.to_state)
    assert reached == set(S.values)
