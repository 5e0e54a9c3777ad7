"""Writing an import's plan: once, in bulk, with its change records, then evaluating once.

Indicator values and declared statuses are the *inputs* of an assessment; after
writing them the engine (``assessments_evaluate``) derives every status of the
assessments concerned, once. A declaration records who made it and from which
file (``declaration_stamp``).
"""

from dataclasses import dataclass
from typing import Any

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.assessments.services.evaluation import (
    VALUE_FIELDS,
    assessments_evaluate,
    declaration_stamp,
)
from ntm.core.audit import change_entry, changes_write, snapshot
from ntm.core.models import ChangeRecord
from ntm.interchange.planner import Plan, assessment_key
from ntm.plans.models import Target
from ntm.plans.services import target_audit, target_label

BATCH = 2000
DECLARATION_FIELDS = [
    "declared_met",
    "declared_by",
    "declared_role",
    "declared_file",
    "declared_at",
]


@dataclass(frozen=True)
class Written:
    """What writing a plan did beyond its changes: assessments created, and evaluated."""

    assessments_created: int
    assessments_evaluated: int


def plan_write(plan: Plan, *, user: Any, reason: str) -> Written:
    """Write ``plan`` (inside the caller's transaction) and derive the statuses of what it touched."""
    actor = user if getattr(user, "is_authenticated", False) else None
    missing = plan.assessments_missing
    if missing:
        Assessment.objects.bulk_create(missing, batch_size=BATCH)
    log: list[ChangeRecord] = []
    log += _values_write(plan, actor, reason)
    log += _statuses_write(plan, actor, reason)
    log += _targets_write(plan, actor, reason)
    changes_write(log)
    touched = {a.pk for a in plan.assessments.values()}
    evaluated = assessments_evaluate(assessment_ids=touched) if touched else 0
    return Written(assessments_created=len(missing), assessments_evaluated=evaluated)


def _entry(
    obj: Any,
    label: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    user: Any,
    reason: str,
) -> ChangeRecord:
    return change_entry(
        obj=obj, action=action, user=user, before=before, after=after, reason=reason, label=label
    )


def _values_write(plan: Plan, actor: Any, reason: str) -> list[ChangeRecord]:
    log: list[ChangeRecord] = []
    created = []
    for item, fields in plan.values_new:
        row = IndicatorValue(
            assessment=plan.assessments[assessment_key(item)],
            indicator=item.indicator,
            updated_by=actor,
        )
        for name, value in zip(VALUE_FIELDS, fields, strict=True):
            setattr(row, name, value)
        created.append(row)
    IndicatorValue.objects.bulk_create(created, batch_size=BATCH)
    log += [
        _entry(v, item.label(), "create", None, snapshot(v, VALUE_FIELDS), actor, reason)
        for v, (item, _) in zip(created, plan.values_new, strict=True)
    ]
    changed = []
    for item, v, fields in plan.values_changed:
        before = snapshot(v, VALUE_FIELDS)
        for name, value in zip(VALUE_FIELDS, fields, strict=True):
            setattr(v, name, value)
        v.updated_by = actor
        changed.append(v)
        after = snapshot(v, VALUE_FIELDS)
        if v.carried_from is not None:  # an imported value is this year's, no longer carried
            before["carried_from"], after["carried_from"] = v.carried_from, None
            v.carried_from = None
        log.append(_entry(v, item.label(), "update", before, after, actor, reason))
    IndicatorValue.objects.bulk_update(
        changed, [*VALUE_FIELDS, "carried_from", "updated_by", "updated_at"], batch_size=BATCH
    )
    return log


def _statuses_write(plan: Plan, actor: Any, reason: str) -> list[ChangeRecord]:
    """Declarations, each with who made it (the officer and their level, or none) and the file."""
    log: list[ChangeRecord] = []
    created = []
    for item in plan.statuses_new:
        status = CriterionStatus(
            assessment=plan.assessments[assessment_key(item)],
            criterion=item.criterion,
            met=item.met,
            source=CriterionStatus.Source.DECLARED,
        )
        declaration_stamp(status, met=item.met, user=actor, file=item.where.file)
        created.append(status)
    CriterionStatus.objects.bulk_create(created, batch_size=BATCH)
    log += [
        _entry(st, item.label(), "create", None, {"declared_met": item.met}, actor, reason)
        for st, item in zip(created, plan.statuses_new, strict=True)
    ]
    changed = []
    for item, st in plan.statuses_changed:
        before = {"declared_met": st.declared_met, "met": st.met}
        declaration_stamp(st, met=item.met, user=actor, file=item.where.file)
        changed.append(st)
        after = {"declared_met": item.met}
        log.append(_entry(st, item.label(), "update", before, after, actor, reason))
    CriterionStatus.objects.bulk_update(changed, DECLARATION_FIELDS, batch_size=BATCH)
    return log


def _targets_write(plan: Plan, actor: Any, reason: str) -> list[ChangeRecord]:
    """Targets, recorded in the plans page's audit format (``plans.services.target_audit``)."""
    log: list[ChangeRecord] = []
    created = [
        Target(
            unit=i.unit,
            year=i.year,
            row_id=i.row_id,
            value=i.value,
            high=i.high,
            note=i.note,
            updated_by=actor,
        )
        for i in plan.targets_new
    ]
    Target.objects.bulk_create(created, batch_size=BATCH)
    log += [
        _entry(t, target_label(t), "create", None, target_audit(t), actor, reason) for t in created
    ]
    changed = []
    for item, t in plan.targets_changed:
        before = target_audit(t)
        t.value, t.high, t.note, t.updated_by = item.value, item.high, item.note, actor
        changed.append(t)
        log.append(_entry(t, target_label(t), "update", before, target_audit(t), actor, reason))
    Target.objects.bulk_update(
        changed, ["value", "high", "note", "updated_by", "updated_at"], batch_size=BATCH
    )
    return log
