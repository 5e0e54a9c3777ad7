"""The API's one error format: ``{"errors": [{"field": ..., "message": ...}]}``.

Every refusal, whoever raises it (a serializer's check, a service's
``ApplicationError``, the permission check, a stale version), answers this
shape; ``field`` names the input the message is about (``values[2].value``), or
is null for a refusal of the whole request. A stale write adds ``changes``:
what changed since the version the client sent (``core.concurrency``).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ntm.core.concurrency import StaleEdit
from ntm.core.errors import ApplicationError


def error(message: str, field: str | None = None) -> dict[str, Any]:
    return {"field": field, "message": str(message)}


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, Any]]:
    """DRF's nested error details as one list, each named by its path (``values[0].value``)."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            if key in ("non_field_errors", "detail"):
                out += _flatten(value, prefix)
            elif isinstance(key, int) or str(key).isdigit():  # an item of a list (``values[2]``)
                out += _flatten(value, f"{prefix}[{key}]")
            else:
                out += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(detail, list):
        if all(not isinstance(d, (dict, list)) for d in detail):
            return [error(str(d), prefix or None) for d in detail]
        out = []
        for i, item in enumerate(detail):
            if item:
                out += _flatten(item, f"{prefix}[{i}]")
        return out
    return [error(str(detail), prefix or None)]


class FieldError(ApplicationError):
    """A service's refusal placed at the input it is about (``field``)."""

    def __init__(self, message: str, field: str | None, extra: dict[str, Any] | None = None):
        super().__init__(message, extra)
        self.field = field


class ChecksRefused(ApplicationError):
    """A workflow step refused by the file's checks (``selectors.step_checks``): 409, with their codes."""

    def __init__(self, message: str, checks: list[str]):
        super().__init__(message, {"checks": checks})
        self.checks = checks


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "If-Match"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "If-Match"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "Payload too large"


class Conflict(exceptions.APIException):
    """A new record whose key another one holds already: 409 (correct that one instead)."""

    status_code = 409
    default_detail = "Conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleEdit):
        return Response(
            {
                "errors": [error(exc.message)],
                "changes": [{"key": c.key, "opened": c.opened, "now": c.now} for c in exc.changes],
            },
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
    if isinstance(exc, ChecksRefused):
        return Response(
            {"errors": [error(exc.message)], "checks": exc.checks},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, FieldError):
        return Response({"errors": [error(exc.message, exc.field)]}, status=400)
    if isinstance(exc, ApplicationError):
        return Response({"errors": [error(exc.message)]}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's 500, logged as any other
    if isinstance(exc, exceptions.NotAuthenticated):
        detail: Any = _("Cần đăng nhập: gửi khoá API trong tiêu đề “Authorization: Token <khoá>”.")
    elif isinstance(exc, exceptions.AuthenticationFailed):
        detail = _("Khoá API không đúng, đã bị thu hồi hoặc đã hết hạn, hoặc tài khoản đã bị khoá.")
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait) if exc.wait is not None else 1
        detail = _("Quá nhiều yêu cầu; hãy thử lại sau %(n)s giây.") % {"n": max(wait, 1)}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    response.data = {"errors": _flatten(detail) or [error(str(detail))]}
    return response
