"""What every page shares: scoped lookups that answer 404 outside the user's units,
running a service with its refusal shown as a message, the year switch, htmx helpers.

Pages never show an object outside the user's units: a lookup narrowed by
``core.scope`` finds nothing and the answer is 404, the same as for an object
that does not exist, so nothing leaks about other units.
"""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from ntm.core.errors import ApplicationError
from ntm.core.scope import restrict, units_restrict, user_role, user_unit
from ntm.units.models import AdminUnit

M = TypeVar("M", bound=Model)
T = TypeVar("T")


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


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
    wanted = request.GET.get("unit") or request.POST.get("unit")
    if wanted and wanted.isdigit():
        return get_object_or_404(units_restrict(request.user), pk=int(wanted), level__in=levels)
    unit = home_unit(request.user)
    return unit if unit is not None and unit.level in levels else None


def run_service(request: HttpRequest, fn: Callable[..., T], /, **kwargs: Any) -> T | None:
    """Call a write service; a refusal (ApplicationError) becomes an error message, not a crash."""
    try:
        return fn(**kwargs)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return None


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponse:
    """After a POST: back where the user came from (htmx follows with a full page)."""
    url = safe_next(request, fallback)
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def requested_year(request: HttpRequest, years: list[int], default: int | None = None) -> int:
    """The year asked for in ``?year=``, if it is one of ``years``; else ``default`` or the latest."""
    fallback = (
        default if default is not None else (max(years) if years else datetime.date.today().year)
    )
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or "")
    except ValueError:
        return fallback
    return year if (not years or year in years) else fallback


def role(request: HttpRequest) -> str:
    return user_role(request.user)
