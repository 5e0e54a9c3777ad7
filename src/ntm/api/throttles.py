"""How often the API answers one client (DRF throttles): per user, per user's writes, per
anonymous address.

Rates come from the settings ``NTM_API_RATE_USER``, ``NTM_API_RATE_WRITE`` and
``NTM_API_RATE_ANON`` (``"<n>/<second|minute|hour|day>"``; ``None`` turns one
off), read on every request so that a test can change them. The counts are kept
in the ``api`` cache, a database table (``ntm_api_throttle``, made by this app's
migration) that every gunicorn worker shares: a per-process memory would let a
client have as many allowances as there are workers. An anonymous client is
known by its address as the login throttle knows it (``accounts.security.client_ip``).
Refusals answer 429 with Retry-After, in the API's one error format (``errors``).
"""

from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from ntm.accounts.security import client_ip

#: The cache the counts are kept in (settings.CACHES), and its table (the migration's).
CACHE = "api"
CACHE_TABLE = "ntm_api_throttle"


class SharedRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is a setting and whose counts are in the shared ``api`` cache."""

    setting = ""

    def __init__(self) -> None:
        # the rate is read now, not when the class is defined (SimpleRateThrottle's way)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)  # type: ignore[arg-type]

    @property
    def cache(self) -> BaseCache:  # type: ignore[override]
        return caches[CACHE]

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting, None)


class UserThrottle(SharedRateThrottle):
    """Every request of a signed-in user (token or session)."""

    scope = "user"
    setting = "NTM_API_RATE_USER"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class WriteThrottle(SharedRateThrottle):
    """A signed-in user's writes (anything but GET, HEAD, OPTIONS)."""

    scope = "write"
    setting = "NTM_API_RATE_WRITE"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.method in SAFE_METHODS:
            return None
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonThrottle(SharedRateThrottle):
    """Requests without a user (every one answered 401 but the schema's): per address."""

    scope = "anon"
    setting = "NTM_API_RATE_ANON"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request._request)}


class RefusalsCounted:
    """A view mixin: a request refused for want of a valid token (401) counts towards the
    anonymous rate too, and is answered 429 past it.

    DRF checks throttles after authentication and permissions, so without this an
    anonymous client guessing tokens would never meet its rate.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        try:
            super().initial(request, *args, **kwargs)  # type: ignore[misc]
        except (exceptions.NotAuthenticated, exceptions.AuthenticationFailed):
            self.check_throttles(request)  # type: ignore[attr-defined]
            raise
