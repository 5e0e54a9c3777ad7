"""Checks of a commune's file before a workflow step (kiểm tra hồ sơ trước mỗi bước); pure maths.

Two kinds of check (docs/workflow.md, "Kiểm tra trước mỗi bước"):

* **blocking** (chặn): the step cannot be taken, e.g. a criterion of the set
  has no result (neither evaluated from indicator values nor declared);
* **warning** (cảnh báo): the file may be right but looks unlikely, e.g. many
  criteria met more than last year, or a value far from last year's; the
  officer goes on only after acknowledging it with a reason.

The limits of the warnings are NTM's own plausibility settings
(``NTM_CHECK_CRITERIA_JUMP``, ``NTM_CHECK_VALUE_CHANGE``), not official
figures: no legal text sets them. This module holds the maths and the result
type; the messages are written by ``assessments.selectors.step_checks``
(translated there).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

CheckLevel = Literal["blocking", "warning"]
BLOCKING: CheckLevel = "blocking"
WARNING: CheckLevel = "warning"


@dataclass(frozen=True)
class Check:
    """One finding about a file: a stable ``code`` (to acknowledge it by), its level, its message."""

    code: str
    level: CheckLevel
    message: str

    @property
    def blocking(self) -> bool:
        return self.level == BLOCKING


def criteria_jump(*, met_now: int, met_before: int, limit: int) -> bool:
    """Whether the criteria met rose by ``limit`` or more since last year's file."""
    return met_now - met_before >= limit


def relative_change(*, before: Decimal, now: Decimal) -> Decimal | None:
    """``|now − before| / |before|`` (0,5 is a 50 % change); None when ``before`` is 0.

    From zero there is no relative change: a value that was 0 and is not now
    is treated as beyond any limit by :func:`value_far`.
    """
    if before == 0:
        return None
    return abs(now - before) / abs(before)


def value_far(*, before: Decimal, now: Decimal, limit: Decimal) -> bool:
    """Whether ``now`` differs from ``before`` by more than ``limit`` (a fraction: 0,5 = 50 %)."""
    change = relative_change(before=before, now=now)
    if change is None:
        return now != 0
    return change > limit
