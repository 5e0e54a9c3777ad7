"""Recording changes (see core.models.ChangeRecord)."""

from typing import Any

from django.db import models

from ntm.core.models import ChangeRecord


def change_record(
    *,
    obj: models.Model,
    action: str,
    user: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> ChangeRecord:
    """Write one change-log row for ``obj``."""
    return ChangeRecord.objects.create(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        before=before,
        after=after,
        user=user if getattr(user, "is_authenticated", False) else None,
        reason=reason,
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """A JSON-friendly view of some fields of ``obj``."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        out[name] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
    return out
