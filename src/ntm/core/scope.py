"""Object permissions as query constraints: every scoped query goes through the user's units."""

from typing import Any

from django.db.models import QuerySet

from ntm.core.errors import ApplicationError
from ntm.units.models import AdminUnit


def user_role(user: Any) -> str:
    """The user's role: 'central' for superusers, else the profile's role ('' if none)."""
    if getattr(user, "is_superuser", False):
        return "central"
    profile = getattr(user, "profile", None)
    return profile.role if profile else ""


def user_unit(user: Any) -> AdminUnit | None:
    """The unit a user works for; None means the whole country (superuser or central role)."""
    if user_role(user) == "central":
        return None
    profile = getattr(user, "profile", None)
    if profile is None or profile.unit_id is None:
        raise ApplicationError("Tài khoản chưa được gán đơn vị hành chính.")
    return profile.unit


def units_restrict(user: Any, queryset: QuerySet[AdminUnit] | None = None) -> QuerySet[AdminUnit]:
    """Units the user may see: their unit and everything below it."""
    qs = queryset if queryset is not None else AdminUnit.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    try:
        unit = user_unit(user)
    except ApplicationError:
        return qs.none()
    return qs if unit is None else qs.filter(path__startswith=unit.path)


def restrict(user: Any, queryset: QuerySet[Any], *, unit_field: str) -> QuerySet[Any]:
    """Narrow ``queryset`` to rows whose ``unit_field`` lies within the user's unit."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    try:
        unit = user_unit(user)
    except ApplicationError:
        return queryset.none()
    if unit is None:
        return queryset
    return queryset.filter(**{f"{unit_field}__path__startswith": unit.path})


def unit_in_scope(user: Any, unit: AdminUnit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        scope = user_unit(user)
    except ApplicationError:
        return False
    return scope is None or unit.path.startswith(scope.path)


def ensure_in_scope(user: Any, unit: AdminUnit) -> None:
    """Raise ApplicationError unless ``unit`` is within the user's units."""
    if not unit_in_scope(user, unit):
        raise ApplicationError(f"Bạn không có quyền với đơn vị {unit}.")
