"""Writes of the activities: courses, events, value chains and directives, by hand or imported.

Every write checks role and scope (``accounts.services.ensure_can`` with
``Action.ACTIVITY_EDIT``) inside its transaction, locks the stored row and
refuses a stale page (``core.concurrency``: the page carries the row's state as
it showed it), and leaves a change record (``core.audit``). The rows belong to a
province or a district (the unit that organised, approved or issued them).
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from ntm.accounts.services import Action, ensure_can
from ntm.activities.models import Course, Directive, Event, ValueChain
from ntm.core.audit import change_record, snapshot
from ntm.core.concurrency import ensure_current
from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit

COURSE_FIELDS = ["year", "unit", "kind", "classes", "participants"]
EVENT_FIELDS = ["unit", "date", "kind", "description"]
CHAIN_FIELDS = ["year", "unit", "plan_code", "product", "plan", "plans", "districts"]
DIRECTIVE_FIELDS = ["unit", "number", "date", "issuer", "kind", "subject"]

#: The levels whose offices organise, approve and issue (AdminUnit.Level).
ACTIVITY_LEVELS = (AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT)

M = TypeVar("M", bound=models.Model)


def activity_fields(obj: models.Model) -> list[str]:
    """The audited fields of an activity row."""
    return {
        Course: COURSE_FIELDS,
        Event: EVENT_FIELDS,
        ValueChain: CHAIN_FIELDS,
        Directive: DIRECTIVE_FIELDS,
    }[type(obj)]


def chain_communes(chain: ValueChain) -> list[AdminUnit]:
    """A value chain's communes in the order they were given (the report lists them so)."""
    through = ValueChain.communes.through
    rows = through.objects.filter(valuechain=chain).select_related("adminunit").order_by("pk")
    return [r.adminunit for r in rows]


def _communes_set(chain: ValueChain, communes: Sequence[AdminUnit]) -> None:
    """Store the communes in their order (one link each, so that their order is kept)."""
    through = ValueChain.communes.through
    through.objects.filter(valuechain=chain).delete()
    for commune in communes:
        through.objects.create(valuechain=chain, adminunit=commune)


def activity_snapshot(obj: models.Model) -> dict[str, Any]:
    """The row as the change log keeps it (a value chain's communes as their codes, in order)."""
    out = snapshot(obj, activity_fields(obj))
    if isinstance(obj, ValueChain) and obj.pk is not None:
        out["communes"] = " ".join(c.code for c in chain_communes(obj))
    return out


def activity_state(obj: models.Model) -> dict[str, str]:
    """The state a page carries to edit ``obj`` (``core.concurrency.version_token``)."""
    return {k: "" if v is None else str(v) for k, v in activity_snapshot(obj).items()}


def unit_check(unit: AdminUnit) -> None:
    if unit.level not in ACTIVITY_LEVELS:
        raise ApplicationError(
            _("%(unit)s không phải cấp tỉnh hay cấp huyện: hoạt động thuộc cơ quan tỉnh, huyện.")
            % {"unit": unit}
        )


def communes_check(unit: AdminUnit, communes: Sequence[AdminUnit]) -> None:
    """A value chain's communes lie within the unit that approved it."""
    for commune in communes:
        if commune.kind != AdminUnit.Kind.COMMUNE and commune.level != AdminUnit.Level.COMMUNE:
            raise ApplicationError(_("%(unit)s không phải xã.") % {"unit": commune})
        if not commune.path.startswith(unit.path):
            raise ApplicationError(
                _("%(commune)s không thuộc %(unit)s.") % {"commune": commune, "unit": unit}
            )


def _save(
    *,
    user: Any,
    model: type[M],
    obj: M | None,
    values: dict[str, Any],
    version: str | None,
    reason: str,
    duplicate: Callable[[models.QuerySet[M]], models.QuerySet[M]],
    communes: Sequence[AdminUnit] | None = None,
) -> M:
    unit: AdminUnit = values["unit"]
    ensure_can(user, Action.ACTIVITY_EDIT, unit)
    unit_check(unit)
    if communes is not None:
        communes_check(unit, communes)
    before = None
    if obj is not None:
        obj = model.objects.select_for_update().get(pk=obj.pk)
        ensure_can(user, Action.ACTIVITY_EDIT, obj)
        ensure_current(token=version, now=activity_state(obj))
        before = activity_snapshot(obj)
    else:
        obj = model()
    others = duplicate(model.objects.all())
    if obj.pk is not None:
        others = others.exclude(pk=obj.pk)
    if others.exists():
        raise ApplicationError(_("Đã có một dòng như vậy (trùng khoá); hãy sửa dòng đã có."))
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    if isinstance(obj, ValueChain) and communes is not None:
        _communes_set(obj, communes)
    after = activity_snapshot(obj)
    if before != after:
        change_record(
            obj=obj,
            action="update" if before is not None else "create",
            user=user,
            before=before,
            after=after,
            reason=reason,
        )
    return obj


