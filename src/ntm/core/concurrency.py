"""Edits carry the state they started from, so that nobody's change is silently undone.

A page that edits several stored values (the entry form of a criterion group,
a year's plan, the report's texts) carries a *version*: the values as they
were when the page was opened, signed so that a browser cannot forge it
(:func:`version_token`). The service that saves reads the values again inside
its transaction, after locking what it writes, and refuses with
:class:`StaleEdit` when any of them changed since (:func:`ensure_current`):
the officer sees what changed and saves again on the new values.

State is a plain mapping of keys (one per stored value) to text.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.translation import gettext as _

from ntm.core.errors import ApplicationError

_SALT = "ntm.core.concurrency"


@dataclass(frozen=True)
class Change:
    """One stored value that changed since the page was opened."""

    key: str
    opened: str | None
    now: str | None


class StaleEdit(ApplicationError):
    """Someone changed what this page edits since it was opened; ``changes`` say what."""

    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        super().__init__(
            _(
                "Chưa lưu: người khác đã thay đổi số liệu này từ lúc bạn mở trang "
                "(%(n)s mục). Trang đã hiện số liệu mới nhất; hãy xem lại rồi lưu lần nữa."
            )
            % {"n": len(changes)},
            extra={"changes": [(c.key, c.opened, c.now) for c in changes]},
        )


def version_token(state: Mapping[str, str]) -> str:
    """The signed version a page carries: the state it shows.

    The same state always gives the same token (no time stamp, keys in order),
    so that it serves as the ETag of what an API client reads and writes.
    """
    return signing.Signer(salt=_SALT).sign_object(dict(sorted(state.items())), compress=True)


def version_state(token: str) -> dict[str, str] | None:
    """The state a version token carries; None for a missing or forged token."""
    if not token:
        return None
    try:
        data: Any = signing.Signer(salt=_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): (None if v is None else str(v)) for k, v in data.items()}


def state_changes(opened: Mapping[str, str | None], now: Mapping[str, str | None]) -> list[Change]:
    """The keys whose value differs between the two states, in key order."""
    keys = sorted(set(opened) | set(now))
    return [Change(k, opened.get(k), now.get(k)) for k in keys if opened.get(k) != now.get(k)]


def ensure_current(*, token: str | None, now: Mapping[str, str | None]) -> None:
    """Refuse (StaleEdit) when the page's version differs from the stored state ``now``.

    ``token`` None means the caller edits without a page (an import, a command):
    nothing to compare. A forged or unreadable token is refused as stale.
    """
    if token is None:
        return
    opened = version_state(token)
    if opened is None:
        raise ApplicationError(
            _("Trang đã cũ hoặc không hợp lệ; hãy tải lại trang rồi lưu lần nữa.")
        )
    changes = state_changes(opened, now)
    if changes:
        raise StaleEdit(changes)
