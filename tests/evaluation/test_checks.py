"""The maths of the plausibility checks before a workflow step (NTM's own limits, not official)."""

from decimal import Decimal

import pytest

from ntm.evaluation.checks import (
    BLOCKING,
    WARNING,
    Check,
    criteria_jump,
    relative_change,
    value_far,
)


@pytest.mark.parametrize(
    ("met_now", "met_before", "limit", "warned"),
    [
        (15, 10, 5, True),  # exactly the limit warns
        (14, 10, 5, False),
        (10, 15, 5, False),  # a fall is not a jump
        (19, 0, 5, True),
    ],
)
def test_a_jump_of_criteria_met_warns_from_the_limit_up(met_now, met_before, limit, warned):
    assert criteria_jump(met_now=met_now, met_before=met_before, limit=limit) is warned


def test_the_relative_change_is_measured_on_last_years_value():
    assert relative_change(before=Decimal(40), now=Decimal(60)) == Decimal("0.5")
    assert relative_change(before=Decimal(40), now=Decimal(20)) == Decimal("0.5")
    assert relative_change(before=Decimal(0), now=Decimal(3)) is None


@pytest.mark.parametrize(
    ("before", "now", "far"),
    [
        ("40", "60", False),  # 50 %: not beyond the limit
        ("40", "60.1", True),
        ("40", "19.9", True),
        ("0", "0", False),
        ("0", "5", True),  # from nothing to something is beyond any limit
    ],
)
def test_a_value_is_far_from_last_years_beyond_the_limit(before, now, far):
    assert value_far(before=Decimal(before), now=Decimal(now), limit=Decimal("0.5")) is far


def test_a_check_says_whether_it_blocks():
    assert Check("incomplete", BLOCKING, "…").blocking
    assert not Check("criteria_jump", WARNING, "…").blocking
