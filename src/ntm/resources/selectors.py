"""Reading funds and support: the pages' lists (scoped), the files' rows, the report's sums.

Every page's read goes through the user's units (``accounts.scope.restrict``): outside
them a row is not found (404). The report's sums are aggregated in the database, two
queries however many units (``fund_sums``, ``support_sums``).
"""

from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from ntm.accounts.scope import restrict, scope_paths
from ntm.evaluation.numbers import decimal_text
from ntm.resources.models import Fund, Support
from ntm.units.models import AdminUnit
from ntm.units.selectors import all_versions, subtrees

#: Width of an official code at each level, as files write them (GSO: 04, 045, 01417).
CODE_WIDTHS = {1: 2, 2: 3, 3: 5}


def unit_code_text(unit: AdminUnit) -> str:
    """A unit's code as the files write it: its level's width (04, 045, 01417)."""
    return unit.code.zfill(CODE_WIDTHS.get(unit.level, 0))


def _amount(value: Decimal | None) -> str:
    return "" if value is None else decimal_text(value)


def _within(qs: QuerySet[Any], field_path: str, units: list[AdminUnit]) -> QuerySet[Any]:
    return qs.filter(subtrees([p for unit in units for p in scope_paths(unit)], field_path))


# --- pages -------------------------------------------------------------------------


def fund_list(*, user: Any, year: int) -> list[Fund]:
    """The year's funds of the units within the user's scope, by unit then source."""
    qs = restrict(user, Fund.objects.filter(year=year), unit_field="unit")
    return list(qs.select_related("unit", "updated_by").order_by("unit__path", "source"))


def support_list(*, user: Any, year: int) -> list[Support]:
    qs = restrict(user, Support.objects.filter(year=year), unit_field="commune")
    return list(qs.select_related("commune", "updated_by").order_by("commune__path", "sponsor"))


def fund_detail(*, user: Any, pk: int) -> Fund | None:
    """A fund row in the user's scope (None outside it: 404)."""
    qs = restrict(user, Fund.objects.all(), unit_field="unit")
    return qs.select_related("unit").filter(pk=pk).first()


def support_detail(*, user: Any, pk: int) -> Support | None:
    qs = restrict(user, Support.objects.all(), unit_field="commune")
    return qs.select_related("commune").filter(pk=pk).first()


def row_by_key(*, user: Any, kind: str, data: dict[str, Any]) -> Fund | Support | None:
    """The stored row a form names by its key (year, unit, source, level; year, sponsor,
    commune), in the user's scope: the row someone added while the form was open."""
    if kind == "fund":
        unit = data["unit"]
        return fund_detail_by(
            user=user,
            year=data["year"],
            unit=unit,
            source=data["source"],
            level=data.get("level") or unit.level,
        )
    qs = restrict(user, Support.objects.all(), unit_field="commune")
    sponsor = " ".join(str(data["sponsor"]).split())
    return qs.filter(year=data["year"], sponsor=sponsor, commune=data["commune"]).first()


def fund_detail_by(
    *, user: Any, year: int, unit: AdminUnit, source: str, level: int
) -> Fund | None:
    qs = restrict(user, Fund.objects.all(), unit_field="unit")
    return qs.filter(year=year, unit=unit, source=source, level=level).first()


def resource_years(*, user: Any) -> list[int]:
    """The years that have a fund or support row in the user's scope, latest first."""
    funds = restrict(user, Fund.objects.all(), unit_field="unit").values_list("year", flat=True)
    supports = restrict(user, Support.objects.all(), unit_field="commune").values_list(
        "year", flat=True
    )
    return sorted(set(funds) | set(supports), reverse=True)


# --- files -------------------------------------------------------------------------


def funds_export_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[dict[str, str]]:
    """The funds of a province (or of ``within``) for ``years``, as rows of the ``funds`` file."""
    units = [within] if within is not None else all_versions(code=province_code, level=1)
    qs = _within(Fund.objects.filter(year__in=years), "unit", units).select_related("unit")
    rows = []
    for f in qs.order_by("year", "unit__level", "unit__code", "source", "level"):
        row = {
            "year": str(f.year),
            "unit_code": unit_code_text(f.unit),
            "source": f.source,
            "allocated": _amount(f.allocated),
            "disbursed": _amount(f.disbursed),
        }
        if f.as_of != Fund.year_end(f.year):
            row["as_of"] = f.as_of.isoformat()
        if f.level != f.unit.level:
            row["level"] = str(f.level)
        rows.append(row)
    return rows


def support_export_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[dict[str, str]]:
    """The support of a province's communes (or ``within``'s) for ``years``, as ``support`` rows."""
    units = [within] if within is not None else all_versions(code=province_code, level=1)
    qs = _within(Support.objects.filter(year__in=years), "commune", units).select_related("commune")
    return [
        {
            "year": str(s.year),
            "sponsor": s.sponsor,
            "commune_code": unit_code_text(s.commune),
            "cash": _amount(s.cash),
            "in_kind": _amount(s.in_kind),
            "materials": _amount(s.materials),
        }
        for s in qs.order_by("year", "commune__level", "commune__code", "sponsor")
    ]


# --- the report ----------------------------------------------------------------------


def fund_sums(*, unit: AdminUnit, year: int) -> list[dict[str, Any]]:
    """The year's funds of ``unit`` and every unit below it, summed by source and by level.

    Each row: ``source``, ``level`` (``Fund.level``: who holds the money), ``allocated``,
    ``disbursed`` (the sum of the rows that state it), ``stated`` (how many do),
    ``rows`` and ``as_of`` (the latest date of disbursement). One query.
    """
    qs = _within(Fund.objects.filter(year=year), "unit", [unit])
    return list(
        qs.order_by()
        .values("source", "level")
        .annotate(
            allocated_sum=Sum("allocated"),
            disbursed_sum=Sum("disbursed"),
            stated=Count("disbursed"),
            rows=Count("id"),
            as_of_max=Max("as_of"),
        )
        .order_by("source", "level")
    )


def support_sums(*, unit: AdminUnit, year: int) -> dict[str, Any]:
    """The year's support of the communes of ``unit`` (and summary rows on it or below): one query."""
    qs = _within(Support.objects.filter(year=year), "commune", [unit])
    return qs.aggregate(
        cash_sum=Sum("cash"),
        in_kind_sum=Sum("in_kind"),
        materials_sum=Sum("materials"),
        rows=Count("id"),
    )