def _delete(*, user: Any, obj: models.Model, version: str | None, reason: str) -> None:
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    ensure_can(user, Action.ACTIVITY_EDIT, locked)
    ensure_current(token=version, now=activity_state(locked))
    before = activity_snapshot(locked)
    change_record(obj=locked, action="delete", user=user, before=before, reason=reason)
    locked.delete()


def _count(value: int | None, what: str, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if value is None or value < 0:
        raise ApplicationError(_("%(what)s phải là số nguyên không âm.") % {"what": what})


@transaction.atomic
def course_save(
    *,
    user: Any,
    course: Course | None = None,
    year: int,
    unit: AdminUnit,
    kind: str,
    classes: int | None,
    participants: int,
    version: str | None = None,
    reason: str = "",
) -> Course:
    """Record a year's courses of one kind of a unit (lớp, học viên); edit with ``course``."""
    if kind not in Course.Kind.values:
        raise ApplicationError(_("Loại lớp không rõ: %(kind)s.") % {"kind": kind})
    _count(classes, _("Số lớp"), optional=True)
    _count(participants, _("Số học viên"))
    return _save(
        user=user,
        model=Course,
        obj=course,
        values={
            "year": year,
            "unit": unit,
            "kind": kind,
            "classes": classes,
            "participants": participants,
        },
        version=version,
        reason=reason,
        duplicate=lambda qs: qs.filter(year=year, unit=unit, kind=kind),
    )


@transaction.atomic
def event_save(
    *,
    user: Any,
    event: Event | None = None,
    unit: AdminUnit,
    date: datetime.date,
    kind: str,
    description: str,
    version: str | None = None,
    reason: str = "",
) -> Event:
    """Record a dated event (hội nghị, kiểm tra …) of a unit; edit with ``event``."""
    if kind not in Event.Kind.values:
        raise ApplicationError(_("Loại sự kiện không rõ: %(kind)s.") % {"kind": kind})
    description = " ".join(description.split())
    if not description:
        raise ApplicationError(_("Cần ghi nội dung."))
    return _save(
        user=user,
        model=Event,
        obj=event,
        values={"unit": unit, "date": date, "kind": kind, "description": description},
        version=version,
        reason=reason,
        duplicate=lambda qs: qs.filter(unit=unit, date=date, kind=kind, description=description),
    )


@transaction.atomic
def value_chain_save(
    *,
    user: Any,
    chain: ValueChain | None = None,
    year: int,
    unit: AdminUnit,
    plan_code: str,
    product: str,
    communes: Sequence[AdminUnit] = (),
    plan: str = "",
    plans: int = 1,
    districts: bool = False,
    version: str | None = None,
    reason: str = "",
) -> ValueChain:
    """Record a value-chain plan approved by a unit, its product and communes; edit with ``chain``."""
    plan_code, product, plan = plan_code.strip(), " ".join(product.split()), " ".join(plan.split())
    if not plan_code or not (product or districts):
        raise ApplicationError(_("Cần mã kế hoạch và sản phẩm."))
    if plans < 1:
        raise ApplicationError(_("Số kế hoạch phải từ 1 trở lên."))
    return _save(
        user=user,
        model=ValueChain,
        obj=chain,
        values={
            "year": year,
            "unit": unit,
            "plan_code": plan_code,
            "product": product,
            "plan": plan,
            "plans": plans,
            "districts": districts,
        },
        version=version,
        reason=reason,
        duplicate=lambda qs: qs.filter(unit=unit, plan_code=plan_code),
        communes=list(communes),
    )


@transaction.atomic
def directive_save(
    *,
    user: Any,
    directive: Directive | None = None,
    unit: AdminUnit,
    number: str,
    date: datetime.date,
    issuer: str,
    kind: str,
    subject: str,
    version: str | None = None,
    reason: str = "",
) -> Directive:
    """Record a directive issued by a unit (số, ngày, cơ quan ban hành, trích yếu)."""
    if kind not in Directive.Kind.values:
        raise ApplicationError(_("Loại văn bản không rõ: %(kind)s.") % {"kind": kind})
    number, issuer, subject = number.strip(), " ".join(issuer.split()), " ".join(subject.split())
    if not number or not issuer or not subject:
        raise ApplicationError(_("Cần số văn bản, cơ quan ban hành và trích yếu."))
    return _save(
        user=user,
        model=Directive,
        obj=directive,
        values={
            "unit": unit,
            "number": number,
            "date": date,
            "issuer": issuer,
            "kind": kind,
            "subject": subject,
        },
        version=version,
        reason=reason,
        duplicate=lambda qs: qs.filter(unit=unit, number=number, date=date),
    )


@transaction.atomic
def activity_delete(
    *, user: Any, obj: models.Model, version: str | None = None, reason: str = ""
) -> None:
    """Delete an activity row (its change record keeps what it held)."""
    _delete(user=user, obj=obj, version=version, reason=reason)


# --- import (called by interchange, which reads and checks the file) --------------------


@dataclass(frozen=True)
class CourseRow:
    year: int
    unit: AdminUnit
    kind: str
    classes: int | None
    participants: int


@dataclass(frozen=True)
class EventRow:
    unit: AdminUnit
    date: datetime.date
    kind: str
    description: str


@dataclass(frozen=True)
class ChainRow:
    year: int
    unit: AdminUnit
    plan_code: str
    product: str
    communes: tuple[AdminUnit, ...]
    plan: str = ""
    plans: int = 1
    districts: bool = False


@dataclass(frozen=True)
class DirectiveRow:
    unit: AdminUnit
    number: str
    date: datetime.date
    issuer: str
    kind: str
    subject: str


ActivityRow = CourseRow | EventRow | ChainRow | DirectiveRow


@dataclass
class ImportCounts:
    """What an activities import wrote; ``changes``: (row index, before or None, after)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[tuple[int, str | None, str]] = field(default_factory=list)


def _text(snap: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in snap.items() if k != "unit" and v not in (None, ""))


def _stored(row: ActivityRow) -> models.Model | None:
    if isinstance(row, CourseRow):
        return (
            Course.objects.select_for_update()
            .filter(year=row.year, unit=row.unit, kind=row.kind)
            .first()
        )
    if isinstance(row, EventRow):
        return (
            Event.objects.select_for_update()
            .filter(unit=row.unit, date=row.date, kind=row.kind, description=row.description)
            .first()
        )
    if isinstance(row, ChainRow):
        return (
            ValueChain.objects.select_for_update()
            .filter(unit=row.unit, plan_code=row.plan_code)
            .first()
        )
    return (
        Directive.objects.select_for_update()
        .filter(unit=row.unit, number=row.number, date=row.date)
        .first()
    )


def activities_import(
    *, rows: Sequence[ActivityRow], user: Any = None, reason: str = ""
) -> ImportCounts:
    """Write checked rows of one kind inside the caller's (the import's) transaction.

    A row identical to what is stored changes nothing, so an export read back
    changes nothing. The caller has checked role and scope on every row's unit.
    """
    counts = ImportCounts()
    for index, row in enumerate(rows):
        obj = _stored(row)
        before = activity_snapshot(obj) if obj is not None else None
        if obj is None:
            obj = {
                CourseRow: Course,
                EventRow: Event,
                ChainRow: ValueChain,
                DirectiveRow: Directive,
            }[type(row)]()
        communes = None
        for name, value in row.__dict__.items():
            if name == "communes":
                communes = value
            else:
                setattr(obj, name, value)
        if before is not None:
            pending = snapshot(obj, activity_fields(obj))
            if communes is not None:
                pending["communes"] = " ".join(c.code for c in communes)
            if pending == before:
                counts.unchanged += 1
                continue
        obj.save()
        if isinstance(obj, ValueChain) and communes is not None:
            _communes_set(obj, communes)
        after = activity_snapshot(obj)
        change_record(
            obj=obj,
            action="update" if before is not None else "create",
            user=user,
            before=before,
            after=after,
            reason=reason,
        )
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
        counts.changes.append((index, _text(before) if before else None, _text(after)))
    return counts
