"""Roles and units of officers, and the agreement between the role matrix and the workflow table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ntm.accounts.models import Profile
from ntm.accounts.services import ROLE_ACTIONS, Action, actions_allowed, can, profile_set
from ntm.assessments.services.workflow import TRANSITIONS
from ntm.core.errors import ApplicationError
from tests.factories import user_make


def test_every_role_the_workflow_names_is_allowed_the_action_in_the_matrix():
    for (action, state), step in TRANSITIONS.items():
        assert step.roles <= ROLE_ACTIONS[action], (action, state)


def test_every_workflow_action_of_the_matrix_is_performed_by_someone_in_the_table():
    for action in ROLE_ACTIONS:
        steps = [step for (a, _s), step in TRANSITIONS.items() if a == action]
        if steps:
            assert set().union(*(s.roles for s in steps)) == ROLE_ACTIONS[action], action


@pytest.mark.parametrize(
    ("role", "unit_attr", "message"),
    [
        ("commune", "d1", "đơn vị cấp xã"),
        ("district", "c1", "đơn vị cấp huyện"),
        ("province", "d1", "đơn vị cấp tỉnh"),
        ("district", None, "cần gắn với một đơn vị"),
        ("chairman", "province", "Vai trò không hợp lệ"),
    ],
)
def test_a_role_must_match_the_level_of_its_unit(world, role, unit_attr, message):
    user = user_make("moi")
    with pytest.raises(ApplicationError, match=message):
        profile_set(user=user, role=role, unit=getattr(world, unit_attr) if unit_attr else None)
    assert not Profile.objects.filter(user=user).exists()


def test_viewers_may_sit_at_any_level_and_central_needs_no_unit(world):
    user = user_make("moi")
    assert profile_set(user=user, role="viewer", unit=world.d2).unit == world.d2
    profile = profile_set(user=user, role="central", unit=world.province)
    assert (profile.role, profile.unit) == ("central", None)
    assert Profile.objects.filter(user=user).count() == 1


def test_viewers_read_only_within_their_unit(world):
    a = world.assessment()
    viewer = world.user("viewer")
    assert can(viewer, Action.VIEW, a)
    assert not can(world.user("viewer", in_scope=False), Action.VIEW, a)
    assert actions_allowed(viewer, a) == ["view"]
    assert not can(AnonymousUser(), Action.VIEW, a)


def test_without_an_object_only_the_role_is_checked(world):
    assert can(world.user("province"), Action.PLAN_EDIT)
    assert not can(world.user("district"), Action.PLAN_EDIT)
    assert can(world.user("commune"), Action.SUBMIT)
    assert not can(world.user("none"), Action.VIEW)


def test_an_unknown_action_is_a_programming_error(world):
    with pytest.raises(ValueError):
        can(world.user("central"), "delete_everything", None)
