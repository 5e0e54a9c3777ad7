"""Reading the change log: the history a page shows beside a value, a status, a target, a decision.

Each entry says who, when, what changed from what to what, and why, as
DHIS2's per-cell audit does; values are shown the Vietnamese way.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext as _

from ntm.core.models import ChangeRecord
from ntm.evaluation.numbers import format_number, verdict_text

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

#: Fields whose yes/no is a verdict (Đạt / Không đạt), not a plain yes/no.
_VERDICT_FIELDS = {"value_bool", "declared_met", "met", "computed_met"}

#: Fields shown as recorded: ids, a year, a row id ("2.1" is a code, not a number).
_RAW_FIELDS = {"unit", "commune", "assessment", "year", "row_id"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    """One change of the log, ready to show."""

    at: datetime
    who: str
    action: str
    what: str
    changes: tuple[FieldChange, ...]
    reason: str


def _label(object_type: str, field: str) -> str:
    try:
        model = apps.get_model(object_type)
        return str(model._meta.get_field(field).verbose_name)
    except (LookupError, FieldDoesNotExist, ValueError):
        return field


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return (
            verdict_text(value) if field in _VERDICT_FIELDS else (_("có") if value else _("không"))
        )
    if field in _RAW_FIELDS:
        return str(value)
    if isinstance(value, (int, float)):
        value = str(value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if number.is_finite() and value.strip().lstrip("-").replace(".", "", 1).isdigit():
            return format_number(number, 4, strip=True)
    return str(value)


def _entry(record: ChangeRecord) -> HistoryEntry:
    before, after = record.before or {}, record.after or {}
    fields = [f for f in dict.fromkeys([*before, *after]) if before.get(f) != after.get(f)]
    who = ""
    if record.user is not None:
        who = record.user.get_full_name() or record.user.get_username()
    return HistoryEntry(
        at=record.at,
        who=who or _("hệ thống"),
        action=str(record.get_action_display()),
        what=record.object_repr,
        changes=tuple(
            FieldChange(
                _label(record.object_type, f),
                _shown(f, before.get(f)) if record.before is not None else "–",
                _shown(f, after.get(f)) if record.after is not None else "–",
            )
            for f in fields
        ),
        reason=record.reason,
    )


def object_history(
    *, object_type: str, object_ids: Iterable[Any] = (), where: Q | None = None, limit: int = 200
) -> list[HistoryEntry]:
    """The changes of objects of ``object_type`` (``app.model``) with these ids (or matching
    ``where``, e.g. a JSON lookup on the recorded fields), newest first."""
    ids = [str(i) for i in object_ids]
    condition = Q(object_id__in=ids)
    if where is not None:
        condition |= where
    records = (
        ChangeRecord.objects.filter(object_type=object_type)
        .filter(condition)
        .select_related("user")
        .order_by("-at", "-id")[:limit]
    )
    return [_entry(r) for r in records]
