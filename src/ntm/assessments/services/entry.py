"""Saving the commune's entry form: values, declarations and remarks in one step, evaluated once.

The page sends what the officer changed in one criterion group; the file is
checked and locked once (``workflow.assessment_ensure_editable``: role, scope,
state, lock, inside the transaction), every input is written with its change
record, and the engine derives the statuses once at the end.
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from ntm.assessments.models import Assessment
from ntm.assessments.selectors import entry_state
from ntm.assessments.services.campaign import carried_values_confirm_write
from ntm.assessments.services.evaluation import (
    assessments_evaluate,
    criterion_declaration_write,
    indicator_value_write,
)
from ntm.assessments.services.workflow import assessment_ensure_editable, assessment_remarks_write
from ntm.core.concurrency import ensure_current
from ntm.criteria.models import CriterionGroup

#: An indicator's new inputs: its code, and the ``indicator_value_write`` arguments
#: (value, numerator, denominator, secondary).
ValueInput = tuple[str, dict[str, Any]]


@transaction.atomic
def assessment_entry_save(
    *,
    assessment: Assessment,
    user: Any,
    values: Sequence[ValueInput] = (),
    declarations: Sequence[tuple[int, bool | None]] = (),
    remarks: str | None = None,
    group: CriterionGroup | None = None,
    version: str | None = None,
    confirm: Sequence[str] = (),
) -> int:
    """Write the changed inputs of a file and evaluate it once; returns how many inputs changed.

    ``declarations`` are (criterion number, met or None to withdraw);
    ``remarks`` None leaves the remarks as they are. Refused as a whole
    (ApplicationError) when the user may not edit the file now or an input is
    invalid: nothing is written.

    ``version`` is the version of the ``group``'s inputs the page was opened
    with, or of the whole file's without a ``group`` (``selectors.entry_state``;
    the API's ETag): when another officer (or an import)
    changed any of them since, the save is refused with ``StaleEdit`` saying
    what changed, so that nobody's change is silently undone.
    """
    fresh = assessment_ensure_editable(assessment=assessment, user=user)
    if version is not None:
        # a page's version covers its group; without a group, the whole file (the API's ETag)
        ensure_current(token=version, now=entry_state(assessment=fresh, group=group))
    count = 0
    for code, inputs in values:
        indicator_value_write(assessment=fresh, indicator_code=code, user=user, **inputs)
        count += 1
    for number, met in declarations:
        criterion_declaration_write(assessment=fresh, criterion_number=number, met=met, user=user)
        count += 1
    if count:
        assessments_evaluate(assessment_ids=[fresh.pk])
    if confirm:
        count += carried_values_confirm_write(
            assessment=fresh, user=user, indicator_codes=list(confirm)
        )
    if remarks is not None and assessment_remarks_write(
        assessment=fresh, user=user, remarks=remarks
    ):
        count += 1
    assessment.refresh_from_db(
        fields=["criteria_met", "criteria_total", "meets_standard", "remarks"]
    )
    return count
