"""Planning an import: the differences between the checked rows and the database.

The plan is what the write makes, and only that: the inputs to create, the
stored inputs to change, the assessments to create first, and the changes the
officer is shown. Rows that already say what the file says change nothing.
Planning also finds the refusals that depend on the stored rows (a locked
assessment; with a user, role, scope and the file's workflow state through
``accounts.services.ensure_can``), so that one call reports every problem.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.accounts.services import Action, ensure_can
from ntm.assessments.mappers import ContextCache, RuleSetCache, input_from_row
from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet
from ntm.evaluation.engine import evaluate_criterion
from ntm.evaluation.numbers import decimal_text, verdict_text
from ntm.interchange.checker import Checked, CheckedRow, CheckedStatus, CheckedTarget, CheckedValue
from ntm.interchange.errors import ErrorList
from ntm.interchange.formats import STATUSES, TARGETS, VALUES
from ntm.interchange.lookups import Lookups, chunks
from ntm.interchange.summary import Change
from ntm.plans.models import Target
from ntm.units.models import AdminUnit

#: An indicator value's stored fields, in the order of ``assessments`` ``VALUE_FIELDS``:
#: value_number, value_bool, numerator, denominator, secondary_number.
ValueFields = tuple[Decimal | None, bool | None, Decimal | None, Decimal | None, Decimal | None]

AssessmentKey = tuple[int, int, str]  # (commune id, year, kind of set)


@dataclass
class Plan:
    """Everything one import writes, planned before anything is written.

    ``assessments``: the assessment of every commune and year an input changes
    for; those not yet saved (no ``pk``) are created first.
    """

    assessments: dict[AssessmentKey, Assessment] = field(default_factory=dict)
    statuses_new: list[CheckedStatus] = field(default_factory=list)
    statuses_changed: list[tuple[CheckedStatus, CriterionStatus]] = field(default_factory=list)
    values_new: list[tuple[CheckedValue, ValueFields]] = field(default_factory=list)
    values_changed: list[tuple[CheckedValue, IndicatorValue, ValueFields]] = field(
        default_factory=list
    )
    targets_new: list[CheckedTarget] = field(default_factory=list)
    targets_changed: list[tuple[CheckedTarget, Target]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def assessments_missing(self) -> list[Assessment]:
        return [a for a in self.assessments.values() if a.pk is None]


def plan_make(checked: Checked, *, lookups: Lookups, user: Any, errors: ErrorList) -> Plan:
    """The plan of ``checked`` against the database; refusals are added to ``errors``.

    Values are planned first: a status the file states is compared with the
    results of the new values.
    """
    plan = Plan(unchanged={STATUSES: 0, VALUES: 0, TARGETS: 0})
    stored_values = _stored_values(checked.values, lookups)
    values = _values_plan(plan, checked.values, lookups, stored_values)
    after = _values_after(plan, lookups, stored_values)
    computed = _computed_after(checked.statuses, after, lookups)
    statuses = _statuses_plan(plan, checked.statuses, lookups, after, computed)
    targets = _targets_plan(plan, checked.targets)
    changed = statuses + values + targets
    plan.changes = [change for change, _ in changed]
    rights = _Rights(lookups, user, errors)
    for _, item in changed:  # in the order the officer reads the changes
        if isinstance(item, CheckedTarget):
            rights.check_plan_editable(item)
        else:
            rights.check_editable(item)
            key = assessment_key(item)
            if key not in plan.assessments:
                plan.assessments[key] = lookups.assessments.get(key) or Assessment(
                    commune=item.commune,
                    year=item.year,
                    criteria_set=item.set_info.criteria_set,
                    kind=item.set_info.criteria_set.kind,
                    level=item.set_info.criteria_set.level,
                )
    return plan


def assessment_key(item: CheckedStatus | CheckedValue) -> AssessmentKey:
    return (item.commune.pk, item.year, item.set_info.criteria_set.kind)


def _value_same(current: IndicatorValue, item: CheckedValue) -> bool:
    if item.verdict is not None:
        same = current.value_bool == item.verdict and current.value_number is None
    else:
        same = (
            current.value_number is not None
            and current.value_number == item.number
            and current.value_bool is None
        )
    if item.has_secondary:
        same = same and current.secondary_number == item.secondary
    return same


def _value_fields(item: CheckedValue, current: IndicatorValue | None) -> ValueFields:
    """The fields a value will have: the file's value; a ratio's parts and, unless the file
    gives it, the secondary part as stored."""
    if current is None:
        secondary = item.secondary if item.has_secondary else None
        return (item.number, item.verdict, None, None, secondary)
    secondary = item.secondary if item.has_secondary else current.secondary_number
    return (item.number, item.verdict, current.numerator, current.denominator, secondary)


def _value_shown(v: IndicatorValue) -> str:
    if v.value_bool is not None:
        text = verdict_text(v.value_bool)
    elif v.value_number is not None:
        text = decimal_text(v.value_number)
    else:
        text = ""
    if v.secondary_number is not None:
        text += f" (phụ {decimal_text(v.secondary_number)})"
    return text


def _met_text(met: bool | None) -> str | None:
    return None if met is None else verdict_text(met)


def _change(
    kind: str, item: CheckedRow, unit: AdminUnit, key: str, before: str | None
) -> tuple[Change, CheckedRow]:
    set_info = getattr(item, "set_info", None)
    if set_info is not None and set_info.criteria_set.kind != CriteriaSet.SetKind.STANDARD:
        # a file of the advanced or model set: say which, beside the criterion or indicator
        key = f"{key} ({set_info.criteria_set.get_kind_display().lower()})"
    change = Change(kind, item.where, unit.code, unit.name, item.year, key, before, item.shown())
    return change, item


def _stored_ids(items: Iterable[CheckedStatus | CheckedValue], lookups: Lookups) -> set[int]:
    """The stored assessments the rows belong to (those the import creates have none)."""
    ids = set()
    for item in items:
        a = lookups.assessments.get(assessment_key(item))
        if a is not None:
            ids.add(a.pk)
    return ids


# --- indicator values ----------------------------------------------------------------


def _stored_values(
    items: list[CheckedValue], lookups: Lookups
) -> dict[int, dict[int, IndicatorValue]]:
    """Every stored value of the assessments the rows belong to: assessment id → indicator id → row."""
    stored: dict[int, dict[int, IndicatorValue]] = {}
    for batch in chunks(_stored_ids(items, lookups)):
        for v in IndicatorValue.objects.filter(assessment_id__in=batch):
            stored.setdefault(v.assessment_id, {})[v.indicator_id] = v
    return stored


def _values_plan(
    plan: Plan,
    items: list[CheckedValue],
    lookups: Lookups,
    stored: dict[int, dict[int, IndicatorValue]],
) -> list[tuple[Change, CheckedRow]]:
    changes = []
    for item in items:
        a = lookups.assessments.get(assessment_key(item))
        current = stored.get(a.pk, {}).get(item.indicator.pk) if a else None
        if current is not None and _value_same(current, item):
            plan.unchanged[VALUES] += 1
            continue
        before = _value_shown(current) if current is not None else None
        changes.append(_change(VALUES, item, item.commune, item.indicator.code, before))
        fields = _value_fields(item, current)
        if current is None:
            plan.values_new.append((item, fields))
        else:
            plan.values_changed.append((item, current, fields))
    return changes


def _values_after(
    plan: Plan, lookups: Lookups, stored: dict[int, dict[int, IndicatorValue]]
) -> dict[AssessmentKey, dict[int, ValueFields]]:
    """The values of each commune and year whose values the plan changes, as they will be."""
    after: dict[AssessmentKey, dict[int, ValueFields]] = {}
    changed = [
        *plan.values_new,
        *((item, fields) for item, _, fields in plan.values_changed),
    ]
    for item, fields in changed:
        key = assessment_key(item)
        if key not in after:
            a = lookups.assessments.get(key)
            rows = stored.get(a.pk, {}) if a is not None else {}
            after[key] = {
                ind_id: (
                    v.value_number,
                    v.value_bool,
                    v.numerator,
                    v.denominator,
                    v.secondary_number,
                )
                for ind_id, v in rows.items()
            }
        after[key][item.indicator.pk] = fields
    return after


def _computed_after(
    items: list[CheckedStatus],
    after: dict[AssessmentKey, dict[int, ValueFields]],
    lookups: Lookups,
) -> dict[tuple[int, int, int], bool | None]:
    """What the rules core computes, from the values as they will be, for the stated criteria.

    The same mapping (``assessments.mappers``) and rules (``evaluate_criterion``)
    as ``assessments_evaluate``, which derives the statuses once the plan is written.
    """
    wanted: dict[AssessmentKey, tuple[CheckedStatus, set[int]]] = {}
    for item in items:
        if assessment_key(item) in after:
            wanted.setdefault(assessment_key(item), (item, set()))[1].add(item.criterion.number)
    rulesets, contexts = RuleSetCache(), ContextCache()
    contexts.load(sorted({item.commune.pk for item, _ in wanted.values()}))
    out: dict[tuple[int, int, int], bool | None] = {}
    for key, (item, numbers) in wanted.items():
        stored = lookups.assessments.get(key)
        set_id = stored.criteria_set_id if stored is not None else item.set_info.criteria_set.pk
        mapped = rulesets.get(set_id)
        inputs = {
            mapped.indicator_code_by_id[ind_id]: input_from_row(*fields)
            for ind_id, fields in after[key].items()
            if ind_id in mapped.indicator_code_by_id
        }
        context = contexts.get(item.commune, item.year, mapped.rules)
        for rule in mapped.rules.criteria:
            if rule.number in numbers:
                out[(*key, rule.number)] = evaluate_criterion(rule, context, inputs).computed_met
    return out


# --- criterion statuses ------------------------------------------------------------


def _statuses_plan(
    plan: Plan,
    items: list[CheckedStatus],
    lookups: Lookups,
    after: dict[AssessmentKey, dict[int, ValueFields]],
    computed_after: dict[tuple[int, int, int], bool | None],
) -> list[tuple[Change, CheckedRow]]:
    """A status stated in a file is written as a declaration unless the status already says so.

    "Already says so": the officer declared the same, or nothing was declared
    and the indicator values give the same result. So a file exported from NTM
    and imported back changes nothing. A status typed in the people's workbook
    (``typed``) is a declaration whenever nothing the same is declared: the
    workbook pre-fills only declarations in its criterion cells. Where the plan also changes the
    commune's values, "the indicator values" are the new ones
    (``computed_after``).
    """
    stored: dict[tuple[int, int], CriterionStatus] = {}
    for batch in chunks(_stored_ids(items, lookups)):
        for st in CriterionStatus.objects.filter(assessment_id__in=batch):
            stored[(st.assessment_id, st.criterion_id)] = st
    changes = []
    for item in items:
        a = lookups.assessments.get(assessment_key(item))
        current = stored.get((a.pk, item.criterion.pk)) if a else None
        declared = current.declared_met if current is not None else None
        known = True
        if assessment_key(item) in after:
            computed = computed_after.get(item.key)
            before = declared if declared is not None else computed
        elif current is not None:
            computed, before = current.computed_met, current.met
        else:
            known, computed, before = False, None, None  # no status yet: declare it
        # A status typed in the workbook is a declaration unless the same is declared already;
        # a table's status (an export read back) is one only where the values say otherwise.
        same_as_rules = declared is None and computed == item.met and not item.typed
        if known and (declared == item.met or same_as_rules):
            plan.unchanged[STATUSES] += 1
            continue
        key = f"TC{item.criterion.number}"
        changes.append(_change(STATUSES, item, item.commune, key, _met_text(before)))
        if current is None:
            plan.statuses_new.append(item)
        else:
            plan.statuses_changed.append((item, current))
    return changes


# --- targets -----------------------------------------------------------------------------


def _targets_plan(plan: Plan, items: list[CheckedTarget]) -> list[tuple[Change, CheckedRow]]:
    stored: dict[tuple[int, int, str], Target] = {}
    if items:
        unit_ids = {i.unit.pk for i in items}
        years = {i.year for i in items}
        for t in Target.objects.filter(unit_id__in=unit_ids, year__in=years):
            stored[(t.unit_id, t.year, t.row_id)] = t
    changes = []
    for item in items:
        current = stored.get(item.key)
        if (
            current is not None
            and current.value == item.value
            and current.high == item.high
            and current.note == item.note
        ):
            plan.unchanged[TARGETS] += 1
            continue
        before = decimal_text(current.value) if current is not None else None
        changes.append(_change(TARGETS, item, item.unit, item.row_id, before))
        if current is None:
            plan.targets_new.append(item)
        else:
            plan.targets_changed.append((item, current))
    return changes


# --- who may change what -----------------------------------------------------------------


class _Rights:
    """The refusals of the changed rows, each officer-and-file (or unit) asked once."""

    def __init__(self, lookups: Lookups, user: Any, errors: ErrorList) -> None:
        self.lookups = lookups
        self.user = user
        self.errors = errors
        self.allowed: set[tuple[str, int]] = set()
        self.refused: set[tuple[str, int]] = set()

    def _refuse_once(self, key: tuple[str, int], item: CheckedRow, message: str) -> None:
        if key not in self.refused:
            self.refused.add(key)
            self.errors.add(item.where, item.column, message)

    def check_editable(self, item: CheckedStatus | CheckedValue) -> None:
        """Changed inputs must be editable: never when locked; with a user, by role, scope and state.

        Checked on the stored assessment (its state and lock as read in this
        transaction), or on the commune when the import creates the assessment.
        """
        assessment = self.lookups.assessments.get(assessment_key(item))
        if self.user is None:
            if assessment is not None and assessment.locked:
                self._refuse_once(
                    ("a", assessment.pk),
                    item,
                    f"đánh giá của xã {item.commune.name} năm {item.year} đã khoá sau thẩm định; "
                    "không thể thay đổi bằng tệp nhập",
                )
            return
        obj: Any = assessment if assessment is not None else item.commune
        key = ("a", obj.pk) if assessment is not None else ("u", obj.pk)
        if key in self.allowed or key in self.refused:
            return
        try:
            ensure_can(self.user, Action.IMPORT, obj)
        except ApplicationError as exc:
            self._refuse_once(key, item, exc.message)
        else:
            self.allowed.add(key)

    def check_plan_editable(self, item: CheckedTarget) -> None:
        key = ("t", item.unit.pk)
        if self.user is None or key in self.allowed or key in self.refused:
            return
        try:
            ensure_can(self.user, Action.PLAN_EDIT, item.unit)
        except ApplicationError as exc:
            self._refuse_once(key, item, exc.message)
        else:
            self.allowed.add(key)
