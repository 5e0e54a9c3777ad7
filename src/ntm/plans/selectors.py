"""Reading plans (kế hoạch): the rows a target can be set for, a unit's targets and target communes.

The rows and the rules of a target are the catalogue of ``plans.rows``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q

from ntm.accounts.scope import restrict, units_restrict
from ntm.assessments.models import Assessment
from ntm.core.selectors import HistoryEntry, object_history
from ntm.criteria.models import CriteriaSet
from ntm.criteria.selectors import years_with_criteria_set
from ntm.evaluation.numbers import format_number
from ntm.plans.models import Target, TargetCommune
from ntm.plans.rows import CriterionName, Row, row_order
from ntm.plans.rows import target_rows as catalogue_target_rows
from ntm.units.models import AdminUnit

PLANNING_LEVELS = (AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT)


def planning_units(*, user: Any) -> list[AdminUnit]:
    """The province and districts (in force today) whose plans the user may see."""
    return list(
        units_restrict(
            user, AdminUnit.objects.filter(level__in=PLANNING_LEVELS, valid_to__isnull=True)
        )
        .select_related("parent")
        .order_by("level", "code")
    )


def plan_years(*, user: Any, unit: AdminUnit) -> list[int]:
    """Years a plan of ``unit`` can be read or made for: years with files or targets, and the
    year after the last one with files; only those a criteria set applies to (the table's
    rows come from the set)."""
    data = set(
        restrict(
            user,
            Assessment.objects.standard().filter(commune__path__startswith=unit.path),
            unit_field="commune",
        ).values_list("year", flat=True)
    )
    planned = set(Target.objects.filter(unit=unit).values_list("year", flat=True))
    years = data | planned
    if data:
        years.add(max(data) + 1)
    covered = years_with_criteria_set(province=unit.province if unit.province_id else None)
    return sorted(years & covered)


def plan_communes(*, unit: AdminUnit, year: int) -> list[AdminUnit]:
    """The communes of ``unit`` in force in ``year`` (those a plan can name)."""
    return list(
        AdminUnit.objects.valid_in_year(year)
        .communes()
        .within(unit)
        .select_related("parent")
        .order_by("parent__code", "code")
    )


def targets_detail(*, unit: AdminUnit, year: int) -> dict[str, Target]:
    """The unit's targets of ``year`` by row id, with who last changed each."""
    return {
        t.row_id: t
        for t in Target.objects.filter(unit=unit, year=year).select_related("updated_by")
    }


def criterion_names(*, criteria_set: CriteriaSet) -> list[CriterionName]:
    """The set's criteria as the appendix names them (number, short name), in order."""
    return [
        CriterionName(number, short_name or name)
        for number, short_name, name in criteria_set.criteria.order_by("number").values_list(
            "number", "short_name", "name"
        )
    ]


def target_rows(*, criteria_set: CriteriaSet) -> list[Row]:
    """The appendix rows of ``criteria_set`` a plan can target, in printed order."""
    return catalogue_target_rows(criterion_names(criteria_set=criteria_set))


def targets_for(*, unit: AdminUnit, year: int) -> dict[str, Decimal]:
    """The targets ``unit`` planned for ``year``: row id → value, in row order."""
    pairs = Target.objects.filter(unit=unit, year=year).values_list("row_id", "value")
    return dict(sorted(pairs, key=lambda p: row_order(p[0])))


def target_communes(
    *, unit: AdminUnit, year: int, include_below: bool = False
) -> list[dict[str, Any]]:
    """Communes named in the plan of ``unit`` for ``year`` (xã phấn đấu), as plain rows.

    With ``include_below``, also those named by the units below it (a
    province's districts).
    """
    qs = TargetCommune.objects.filter(year=year).select_related(
        "commune", "commune__parent", "unit"
    )
    qs = qs.filter(unit__path__startswith=unit.path) if include_below else qs.filter(unit=unit)
    return [
        {
            "id": tc.pk,
            "unit_id": tc.unit_id,
            "unit": str(tc.unit),
            "commune_id": tc.commune_id,
            "commune_code": tc.commune.code,
            "commune": str(tc.commune),
            "parent": str(tc.commune.parent) if tc.commune.parent_id else "",
            "title": tc.title,
            "note": tc.note,
        }
        for tc in qs.order_by("commune__path", "title")
    ]


def plan_state(*, unit: AdminUnit, year: int) -> dict[str, str]:
    """The year's targets as stored now, row id → value: the plans page's version."""
    return {
        row_id: format_number(value, 2, strip=True)
        for row_id, value in Target.objects.filter(unit=unit, year=year).values_list(
            "row_id", "value"
        )
    }


def target_commune_state(*, target_commune: TargetCommune) -> dict[str, str]:
    """A target commune as stored now: its version (the API's ETag, ``core.concurrency``)."""
    tc = target_commune
    return {
        "unit": str(tc.unit_id),
        "year": str(tc.year),
        "commune": str(tc.commune_id),
        "title": tc.title,
        "note": tc.note,
    }


def plan_history(*, unit: AdminUnit, year: int) -> list[HistoryEntry]:
    """Every change of the unit's targets for ``year`` (those removed since included), newest first."""
    ids = Target.objects.filter(unit=unit, year=year).values_list("pk", flat=True)
    removed = Q(before__unit=unit.pk, before__year=year) | Q(after__unit=unit.pk, after__year=year)
    return object_history(object_type="plans.target", object_ids=list(ids), where=removed)
