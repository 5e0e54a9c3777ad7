"""The one error type of the application (see docs/architecture.md)."""

from typing import Any


class ApplicationError(Exception):
    """A refusal that a user should read: a clear message and optional details."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
