"""Writing plans (kế hoạch): targets for the appendix rows and the communes a plan names.

A province sets the year's targets for itself and its districts (e.g. "bình
quân 12 tiêu chí/xã", "160 xã đạt tiêu chí số 3"), and names the communes
striving for a title that year (e.g. "phấn đấu 08 xã đạt chuẩn nông thôn mới").
Every change is written to the change log (who, when, before, after, why).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ntm.accounts.services import Action, ensure_can
from ntm.assessments.models import Recognition
from ntm.assessments.services.recognition import recognition_in_force
from ntm.core.audit import change_record, snapshot
from ntm.core.concurrency import ensure_current
from ntm.core.errors import ApplicationError
from ntm.criteria.services import criteria_set_for_year
from ntm.evaluation.numbers import NumberError, as_decimal
from ntm.plans.models import Target, TargetCommune
from ntm.plans.rows import Row, target_problem
from ntm.plans.selectors import PLANNING_LEVELS, plan_state, target_commune_state, target_rows
from ntm.units.models import AdminUnit

TARGET_FIELDS = ["unit", "year", "row_id", "value", "high", "note"]
TARGET_COMMUNE_FIELDS = ["unit", "year", "commune", "title", "note"]


def target_audit(target: Target) -> dict[str, Any]:
    """A target's fields as the change log keeps them: the one format of every writer of targets
    (the plans page and an import), so that its history reads the same whoever wrote it."""
    fields = snapshot(target, TARGET_FIELDS)
    # A single figure without a note is kept as before ranges and notes existed: no empty lines.
    return {k: v for k, v in fields.items() if k not in ("high", "note") or v not in (None, "")}


def target_label(target: Target) -> str:
    """What the change log calls a target: ``<unit> <year> [<row id>]`` (its value is in the fields)."""
    return f"{target.unit.name} {target.year} [{target.row_id}]"


def _ensure_planning_unit(unit: AdminUnit, year: int) -> None:
    if unit.level not in PLANNING_LEVELS:
        raise ApplicationError(
            _("Kế hoạch được lập cho tỉnh hoặc huyện; %(u)s không phải đơn vị cấp tỉnh, cấp huyện.")
            % {"u": unit}
        )
    if not AdminUnit.objects.valid_in_year(year).filter(pk=unit.pk).exists():
        raise ApplicationError(
            _("%(u)s không còn hiệu lực trong năm %(y)s.") % {"u": unit, "y": year}
        )


def _row(unit: AdminUnit, year: int, row_id: str) -> tuple[Row, int]:
    """The appendix row ``row_id`` of the criteria set in force, and the set's number of criteria."""
    province = unit.province if unit.province_id else None
    criteria_set = criteria_set_for_year(year=year, province=province)
    rows = target_rows(criteria_set=criteria_set)
    by_id = {r.row_id: r for r in rows}
    row = by_id.get((row_id or "").strip())
    if row is None:
        raise ApplicationError(
            _("Dòng “%(r)s” không có trong biểu của bộ tiêu chí %(s)s (có: %(first)s … %(last)s).")
            % {
                "r": row_id,
                "s": criteria_set.code,
                "first": rows[0].row_id,
                "last": rows[-1].row_id,
            }
        )
    return row, sum(1 for r in rows if r.criterion is not None)


def _decimal(value: Any) -> Decimal:
    try:
        return as_decimal(value)
    except NumberError as exc:
        raise ApplicationError(_("Chỉ tiêu: %(e)s") % {"e": exc}) from exc


def _check_value(row: Row, value: Decimal, unit: AdminUnit, year: int, n_criteria: int) -> None:
    """Refuse a target the catalogue's rules refuse (``plans.rows.target_problem``)."""
    communes = None
    if row.kind == "count" and value >= 0:
        communes = AdminUnit.objects.within(unit).communes().valid_in_year(year).count()
    problem = target_problem(
        row=row,
        value=value,
        criteria_count=n_criteria,
        communes=communes,
        unit_name=str(unit),
        year=year,
    )
    if problem is not None:
        raise ApplicationError(
            _(problem.template) % problem.params if problem.params else _(problem.template)
        )


