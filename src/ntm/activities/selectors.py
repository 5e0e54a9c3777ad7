"""Reads of the activities: the lists of a year in the user's units, one row, the files' rows.

Every list goes through the user's units (``accounts.scope.restrict``): a row
outside them is not found (404), as everywhere.
"""

from typing import Any, TypeVar

from django.db import models

from ntm.accounts.scope import restrict
from ntm.accounts.scope import units_restrict as restrict_units
from ntm.activities.models import Course, Directive, Event, ValueChain
from ntm.activities.services import chain_communes
from ntm.units.models import AdminUnit
from ntm.units.selectors import all_versions, subtrees

M = TypeVar("M", bound=models.Model)

#: The models the pages edit, by the name their URLs use.
MODELS: dict[str, type[models.Model]] = {
    "course": Course,
    "event": Event,
    "chain": ValueChain,
    "directive": Directive,
}


def activity_years(*, user: Any) -> list[int]:
    """The years that have any activity in the user's units, newest first."""
    years: set[int] = set()
    for model in (Course, ValueChain):
        years |= set(
            restrict(user, model.objects.all(), unit_field="unit").values_list("year", flat=True)
        )
    for model in (Event, Directive):
        years |= {
            d.year
            for d in restrict(user, model.objects.all(), unit_field="unit").dates("date", "year")
        }
    return sorted(years, reverse=True)


def activity_lists(*, user: Any, year: int) -> dict[str, list[Any]]:
    """The year's courses, events, value chains and directives in the user's units."""
    chains = list(
        restrict(user, ValueChain.objects.filter(year=year), unit_field="unit")
        .select_related("unit")
        .order_by("unit__code", "plan_code")
    )
    for chain in chains:
        chain.commune_list = chain_communes(chain)  # type: ignore[attr-defined]
    return {
        "courses": list(
            restrict(user, Course.objects.filter(year=year), unit_field="unit")
            .select_related("unit")
            .order_by("unit__code", "kind")
        ),
        "events": list(
            restrict(user, Event.objects.filter(date__year=year), unit_field="unit")
            .select_related("unit")
            .order_by("date", "pk")
        ),
        "chains": chains,
        "directives": list(
            restrict(user, Directive.objects.filter(date__year=year), unit_field="unit")
            .select_related("unit")
            .order_by("date", "number")
        ),
    }


def activity_detail(*, user: Any, model: type[M], pk: int) -> M | None:
    """One row in the user's units (None outside them: 404)."""
    return (
        restrict(user, model.objects.all(), unit_field="unit")  # type: ignore[attr-defined]
        .select_related("unit")
        .filter(pk=pk)
        .first()
    )


# --- export (the interchange files, docs/formats.md) --------------------------------------


def _units(province_code: str, within: AdminUnit | None) -> list[AdminUnit]:
    return [within] if within is not None else all_versions(code=province_code, level=1)


def _within(qs: models.QuerySet[M], units: list[AdminUnit]) -> models.QuerySet[M]:
    return qs.filter(subtrees(units, "unit"))


def unit_code_text(unit: AdminUnit) -> str:
    """A unit's code as the activities' files write it: a province with two digits (04), a
    district with three (045), so that a district is never read as a province."""
    width = 2 if unit.level == AdminUnit.Level.PROVINCE else 3
    return unit.code.zfill(width) if unit.code.isdigit() else unit.code


def _count_text(value: int | None) -> str:
    return "" if value is None else str(value)


def courses_export_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[dict[str, str]]:
    qs = _within(Course.objects.filter(year__in=years), _units(province_code, within))
    return [
        {
            "year": str(c.year),
            "unit_code": unit_code_text(c.unit),
            "kind": c.kind,
            "classes": _count_text(c.classes),
            "participants": str(c.participants),
        }
        for c in qs.select_related("unit").order_by("year", "unit__code", "kind")
    ]


def events_export_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[dict[str, str]]:
    qs = _within(Event.objects.filter(date__year__in=years), _units(province_code, within))
    return [
        {
            "date": e.date.isoformat(),
            "unit_code": unit_code_text(e.unit),
            "kind": e.kind,
            "description": e.description,
        }
        for e in qs.select_related("unit").order_by("date", "unit__code", "pk")
    ]


def value_chains_export_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[dict[str, str]]:
    qs = _within(ValueChain.objects.filter(year__in=years), _units(province_code, within))
    rows = []
    for c in qs.select_related("unit").order_by("year", "unit__code", "plan_code"):
        row = {
            "year": str(c.year),
            "unit_code": unit_code_text(c.unit),
            "plan_code": c.plan_code,
            "product": c.product,
            "communes": " ".join(u.code for u in chain_communes(c)),
        }
        if c.plan:
            row["plan"] = c.plan
        if c.plans != 1:
            row["plans"] = str(c.plans)
        if c.districts:
            row["level"] = "huyen"
        rows.append(row)
    return rows


def directives_export_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[dict[str, str]]:
    qs = _within(Directive.objects.filter(date__year__in=years), _units(province_code, within))
    return [
        {
            "number": d.number,
            "date": d.date.isoformat(),
            "issuer": d.issuer,
            "kind": d.kind,
            "subject": d.subject,
            "unit_code": unit_code_text(d.unit),
        }
        for d in qs.select_related("unit").order_by("date", "number")
    ]


# --- the pages' choices ---------------------------------------------------------------


def activity_units(*, user: Any) -> models.QuerySet[AdminUnit]:
    """The provinces and districts in force in the user's units (who organises, issues)."""
    return (
        restrict_units(user)
        .filter(
            level__in=[AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT], valid_to__isnull=True
        )
        .order_by("path")
    )


def activity_communes(*, user: Any) -> models.QuerySet[AdminUnit]:
    """The communes in force in the user's units (where a value chain is carried out)."""
    return (
        restrict_units(user)
        .filter(kind=AdminUnit.Kind.COMMUNE, valid_to__isnull=True)
        .select_related("parent")
        .order_by("parent__code", "code")
    )
