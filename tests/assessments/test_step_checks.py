"""Checks of the file before submit, review, appraise and recognise (docs/workflow.md)."""

import datetime

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, Transition
from ntm.assessments.selectors import step_checks
from ntm.assessments.services.recognition import recognition_record
from ntm.assessments.services.workflow import (
    assessment_appraise,
    assessment_review,
    assessment_submit,
)
from ntm.core.errors import ApplicationError


def _incomplete(world):
    a = world.assessment(met={1, 2, 3})
    CriterionStatus.objects.filter(assessment=a, criterion__number__in=[2, 3]).update(met=None)
    return a


def test_a_file_with_criteria_without_result_cannot_be_submitted_and_the_refusal_lists_them(
    world,
):
    a = _incomplete(world)
    with pytest.raises(ApplicationError, match="thiếu 2 tiêu chí") as refused:
        assessment_submit(assessment=a, user=world.user("commune"))
    assert "2. Tiêu chí 2; 3. Tiêu chí 3" in refused.value.message
    assert Assessment.objects.get(pk=a.pk).state == "draft"
    assert not Transition.objects.filter(assessment=a).exists()


@pytest.mark.parametrize(
    ("state", "step", "role"),
    [("submitted", assessment_review, "district"), ("reviewed", assessment_appraise, "province")],
)
def test_review_and_appraisal_are_blocked_too_and_cannot_be_acknowledged(world, state, step, role):
    a = _incomplete(world)
    Assessment.objects.filter(pk=a.pk).update(state=state)
    with pytest.raises(ApplicationError, match="Tiêu chí 2"):
        step(assessment=a, user=world.user(role), acknowledgements={"incomplete": "Đã biết"})
    assert Assessment.objects.get(pk=a.pk).state == state


def test_a_file_with_every_result_and_no_last_year_has_nothing_to_check(world):
    a = world.assessment(met={1})
    assert step_checks(assessment=a, action="submit") == []


@pytest.fixture
def jumped(world, settings):
    """Last year 0 criteria met, this year 3, with the jump limit set to 3."""
    settings.NTM_CHECK_CRITERIA_JUMP = 3
    world.assessment(year=2018, met=set())
    return world.assessment(year=2019, met={1, 2, 3})


def test_a_jump_of_criteria_met_is_a_warning_that_names_both_years(jumped):
    (check,) = step_checks(assessment=jumped, action="submit")
    assert check.code == "criteria_jump" and check.level == "warning"
    assert "0 tiêu chí năm 2018" in check.message and "3 tiêu chí năm 2019" in check.message


def test_a_warning_not_acknowledged_refuses_the_step(world, jumped):
    with pytest.raises(ApplicationError, match="Cần xác nhận từng cảnh báo"):
        assessment_submit(assessment=jumped, user=world.user("commune"))
    with pytest.raises(ApplicationError, match="Cần xác nhận"):
        assessment_submit(
            assessment=jumped, user=world.user("commune"), acknowledgements={"criteria_jump": " "}
        )
    assert Assessment.objects.get(pk=jumped.pk).state == "draft"


def test_an_acknowledged_warning_lets_the_step_through_and_the_history_keeps_it(world, jumped):
    assessment_submit(
        assessment=jumped,
        user=world.user("commune"),
        note="Gửi huyện",
        acknowledgements={"criteria_jump": "Năm nay hoàn thành đường, trường, chợ"},
    )
    step = Transition.objects.get(assessment=jumped)
    assert step.to_state == "submitted"
    assert step.reason.startswith("Gửi huyện\n")
    assert "Cảnh báo đã xác nhận: Số tiêu chí đạt tăng 3" in step.reason
    assert "Lý do tiếp tục: Năm nay hoàn thành đường, trường, chợ" in step.reason


def test_recognition_of_a_file_not_appraised_is_refused(world):
    a = world.assessment(state="reviewed")
    with pytest.raises(ApplicationError, match="Huyện đã rà soát"):
        recognition_record(
            assessment=a,
            number="1/QĐ-UBND",
            date=datetime.date(2019, 12, 1),
            issuer="UBND tỉnh",
            user=world.user("province"),
        )
    assert Assessment.objects.get(pk=a.pk).state == "reviewed"


def test_recognition_of_an_appraised_file_with_a_criterion_not_met_is_refused_naming_it(world):
    a = world.assessment(state="appraised", met={1, 2, 3})
    # The stored counts say it meets the standard, the statuses do not: the statuses decide.
    CriterionStatus.objects.filter(assessment=a, criterion__number=3).update(met=False)
    with pytest.raises(ApplicationError, match="2/3 tiêu chí đạt.*3. Tiêu chí 3"):
        recognition_record(
            assessment=a,
            number="1/QĐ-UBND",
            date=datetime.date(2019, 12, 1),
            issuer="UBND tỉnh",
            user=world.user("province"),
        )
    assert Assessment.objects.get(pk=a.pk).state == "appraised"


def _declared_against_values(world):
    """Criterion 2 declared met while its values compute not met."""
    a = world.assessment(met={1, 2, 3})
    CriterionStatus.objects.filter(assessment=a, criterion__number=2).update(
        declared_met=True, computed_met=False
    )
    return a


def test_a_data_quality_rule_broken_is_a_warning_of_the_step(world):
    a = _declared_against_values(world)
    (check,) = step_checks(assessment=a, action="submit")
    assert check.code == "rule:khai-bao-trai-so-lieu" and check.level == "warning"
    assert "TC 2" in check.message
    with pytest.raises(ApplicationError, match="Cần xác nhận"):
        assessment_submit(assessment=a, user=world.user("commune"))
    assert Assessment.objects.get(pk=a.pk).state == "draft"
    assessment_submit(
        assessment=a,
        user=world.user("commune"),
        acknowledgements={"rule:khai-bao-trai-so-lieu": "Đã có biên bản kiểm tra thực tế"},
    )
    assert Assessment.objects.get(pk=a.pk).state == "submitted"