@transaction.atomic
def target_set(
    *,
    unit: AdminUnit,
    year: int,
    row_id: str,
    value: Decimal | int | str | None,
    user: Any,
    reason: str = "",
) -> Target | None:
    """Set (or, with ``value=None``, clear) the target of one appendix row for a unit and year."""
    ensure_can(user, Action.PLAN_EDIT, unit)
    _ensure_planning_unit(unit, year)
    row, n_criteria = _row(unit, year, row_id)
    # The unit's row serialises the writers of its plan (``targets_save``, an import).
    AdminUnit.objects.select_for_update().filter(pk=unit.pk).first()
    existing = (
        Target.objects.select_for_update().filter(unit=unit, year=year, row_id=row.row_id).first()
    )
    before = target_audit(existing) if existing else None
    if value is None or (isinstance(value, str) and not value.strip()):
        if existing is None:
            return None
        change_record(
            obj=existing,
            action="delete",
            user=user,
            before=before,
            reason=reason,
            label=target_label(existing),
        )
        existing.delete()
        return None
    number = _decimal(value)
    _check_value(row, number, unit, year, n_criteria)
    number = number.quantize(
        Decimal("0.01")
    )  # as stored: the change log shows what the table holds
    author = user if getattr(user, "is_authenticated", False) else None
    if existing is None:
        target = Target.objects.create(
            unit=unit, year=year, row_id=row.row_id, value=number, updated_by=author
        )
        action = "create"
    else:
        if existing.value == number:
            return existing
        existing.value, existing.updated_by = number, author
        existing.save(update_fields=["value", "updated_by", "updated_at"])
        target, action = existing, "update"
    change_record(
        obj=target,
        action=action,
        user=user,
        before=before,
        after=target_audit(target),
        reason=reason,
        label=target_label(target),
    )
    return target


@transaction.atomic
def targets_save(
    *,
    unit: AdminUnit,
    year: int,
    values: list[tuple[str, Decimal | int | str | None]],
    user: Any,
    reason: str = "",
    version: str | None = None,
) -> int:
    """Set (or clear) several targets of one plan at once, all or nothing; returns how many.

    ``version`` is the plan as the page showed it (``selectors.plan_state``):
    when someone changed it since, nothing is saved (``StaleEdit``).
    """
    # One plan at a time per unit: its row is the lock that serialises the writers.
    AdminUnit.objects.select_for_update().filter(pk=unit.pk).first()
    ensure_current(token=version, now=plan_state(unit=unit, year=year))
    for row_id, value in values:
        try:
            target_set(unit=unit, year=year, row_id=row_id, value=value, user=user, reason=reason)
        except ApplicationError as exc:
            exc.extra.setdefault("row", row_id)  # which of the plan's rows was refused
            raise
    return len(values)


@transaction.atomic
def target_commune_add(
    *,
    unit: AdminUnit,
    year: int,
    commune: AdminUnit,
    user: Any,
    title: str = Recognition.Title.STANDARD,
    note: str = "",
) -> TargetCommune:
    """Name a commune of ``unit`` as striving for ``title`` in ``year`` (xã phấn đấu đạt chuẩn)."""
    ensure_can(user, Action.PLAN_EDIT, unit)
    _ensure_planning_unit(unit, year)
    if title not in Recognition.Title.values:
        raise ApplicationError(_("Danh hiệu không hợp lệ: %(t)s.") % {"t": title})
    if commune.level != AdminUnit.Level.COMMUNE or not commune.path.startswith(unit.path):
        raise ApplicationError(_("%(c)s không phải là xã thuộc %(u)s.") % {"c": commune, "u": unit})
    held = recognition_in_force(commune=commune, year=year - 1, title=title)
    if held is not None:
        raise ApplicationError(
            _("%(c)s đã được công nhận %(t)s từ năm %(y)s (quyết định số %(n)s).")
            % {
                "c": commune,
                "t": Recognition.Title(title).label.lower(),
                "y": held.year,
                "n": held.number,
            }
        )
    taken = ApplicationError(
        _("%(c)s đã có trong danh sách xã phấn đấu năm %(y)s.") % {"c": commune, "y": year}
    )
    if TargetCommune.objects.filter(unit=unit, year=year, commune=commune, title=title).exists():
        raise taken
    try:
        with transaction.atomic():  # two requests at once: the second meets the constraint
            target = TargetCommune.objects.create(
                unit=unit, year=year, commune=commune, title=title, note=(note or "").strip()[:300]
            )
    except IntegrityError as exc:
        raise taken from exc
    change_record(
        obj=target, action="create", user=user, after=snapshot(target, TARGET_COMMUNE_FIELDS)
    )
    return target


@transaction.atomic
def target_commune_remove(
    *, target_commune: TargetCommune, user: Any, reason: str = "", version: str | None = None
) -> None:
    """Take a commune off a plan's list, with a record.

    ``version``: the row as the caller read it (the API's ETag,
    ``selectors.target_commune_state``); refused (``StaleEdit``) when it changed since.
    """
    fresh = (
        TargetCommune.objects.select_for_update(of=("self",))
        .select_related("unit", "commune")
        .get(pk=target_commune.pk)
    )
    ensure_can(user, Action.PLAN_EDIT, fresh.unit)
    ensure_current(token=version, now=target_commune_state(target_commune=fresh))
    change_record(
        obj=fresh,
        action="delete",
        user=user,
        before=snapshot(fresh, TARGET_COMMUNE_FIELDS),
        reason=(reason or "").strip(),
    )
    fresh.delete()
