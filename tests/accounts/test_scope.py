"""Scope as a query constraint: who sees which units and rows (``accounts.scope``)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ntm.accounts.scope import ensure_in_scope, restrict, unit_in_scope, units_restrict
from ntm.assessments.models import Assessment
from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit
from tests.factories import World

#: Who (a role of the world, "anonymous" or "none": an account without a unit) sees which units.
SEES = {
    "central": {"P1", "D11", "D12", "C111", "C112", "C121", "P2", "D21", "C211"},
    "province": {"P1", "D11", "D12", "C111", "C112", "C121"},
    "district": {"D11", "C111", "C112"},
    "commune": {"C111"},
    "viewer": {"P1", "D11", "D12", "C111", "C112", "C121"},
    "none": set(),
    "anonymous": set(),
}


def _user(world: World, who: str):
    return AnonymousUser() if who == "anonymous" else world.user(who)


@pytest.mark.parametrize("who", SEES)
def test_each_user_sees_their_unit_and_what_lies_below_it(world: World, who: str) -> None:
    user = _user(world, who)
    assert {u.code for u in units_restrict(user)} == SEES[who]
    for unit in AdminUnit.objects.all():
        assert unit_in_scope(user, unit) is (unit.code in SEES[who])


@pytest.mark.parametrize("who", SEES)
def test_rows_are_narrowed_by_the_unit_they_belong_to(world: World, who: str) -> None:
    for commune in (world.c1, world.c3, world.other_commune):
        world.assessment(commune=commune)
    rows = restrict(_user(world, who), Assessment.objects.all(), unit_field="commune")
    assert {a.commune.code for a in rows} == SEES[who] & {"C111", "C121", "C211"}


def test_a_unit_outside_the_users_units_is_refused_naming_it(world: World) -> None:
    ensure_in_scope(world.user("district"), world.c2)
    with pytest.raises(ApplicationError, match="không có quyền với đơn vị"):
        ensure_in_scope(world.user("district"), world.c3)
