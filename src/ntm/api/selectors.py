"""Reads of the API's own data: a user's tokens (their first characters and dates, never more)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken


def api_tokens_of(*, user: Any) -> QuerySet[AuthToken]:
    """The user's tokens still in force, newest first."""
    now = timezone.now()
    return AuthToken.objects.filter(user=user).exclude(expiry__lt=now).order_by("-created")


def api_token_of(*, user: Any, token_key: str) -> AuthToken | None:
    """One of the user's tokens, by its first characters (None: not theirs, or no such token)."""
    return AuthToken.objects.filter(user=user, token_key=token_key).first()
