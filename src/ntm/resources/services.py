"""Writing funds and support (nguồn vốn, hỗ trợ xã): forms and imports, each write audited.

An officer records the rows of the units within their scope (``accounts.scope``): the
roles that enter a unit's figures (commune, district, province, central; not viewers,
``Action.IMPORT``). A page carries the version of the row it showed
(``core.concurrency``): a row changed, added or deleted by someone else since is refused
with what changed. The rules of a row are ``resources.rules``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from ntm.accounts.services import Action, ensure_can
from ntm.core.audit import change_entry, change_record, changes_write, snapshot
from ntm.core.concurrency import ensure_current
from ntm.core.errors import ApplicationError
from ntm.resources import rules, sources
from ntm.resources.models import Fund, Support
from ntm.units.models import AdminUnit

FUND_FIELDS = ("year", "unit", "source", "level", "allocated", "disbursed", "as_of")
SUPPORT_FIELDS = ("year", "sponsor", "commune", "cash", "in_kind", "materials")
_FUND_VALUES = ("allocated", "disbursed", "as_of")
_SUPPORT_VALUES = ("cash", "in_kind", "materials")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def fund_state(fund: Fund | None) -> dict[str, str]:
    """What a page shows of a fund row: its version (``core.concurrency``); {} for no row."""
    if fund is None:
        return {}
    return {name: _text(getattr(fund, name)) for name in _FUND_VALUES}


def support_state(support: Support | None) -> dict[str, str]:
    if support is None:
        return {}
    return {name: _text(getattr(support, name)) for name in _SUPPORT_VALUES}


def _ensure_can(user: Any, unit: AdminUnit) -> None:
    if user is not None:
        ensure_can(user, Action.IMPORT, unit)


def _lock(unit: AdminUnit) -> None:
    list(AdminUnit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))


def _refuse(problem: str | None) -> None:
    if problem:
        raise ApplicationError(problem[:1].upper() + problem[1:] + ".")


@transaction.atomic
def fund_save(
    *,
    user: Any,
    year: int,
    unit: AdminUnit,
    source: str,
    allocated: Decimal,
    disbursed: Decimal | None = None,
    as_of: datetime.date | None = None,
    level: int | None = None,
    version: str | None = None,
    reason: str = "",
) -> Fund:
    """Record (add or correct) the fund of ``source`` a unit manages in ``year``.

    ``level``: the level holding the money, the unit's own unless the row sums the units
    below it (``Fund.level``).
    """
    _ensure_can(user, unit)
    if source not in sources.SOURCES:
        raise ApplicationError(f"Nguồn vốn không rõ “{source}”.")
    level = level or unit.level
    _lock(unit)
    fund = (
        Fund.objects.select_for_update()
        .filter(year=year, unit=unit, source=source, level=level)
        .first()
    )
    ensure_current(token=version, now=fund_state(fund))
    for value in (allocated, disbursed):
        if value is not None:
            _refuse(rules.amount_problem(value))
    _refuse(rules.disbursed_problem(allocated, disbursed))
    _refuse(rules.level_problem(source, level, unit.level))
    others = {
        f.source: f.allocated
        for f in Fund.objects.filter(
            year=year, unit=unit, level=level, source__in=[sources.TW_DTPT, sources.TW_DTPT_DP]
        )
    }
    if source == sources.TW_DTPT_DP:
        _refuse(rules.contingency_problem(allocated, others.get(sources.TW_DTPT)))
    if source == sources.TW_DTPT and sources.TW_DTPT_DP in others:
        _refuse(rules.contingency_problem(others[sources.TW_DTPT_DP], allocated))
    as_of = as_of or Fund.year_end(year)
    before = snapshot(fund, FUND_FIELDS) if fund is not None else None
    if fund is None:
        fund = Fund(year=year, unit=unit, source=source, level=level)
    fund.allocated, fund.disbursed, fund.as_of, fund.updated_by = (
        allocated,
        disbursed,
        as_of,
        user if getattr(user, "is_authenticated", False) else None,
    )
    fund.save()
    after = snapshot(fund, FUND_FIELDS)
    if before != after:
        change_record(
            obj=fund,
            action="create" if before is None else "update",
            user=user,
            before=before,
            after=after,
            reason=reason,
        )
    return fund


@transaction.atomic
def fund_delete(*, user: Any, fund: Fund, version: str | None = None, reason: str = "") -> None:
    """Delete a fund row (the contingency of a development capital goes first)."""
    _ensure_can(user, fund.unit)
    _lock(fund.unit)
    stored = Fund.objects.select_for_update().filter(pk=fund.pk).first()
    ensure_current(token=version, now=fund_state(stored))
    if stored is None:
        return
    if (
        stored.source == sources.TW_DTPT
        and Fund.objects.filter(
            year=stored.year, unit=stored.unit_id, level=stored.level, source=sources.TW_DTPT_DP
        ).exists()
    ):
        raise ApplicationError(
            "Xoá vốn dự phòng (trong đó vốn dự phòng) của đơn vị, năm này trước: "
            "vốn dự phòng là một phần vốn đầu tư phát triển."
        )
    change_record(
        obj=stored, action="delete", user=user, before=snapshot(stored, FUND_FIELDS), reason=reason
    )
    stored.delete()


@transaction.atomic
def support_save(
    *,
    user: Any,
    year: int,
    sponsor: str,
    commune: AdminUnit,
    cash: Decimal,
    in_kind: Decimal,
    materials: Decimal,
    version: str | None = None,
    reason: str = "",
) -> Support:
    """Record what the unit ``sponsor`` assigned to help ``commune`` gave it in ``year``."""
    _ensure_can(user, commune)
    sponsor = " ".join(sponsor.split())
    if not sponsor:
        raise ApplicationError("Cần tên đơn vị phụ trách xã.")
    _lock(commune)
    support = (
        Support.objects.select_for_update()
        .filter(year=year, sponsor=sponsor, commune=commune)
        .first()
    )
    ensure_current(token=version, now=support_state(support))
    for value in (cash, in_kind, materials):
        _refuse(rules.amount_problem(value))
    before = snapshot(support, SUPPORT_FIELDS) if support is not None else None
    if support is None:
        support = Support(year=year, sponsor=sponsor, commune=commune)
    support.cash, support.in_kind, support.materials = cash, in_kind, materials
    support.updated_by = user if getattr(user, "is_authenticated", False) else None
    support.save()
    after = snapshot(support, SUPPORT_FIELDS)
    if before != after:
        change_record(
            obj=support,
            action="create" if before is None else "update",
            user=user,
            before=before,
            after=after,
            reason=reason,
        )
    return support


@transaction.atomic
def support_delete(
    *, user: Any, support: Support, version: str | None = None, reason: str = ""
) -> None:
    _ensure_can(user, support.commune)
    _lock(support.commune)
    stored = Support.objects.select_for_update().filter(pk=support.pk).first()
    ensure_current(token=version, now=support_state(stored))
    if stored is None:
        return
    change_record(
        obj=stored,
        action="delete",
        user=user,
        before=snapshot(stored, SUPPORT_FIELDS),
        reason=reason,
    )
    stored.delete()


# --- imports (interchange.resources checks the rows first) -----------------------------


@dataclass(frozen=True)
class FundRow:
    """A checked row of the ``funds`` file."""

    year: int
    unit: AdminUnit
    source: str
    allocated: Decimal
    disbursed: Decimal | None
    as_of: datetime.date
    level: int


@dataclass(frozen=True)
class SupportRow:
    """A checked row of the ``support`` file."""

    year: int
    sponsor: str
    commune: AdminUnit
    cash: Decimal
    in_kind: Decimal
    materials: Decimal


@dataclass
class ImportCounts:
    """What an import wrote; ``changes`` are (row index, before, after) of the rows it changed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[tuple[int, dict[str, Any] | None, dict[str, Any]]] = field(default_factory=list)


