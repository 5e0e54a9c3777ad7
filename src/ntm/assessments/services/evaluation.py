"""Deriving criterion statuses from indicator values: the single derivation point.

``assessments_evaluate`` reads the stored inputs (IndicatorValue rows and each
CriterionStatus's ``declared_met``), runs the pure rules core
(``ntm.evaluation.engine``, rules in docs/criteria/rulebook.md) and writes every
CriterionStatus and the assessment's counts. Whoever changes an input (a form,
an import, a threshold correction, a region change) writes the input and calls
it once for the assessments concerned. It is built for bulk: a few queries per
batch of assessments, Python in between, bulk writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ntm.accounts.scope import user_role
from ntm.assessments.mappers import (
    ContextCache,
    MappedRuleSet,
    RuleSetCache,
    input_from_row,
    status_fields,
)
from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.core.audit import change_record, snapshot
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet, Criterion, Indicator, Threshold
from ntm.criteria.services import (
    criteria_set_for_year,
    criteria_set_load,
    threshold_save,
)
from ntm.evaluation.engine import evaluate_criterion, parse_indicator_value, tally
from ntm.evaluation.model import CommuneContext, CriterionResult, CriterionRule, IndicatorInput
from ntm.evaluation.numbers import NumberError, as_decimal
from ntm.units.models import AdminUnit, Classification, Region
from ntm.units.services import ClassificationLoad, classifications_load, unit_region_set

BATCH = 1000
WRITE_BATCH = 2000
#: After writing at least this many statuses in one evaluation (all its batches), PostgreSQL's planner statistics of the tables
#: written are refreshed (ANALYZE): stale ones after a national load make it scan the status
#: table whole (185 ms instead of 21 ms for a commune's page). SQLite's planner needs none.
ANALYZE_AFTER = 20_000


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def assessment_get_or_create(
    *, commune: AdminUnit, year: int, kind: str = CriteriaSet.SetKind.STANDARD
) -> Assessment:
    """A commune's assessment for ``year``, created against the criteria set in force that year.

    The base year of a period (2015 for 2016-2020) is assessed against the
    next period's set (``criteria_set_for_year``). A new assessment gets one
    (not assessed) status per criterion at once. ``kind`` chooses the set: the
    standard one, or the advanced or model set of the period.
    """
    found = Assessment.objects.filter(commune=commune, year=year, kind=kind).first()
    if found is not None:
        return found
    # The commune's row serialises the writers that create its assessments (an import too).
    AdminUnit.objects.select_for_update().filter(pk=commune.pk).first()
    found = Assessment.objects.filter(commune=commune, year=year, kind=kind).first()
    if found is not None:
        return found
    province = commune.province if commune.province_id else None
    level = CriteriaSet.Level.of_unit(commune.level)
    criteria_set = criteria_set_for_year(year=year, province=province, level=level, kind=kind)
    assessment = Assessment.objects.create(
        commune=commune, year=year, criteria_set=criteria_set, kind=kind, level=level
    )
    assessments_evaluate(assessment_ids=[assessment.pk])
    assessment.refresh_from_db()
    return assessment


def assessments_evaluate(*, assessment_ids: Iterable[int]) -> int:
    """Derive every CriterionStatus and the counts of the given assessments; returns how many.

    One status per criterion of the assessment's set is created if missing;
    statuses of criteria that are not in the set are removed. ``met`` is the
    officer's declaration when there is one, else the computed result. A
    status whose inputs, thresholds and region did not change since it was
    derived (same fingerprint) is neither derived again nor written.
    """
    ids = sorted({int(i) for i in assessment_ids})
    cache, contexts, memo = RuleSetCache(), ContextCache(), _Memo()
    with transaction.atomic():
        written = sum(
            _evaluate_batch(chunk, cache, contexts, memo) for chunk in _chunks(ids, BATCH)
        )
        if connection.vendor == "postgresql" and written >= ANALYZE_AFTER:
            with connection.cursor() as cursor:
                for model in (CriterionStatus, Assessment):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return len(ids)


class _Memo:
    """Criterion results already derived in this call, by their fingerprint.

    Communes of a region that reported the same values for a criterion's
    indicators (every Đạt/Không đạt criterion has only a few combinations)
    get the same result and explanation: derive it once.
    """

    LIMIT = 20000

    def __init__(self) -> None:
        self._done: dict[str, tuple[CriterionResult, dict[str, Any]]] = {}

    def criterion(
        self,
        fingerprint: str,
        mapped: MappedRuleSet,
        rule: CriterionRule,
        context: CommuneContext,
        inputs: dict[str, IndicatorInput],
        declared: bool | None,
    ) -> tuple[CriterionResult, dict[str, Any]]:
        found = self._done.get(fingerprint)
        if found is None:
            if len(self._done) >= self.LIMIT:
                self._done.clear()
            result = evaluate_criterion(rule, context, inputs, declared)
            fields = status_fields(result, mapped, context, inputs)
            fields["explanation"]["fingerprint"] = fingerprint
            found = (result, fields)
            self._done[fingerprint] = found
        return found


def _fingerprint(digest: str, context_key: str, declared: bool | None, given: Iterable[str]) -> str:
    """A digest of everything a criterion's status depends on.

    ``digest``: the criterion's rules and thresholds
    (``MappedRuleSet.criterion_digest``, which includes the engine's
    ``RULES_VERSION``); ``context_key``: the commune's region and province;
    ``declared``: the officer's declaration; ``given``: the stored values of
    its indicators, as the repr of their fields (so a Đạt and a 1 differ). A
    status whose stored fingerprint matches is still right and is not derived
    again.
    """
    text = f"{digest}|{context_key}|{declared}|{'|'.join(given)}"
    return "fp:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _evaluate_batch(
    ids: list[int], cache: RuleSetCache, contexts: ContextCache, memo: _Memo
) -> int:
    assessments = list(
        Assessment.objects.filter(pk__in=ids).select_related(
            "commune__region", "commune__province__region"
        )
    )
    contexts.load(sorted({a.commune_id for a in assessments}))
    inputs: dict[int, dict[int, IndicatorInput]] = {}
    tokens: dict[int, dict[int, str]] = {}
    for row in IndicatorValue.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id",
        "indicator_id",
        "value_number",
        "value_bool",
        "numerator",
        "denominator",
        "secondary_number",
    ):
        inputs.setdefault(row[0], {})[row[1]] = input_from_row(*row[2:])
        tokens.setdefault(row[0], {})[row[1]] = repr(row[2:])
    # Existing statuses as plain tuples (id, declared, met, fingerprint): the explanation
    # itself is not read back, its fingerprint says whether it is still right.
    statuses: dict[int, dict[int, tuple[Any, ...]]] = {}
    for row in CriterionStatus.objects.filter(assessment_id__in=ids).values_list(
        "assessment_id", "criterion_id", "pk", "declared_met", "met", "explanation__fingerprint"
    ):
        statuses.setdefault(row[0], {})[row[1]] = row[2:]

    to_create: list[tuple[int, int, dict[str, Any]]] = []
    to_update: list[tuple[int, dict[str, Any]]] = []
    to_delete: list[int] = []
    counts_changed: list[tuple[int, int, bool, int]] = []
    for assessment in assessments:
        mapped = cache.get(assessment.criteria_set_id)
        context = contexts.get(assessment.commune, assessment.year, mapped.rules)
        by_code = {
            mapped.indicator_code_by_id[ind_id]: given
            for ind_id, given in inputs.get(assessment.pk, {}).items()
            if ind_id in mapped.indicator_code_by_id
        }
        given_tokens = tokens.get(assessment.pk, {})
        context_key = repr(context)
        existing = statuses.get(assessment.pk, {})
        mets: list[bool | None] = []
        seen: set[int] = set()
        for rule in mapped.rules.criteria:
            crit_id = mapped.criterion_id_by_number[rule.number]
            seen.add(crit_id)
            found = existing.get(crit_id)
            declared = found[1] if found is not None else None
            fingerprint = _fingerprint(
                mapped.criterion_digest[rule.number],
                context_key,
                declared,
                (given_tokens.get(i, "") for i in mapped.indicator_ids[rule.number]),
            )
            if found is not None and found[3] == fingerprint:
                mets.append(found[2])
                continue
            crit_result, fields = memo.criterion(
                fingerprint, mapped, rule, context, by_code, declared
            )
            mets.append(crit_result.met)
            if found is None:
                to_create.append((assessment.pk, crit_id, fields))
            else:
                to_update.append((found[0], fields))
        to_delete.extend(found[0] for crit_id, found in existing.items() if crit_id not in seen)
        counts = tally(mets)
        if counts != (
            assessment.criteria_met,
            assessment.criteria_total,
            assessment.meets_standard,
        ):
            counts_changed.append((*counts, assessment.pk))

    if to_delete:
        CriterionStatus.objects.filter(pk__in=to_delete).delete()
    _write(to_create, to_update, counts_changed)
    return len(to_create) + len(to_update)


def _write(
    to_create: list[tuple[int, int, dict[str, Any]]],
    to_update: list[tuple[int, dict[str, Any]]],
    counts: list[tuple[int, int, bool, int]],
) -> None:
    """Write derived rows with one ``executemany`` per kind of statement.

    The ORM's ``bulk_create``/``bulk_update`` spend most of their time
    preparing values field by field (and ``bulk_update`` builds a CASE per
    column); for the 160,000 statuses of a national evaluation, plain
    parameterised statements are several times faster. Values still go
    through the fields' ``get_db_prep_save``, so JSON and datetimes are
    adapted for each database as the ORM would.
    """
    meta = CriterionStatus._meta
    table = connection.ops.quote_name(meta.db_table)
    explanation = meta.get_field("explanation")
    updated_at = meta.get_field("updated_at")
    now = updated_at.get_db_prep_save(timezone.now(), connection)

    prepared: dict[int, Any] = {}  # communes sharing a result share its explanation dict

    def prep_json(value: dict[str, Any]) -> Any:
        key = id(value)
        if key not in prepared:
            prepared[key] = explanation.get_db_prep_save(value, connection)
        return prepared[key]

    with connection.cursor() as cursor:
        for start in range(0, len(to_create), WRITE_BATCH):
            cursor.executemany(
                f"INSERT INTO {table} (assessment_id, criterion_id, computed_met, declared_met, met, "
                "source, explanation, updated_at) VALUES (%s, %s, %s, NULL, %s, %s, %s, %s)",
                [
                    (
                        a_id,
                        c_id,
                        f["computed_met"],
                        f["met"],
                        f["source"],
                        prep_json(f["explanation"]),
                        now,
                    )
                    for a_id, c_id, f in to_create[start : start + WRITE_BATCH]
                ],
            )
        for start in range(0, len(to_update), WRITE_BATCH):
            cursor.executemany(
                f"UPDATE {table} SET computed_met = %s, met = %s, source = %s, explanation = %s, "
                "updated_at = %s WHERE id = %s",
                [
                    (f["computed_met"], f["met"], f["source"], prep_json(f["explanation"]), now, pk)
                    for pk, f in to_update[start : start + WRITE_BATCH]
                ],
            )
        if counts:
            a_table = connection.ops.quote_name(Assessment._meta.db_table)
            cursor.executemany(
                f"UPDATE {a_table} SET criteria_met = %s, criteria_total = %s, meets_standard = %s, "
                "updated_at = %s WHERE id = %s",
                [(met, total, standard, now, pk) for met, total, standard, pk in counts],
            )


def assessments_evaluate_scope(*, year: int, province: AdminUnit | None = None) -> int:
    """Re-derive the statuses of every assessment of ``year`` in a province (or the country)."""
    qs = Assessment.objects.filter(year=year)
    if province is not None:
        qs = qs.filter(commune__path__startswith=province.path)
    return assessments_evaluate(assessment_ids=qs.values_list("pk", flat=True))


def assessments_evaluate_for_threshold(*, threshold: Threshold, scope_changed: bool = False) -> int:
    """Re-derive the assessments a threshold applies to (after an officer corrected it).

    A province's own threshold touches that province's communes; a region's,
    the communes whose thresholds are that region's; a national one (or a
    threshold moved to another region or province), every assessment of the
    criteria set.
    """
    qs = Assessment.objects.filter(
        criteria_set_id=Criterion.objects.filter(indicators=threshold.indicator_id).values(
            "criteria_set_id"
        )[:1]
    )
    if scope_changed:
        pass
    elif threshold.province_id is not None:
        qs = qs.filter(commune__province_id=threshold.province_id)
    elif threshold.region_id is not None:
        # Classified communes of other regions may apply this region's thresholds (QĐ 318).
        moved = Classification.objects.filter(
            code__in=[
                r["classification"]
                for r in threshold.indicator.criterion.criteria_set.region_rules
                if r.get("region") == threshold.region.code
            ]
        ).values("unit_id")
        qs = qs.filter(
            Q(commune__region_id=threshold.region_id)
            | Q(commune__region__isnull=True, commune__province__region_id=threshold.region_id)
            | Q(commune_id__in=moved)
        )
    return assessments_evaluate(assessment_ids=qs.values_list("pk", flat=True))


def assessments_evaluate_for_unit(*, unit: AdminUnit) -> int:
    """Re-derive every assessment of the communes within ``unit`` (after its region changed)."""
    qs = Assessment.objects.filter(commune__path__startswith=unit.path)
    return assessments_evaluate(assessment_ids=qs.values_list("pk", flat=True))


@transaction.atomic
def criteria_set_reload(*, path: Path) -> CriteriaSet:
    """Load a criteria set from its file; if a threshold changed, derive its assessments again."""
    loaded = criteria_set_load(path=path)
    if loaded.thresholds_changed:
        assessments_evaluate(
            assessment_ids=Assessment.objects.filter(criteria_set=loaded.criteria_set).values_list(
                "pk", flat=True
            )
        )
    return loaded.criteria_set


@transaction.atomic
def classifications_reload(*, path: Path, user: Any = None) -> ClassificationLoad:
    """Load dated classifications; the assessments of the units they touch are derived again."""
    loaded = classifications_load(path=path, user=user)
    if loaded.unit_ids:
        assessments_evaluate(
            assessment_ids=Assessment.objects.filter(commune_id__in=loaded.unit_ids).values_list(
                "pk", flat=True
            )
        )
    return loaded


@transaction.atomic
def threshold_correct(*, threshold: Threshold, user: Any, reason: str = "") -> Threshold:
    """An officer corrects a threshold: saved with its change record, the statuses it decides derived again."""
    change = threshold_save(threshold=threshold, user=user, reason=reason)
    assessments_evaluate_for_threshold(threshold=change.threshold, scope_changed=change.moved)
    return change.threshold


@transaction.atomic
def unit_region_change(
    *, unit: AdminUnit, region: Region | None, user: Any = None, reason: str = ""
) -> AdminUnit:
    """Set the region whose thresholds apply to a unit (recorded), and derive its communes again."""
    unit_region_set(unit=unit, region=region, user=user, reason=reason)
    assessments_evaluate_for_unit(unit=unit)
    return unit


def _ensure_editable(assessment: Assessment, user: Any) -> None:
    """Who may change a commune's inputs, and when (``workflow.assessment_ensure_editable``).

    With a user: role, scope and workflow state; without (a system job): the lock only.
    """
    from ntm.assessments.services.workflow import assessment_ensure_editable

    assessment_ensure_editable(assessment=assessment, user=user)


def _as_decimal(value: Any, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ApplicationError(f"{what} phải là một số.")
    try:
        number = as_decimal(value)
    except NumberError as exc:
        raise ApplicationError(f"{what}: {exc}") from exc
    if number < 0:
        raise ApplicationError(f"{what} không được âm.")
    return number


def _value_fields(indicator: Indicator, value: Any) -> tuple[Decimal | None, bool | None]:
    if value is None or value == "":
        return None, None
    if isinstance(value, str):
        try:
            parsed = parse_indicator_value(value, indicator.kind)
        except ValueError as exc:
            raise ApplicationError(str(exc), {"indicator": indicator.code}) from exc
        value = parsed
    if indicator.kind == Indicator.Kind.BOOLEAN:
        if not isinstance(value, bool):
            raise ApplicationError(
                f"Chỉ tiêu {indicator.code} nhận “Đạt” hoặc “Không đạt”.",
                {"indicator": indicator.code},
            )
        return None, value
    if isinstance(value, bool):
        raise ApplicationError(
            f"Chỉ tiêu {indicator.code} nhận một số.", {"indicator": indicator.code}
        )
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    try:
        parse_indicator_value(f"{number:f}", indicator.kind)
    except ValueError as exc:
        raise ApplicationError(str(exc), {"indicator": indicator.code}) from exc
    return number, None


#: The fields of a value the change log keeps (a form's change and an import's alike).
VALUE_FIELDS = ["value_number", "value_bool", "numerator", "denominator", "secondary_number"]


@transaction.atomic
def indicator_value_set(
    *,
    assessment: Assessment,
    indicator_code: str,
    value: Decimal | bool | str | int | None = None,
    numerator: Decimal | str | int | None = None,
    denominator: Decimal | str | int | None = None,
    secondary: Decimal | str | int | None = None,
    user: Any = None,
) -> IndicatorValue:
    """Record a commune's value for one indicator (replacing what was there) and re-evaluate.

    ``value`` is a number, or True/False (Đạt/Không đạt) for a boolean
    indicator; a text is read with ``parse_indicator_value``. A ratio may be
    given as ``numerator`` and ``denominator`` instead (the engine computes
    100 × numerator / denominator). ``secondary`` is the inner share of a
    compound indicator (17.1's clean water). Nothing given: the value is
    cleared (the indicator becomes "missing").
    """
    _ensure_editable(assessment, user)
    row = indicator_value_write(
        assessment=assessment,
        indicator_code=indicator_code,
        value=value,
        numerator=numerator,
        denominator=denominator,
        secondary=secondary,
        user=user,
    )
    assessments_evaluate(assessment_ids=[assessment.pk])
    assessment.refresh_from_db(fields=["criteria_met", "criteria_total", "meets_standard"])
    return row


def indicator_value_write(
    *,
    assessment: Assessment,
    indicator_code: str,
    value: Decimal | bool | str | int | None = None,
    numerator: Decimal | str | int | None = None,
    denominator: Decimal | str | int | None = None,
    secondary: Decimal | str | int | None = None,
    user: Any = None,
) -> IndicatorValue:
    """Write one indicator value with its change record, without evaluating.

    The caller has checked that the file may be edited and evaluates once
    after all its writes (``indicator_value_set``, ``assessment_entry_save``).
    """
    try:
        indicator = Indicator.objects.get(
            criterion__criteria_set_id=assessment.criteria_set_id, code=indicator_code
        )
    except Indicator.DoesNotExist as exc:
        raise ApplicationError(
            f"Bộ tiêu chí của đánh giá không có chỉ tiêu “{indicator_code}”.",
            {"indicator": indicator_code},
        ) from exc
    value_number, value_bool = _value_fields(indicator, value)
    num = _as_decimal(numerator, "Tử số")
    den = _as_decimal(denominator, "Mẫu số")
    if (num is None) != (den is None):
        raise ApplicationError("Cần nhập cả tử số và mẫu số.", {"indicator": indicator_code})
    if den is not None and den == 0:
        raise ApplicationError("Mẫu số phải lớn hơn 0.", {"indicator": indicator_code})
    if num is not None and indicator.kind != Indicator.Kind.RATIO:
        raise ApplicationError(
            f"Chỉ tiêu {indicator_code} không phải là tỷ lệ; không nhập tử số, mẫu số.",
            {"indicator": indicator_code},
        )
    sec = _as_decimal(secondary, "Giá trị chỉ tiêu phụ")
    if sec is not None and not indicator.secondary_op:
        raise ApplicationError(
            f"Chỉ tiêu {indicator_code} không có chỉ tiêu phụ.", {"indicator": indicator_code}
        )

    row = IndicatorValue.objects.filter(assessment=assessment, indicator=indicator).first()
    before = snapshot(row, VALUE_FIELDS) if row is not None else None
    if row is None:
        row = IndicatorValue(assessment=assessment, indicator=indicator)
    row.value_number, row.value_bool = value_number, value_bool
    row.numerator, row.denominator, row.secondary_number = num, den, sec
    row.updated_by = user if getattr(user, "is_authenticated", False) else None
    after = snapshot(row, VALUE_FIELDS)
    if row.carried_from is not None and before is not None:
        # A value carried from last year becomes this year's once someone saves one.
        before["carried_from"], after["carried_from"] = row.carried_from, None
        row.carried_from = None
    row.save()
    change_record(
        obj=row,
        action="update" if before else "create",
        user=user,
        before=before,
        after=after,
    )
    return row


def declaration_stamp(
    status: CriterionStatus, *, met: bool | None, user: Any, file: str = ""
) -> None:
    """Set a declaration and who made it: the officer, their level, the file it came from.

    Withdrawn (``met`` None), the declaration and its author are cleared.
    """
    status.declared_met = met
    actor = user if getattr(user, "is_authenticated", False) else None
    if met is None:
        status.declared_by, status.declared_role, status.declared_file = None, "", ""
        status.declared_at = None
        return
    status.declared_by = actor
    status.declared_role = user_role(actor) if actor is not None else ""
    status.declared_file = file[:200]
    status.declared_at = timezone.now()


@transaction.atomic
def criterion_status_declare(
    *,
    assessment: Assessment,
    criterion_number: int,
    met: bool | None,
    user: Any = None,
    reason: str = "",
) -> CriterionStatus:
    """Declare a criterion met or not met without indicator data (None withdraws it).

    The declaration decides the status; the result computed from indicator
    values is kept beside it, and a disagreement is shown.
    """
    _ensure_editable(assessment, user)
    status = criterion_declaration_write(
        assessment=assessment, criterion_number=criterion_number, met=met, user=user, reason=reason
    )
    assessments_evaluate(assessment_ids=[assessment.pk])
    assessment.refresh_from_db(fields=["criteria_met", "criteria_total", "meets_standard"])
    status.refresh_from_db()
    return status


def criterion_declaration_write(
    *,
    assessment: Assessment,
    criterion_number: int,
    met: bool | None,
    user: Any = None,
    reason: str = "",
) -> CriterionStatus:
    """Write one declaration with its author and change record, without evaluating."""
    try:
        criterion = Criterion.objects.get(
            criteria_set_id=assessment.criteria_set_id, number=criterion_number
        )
    except Criterion.DoesNotExist as exc:
        raise ApplicationError(
            f"Bộ tiêu chí của đánh giá không có tiêu chí số {criterion_number}.",
            {"criterion": criterion_number},
        ) from exc
    status = CriterionStatus.objects.filter(assessment=assessment, criterion=criterion).first()
    before = None
    if status is None:
        status = CriterionStatus(
            assessment=assessment, criterion=criterion, source=CriterionStatus.Source.COMPUTED
        )
    else:
        before = {"declared_met": status.declared_met}
    declaration_stamp(status, met=met, user=user)
    status.save()
    change_record(
        obj=status,
        action="update" if before else "create",
        user=user,
        before=before,
        after={"declared_met": met},
        reason=reason,
    )
    return status
