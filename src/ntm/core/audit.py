"""Recording changes (``core.models.ChangeRecord``): the one audit API of every service.

A change is recorded as the values of the fields it touched, before and after,
in one JSON-friendly form whoever writes it (a form, an import, the admin): a
number as files write it (``40``, ``2.75``, never ``40.0000``), a date as ISO
(``2019-12-27``), a related object as its id. Services record a single change
with :func:`change_record`; a bulk writer builds entries with
:func:`change_entry` and writes them at once with :func:`changes_write`.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from ntm.core.models import ChangeRecord
from ntm.evaluation.numbers import decimal_text

REASON_MAX = 1000


def audit_value(value: Any) -> Any:
    """A field's value as the change log keeps it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, float):
        return decimal_text(Decimal(str(value)))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of some fields of ``obj`` as the change log keeps them."""
    return {name: audit_value(getattr(obj, name)) for name in fields}


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def change_entry(
    *,
    obj: models.Model,
    action: str,
    user: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    label: str | None = None,
) -> ChangeRecord:
    """One change-log row for ``obj``, not yet saved (``label`` replaces ``str(obj)``)."""
    return ChangeRecord(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=(label if label is not None else str(obj))[:300],
        action=action,
        before=before,
        after=after,
        user=_actor(user),
        reason=(reason or "")[:REASON_MAX],
    )


def change_record(
    *,
    obj: models.Model,
    action: str,
    user: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    label: str | None = None,
) -> ChangeRecord:
    """Write one change-log row for ``obj`` (``label`` replaces ``str(obj)``)."""
    entry = change_entry(
        obj=obj, action=action, user=user, before=before, after=after, reason=reason, label=label
    )
    entry.save()
    return entry


def changes_write(entries: list[ChangeRecord]) -> None:
    """Write many change-log rows at once (a bulk import's)."""
    ChangeRecord.objects.bulk_create(entries, batch_size=2000)