def _upsert(
    model: type[Fund] | type[Support],
    rows: list[Any],
    key: tuple[str, ...],
    fields: tuple[str, ...],
    values: tuple[str, ...],
    user: Any,
    reason: str,
) -> ImportCounts:
    counts = ImportCounts()
    if not rows:
        return counts
    unit_field = "unit" if model is Fund else "commune"
    years = {r.year for r in rows}
    unit_ids = sorted({getattr(r, unit_field).pk for r in rows})
    stored = {
        tuple(getattr(obj, f"{k}_id" if k == unit_field else k) for k in key): obj
        for obj in model.objects.select_for_update()
        .filter(year__in=years, **{f"{unit_field}__in": unit_ids})
        .order_by("pk")
    }
    actor = user if getattr(user, "is_authenticated", False) else None
    entries = []
    for index, row in enumerate(rows):
        k = tuple(
            getattr(row, name).pk if name == unit_field else getattr(row, name) for name in key
        )
        obj = stored.get(k)
        before = snapshot(obj, fields) if obj is not None else None
        if obj is None:
            obj = model(**{name: getattr(row, name) for name in key})
        for name in values:
            setattr(obj, name, getattr(row, name))
        after = snapshot(obj, fields)
        if before == after:
            counts.unchanged += 1
            continue
        obj.updated_by = actor
        obj.save()
        after = snapshot(obj, fields)
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
        counts.changes.append((index, before, after))
        entries.append(
            change_entry(
                obj=obj,
                action="create" if before is None else "update",
                user=user,
                before=before,
                after=after,
                reason=reason,
            )
        )
    changes_write(entries)
    return counts


def funds_import(*, rows: list[FundRow], user: Any = None, reason: str = "") -> ImportCounts:
    """Write the checked rows of a ``funds`` file (inside the import's transaction)."""
    return _upsert(
        Fund, rows, ("year", "unit", "source", "level"), FUND_FIELDS, _FUND_VALUES, user, reason
    )


def supports_import(*, rows: list[SupportRow], user: Any = None, reason: str = "") -> ImportCounts:
    """Write the checked rows of a ``support`` file (inside the import's transaction)."""
    return _upsert(
        Support,
        rows,
        ("year", "sponsor", "commune"),
        SUPPORT_FIELDS,
        _SUPPORT_VALUES,
        user,
        reason,
    )
