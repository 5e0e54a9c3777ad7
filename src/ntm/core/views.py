"""What every page shares: running a service with its refusal shown as a message, the
year switch, htmx helpers. (Scoped look-ups that answer 404 outside the user's units
are in ``accounts.scope``.)
"""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from ntm.core.errors import ApplicationError
from ntm.core.params import ID_MAX, YEAR_MAX, YEAR_MIN, param_int

T = TypeVar("T")


def request_int(request: HttpRequest, name: str, *, low: int = 0, high: int = ID_MAX) -> int | None:
    """``param_int`` of the parameter ``name`` of the query string, else of the posted form."""
    value = request.GET.get(name) or request.POST.get(name)
    return param_int(value, low=low, high=high)


def request_year(request: HttpRequest) -> int | None:
    """The year asked for in ``?year=`` (or posted), if it is a year NTM can hold."""
    return request_int(request, "year", low=YEAR_MIN, high=YEAR_MAX)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


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
    year = request_year(request)
    if year is None:
        return fallback
    return year if (not years or year in years) else fallback


def health(request: HttpRequest) -> HttpResponse:
    """``/healthz``: the app answers (for a proxy's or a monitor's checks; no data, no login)."""
    return HttpResponse("ok", content_type="text/plain")
