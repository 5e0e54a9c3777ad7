"""Signing in safely: throttling and lockout of password guessing (django-axes), the client's address.

After ``AXES_FAILURE_LIMIT`` wrong passwords for one account from one address,
that account is locked for that address during ``AXES_COOLOFF_TIME``: further
tries are refused before any password is hashed (so guessers cannot slow the
server for everyone), every failure is recorded (who, from where, when), and
the officer reads why on the lockout page. An administrator can lift a lock
(``ntm axes_reset_username USERNAME``, or in the admin).
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The browser's address: the proxy's last ``X-Forwarded-For`` hop behind a trusted proxy."""
    if getattr(settings, "NTM_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def lockout_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """The page an officer sees after too many wrong passwords (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/lockout.html",
        {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
