"""Signing in from a test: the login throttle (django-axes) needs the request a login comes with."""

from django.http import HttpRequest
from django.test import RequestFactory


def login_request(ip: str = "127.0.0.1") -> HttpRequest:
    """A login page POST from ``ip`` (pass it to ``authenticate`` or ``Client.login``)."""
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)
