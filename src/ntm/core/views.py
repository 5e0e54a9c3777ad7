"""What every page shares: running a service with its refusal shown as a message, the
year switch, htmx helpers, the guide's pages. (Scoped look-ups that answer 404 outside the
user's units are in ``accounts.scope``.)
"""

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

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


#: The guide (hướng dẫn): its topics and their titles. Each topic is one page, in Vietnamese
#: (``templates/help/<topic>.html``) and in English (``templates/help/en/<topic>.html``), with
#: the same anchors, which the pages link to (``templates/includes/help_link.html``).
HELP_TOPICS: dict[str, Any] = {
    "entry": gettext_lazy("Nhập số liệu của xã"),
    "workflow": gettext_lazy("Các bước của hồ sơ và kiểm tra"),
    "campaign": gettext_lazy("Đợt đánh giá và thời hạn"),
    "formats": gettext_lazy("Nhập, tải tệp dữ liệu"),
    "reports": gettext_lazy("Số liệu và báo cáo"),
}


def help_page(request: HttpRequest, topic: str = "") -> HttpResponse:
    """A page of the guide in the language of the interface (signed-in users only, as every
    page); without a topic, the list of topics."""
    if topic and topic not in HELP_TOPICS:
        raise Http404("no such help topic")
    topics = [{"slug": slug, "title": title} for slug, title in HELP_TOPICS.items()]
    context = {
        "topic": topic,
        "topics": topics,
        "title": HELP_TOPICS[topic] if topic else _("Hướng dẫn sử dụng"),
        "breadcrumbs": [{"label": _("Hướng dẫn"), "url": reverse("help:index")}]
        + ([{"label": HELP_TOPICS[topic], "url": ""}] if topic else []),
    }
    if not topic:
        return render(request, "help/index.html", context)
    folder = "help/en" if get_language() == "en" else "help"
    return render(request, f"{folder}/{topic}.html", context)
