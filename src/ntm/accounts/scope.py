"""Object permissions as query constraints: every scoped query goes through the user's units.

A user works for one administrative unit (``accounts.Profile.unit``); the
central level (and superusers) for the whole country. Units form a tree with a
materialised ``path``, so "within my unit" is one indexed prefix filter.

The page helpers at the end answer 404 outside the user's units, the same as
for an object that does not exist, so that nothing leaks about other units.
"""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from ntm.core.errors import ApplicationError
from ntm.core.views import request_int
from ntm.units.models import AdminUnit
from ntm.units.selectors import subtrees, territory


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


def scope_paths(unit: AdminUnit) -> list[str]:
    """The tree paths a user of ``unit`` works within: the unit's, and for a unit formed by a
    merger those of the units it took in (``units.selectors.territory``), so that the office
    of a merged province or commune keeps the files, decisions and figures of its territory's
    past. A unit of the first list took in nothing (no query); others' are read once."""
    if unit.valid_from is None:
        return [unit.path]
    cached: list[str] | None = getattr(unit, "_scope_paths", None)
    if cached is None:
        cached = [root.path for root in territory(unit=unit)]
        unit._scope_paths = cached  # type: ignore[attr-defined]
    return cached


def units_restrict(user: Any, queryset: QuerySet[AdminUnit] | None = None) -> QuerySet[AdminUnit]:
    """Units the user may see: their unit and everything below it (and its territory's past)."""
    qs = queryset if queryset is not None else AdminUnit.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    try:
        unit = user_unit(user)
    except ApplicationError:
        return qs.none()
    return qs if unit is None else qs.filter(subtrees(scope_paths(unit)))


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
    return queryset.filter(subtrees(scope_paths(unit), unit_field))


def unit_in_scope(user: Any, unit: AdminUnit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        scope = user_unit(user)
    except ApplicationError:
        return False
    return scope is None or any(unit.path.startswith(p) for p in scope_paths(scope))


def ensure_in_scope(user: Any, unit: AdminUnit) -> None:
    """Raise ApplicationError unless ``unit`` is within the user's units."""
    if not unit_in_scope(user, unit):
        raise ApplicationError(f"Bạn không có quyền với đơn vị {unit}.")


# --- pages -------------------------------------------------------------------------

M = TypeVar("M", bound=Model)


def scoped_object_or_404(user: Any, queryset: QuerySet[M], *, unit_field: str, **lookup: Any) -> M:
    """The object if it lies within ``user``'s units, else 404 (never 403 with data)."""
    return get_object_or_404(restrict(user, queryset, unit_field=unit_field), **lookup)


def unit_or_404(user: Any, pk: int, queryset: QuerySet[AdminUnit] | None = None) -> AdminUnit:
    return get_object_or_404(units_restrict(user, queryset), pk=pk)


def home_unit(user: Any) -> AdminUnit | None:
    """The unit a user's pages start from; for the central level, the first province."""
    try:
        unit = user_unit(user)
    except ApplicationError:
        raise Http404("no unit") from None
    if unit is None:
        return AdminUnit.objects.filter(
            level=AdminUnit.Level.PROVINCE, valid_to__isnull=True
        ).first()
    return unit


def requested_unit(request: HttpRequest, *, levels: tuple[int, ...]) -> AdminUnit | None:
    """The unit asked for in ``?unit=`` (404 outside the user's units or levels), else the
    user's own unit when it is at one of ``levels``, else None."""
    if request.GET.get("unit") or request.POST.get("unit"):
        wanted = request_int(request, "unit", low=1)
        if wanted is None:
            raise Http404("no such unit")
        return get_object_or_404(units_restrict(request.user), pk=wanted, level__in=levels)
    unit = home_unit(request.user)
    return unit if unit is not None and unit.level in levels else None
