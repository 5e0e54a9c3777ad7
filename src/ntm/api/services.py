"""API tokens (khoá truy cập API): created and revoked by their owner or an administrator.

Tokens are django-rest-knox's: only a hash of each is stored, so the token
itself is shown once, when it is created, and never again. Each creation and
revocation is written to the change log (``core.audit``), named by the token's
first characters (the part knox stores in clear to find it), never its hash.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken
from knox.settings import knox_settings

from ntm.core.audit import change_entry
from ntm.core.errors import ApplicationError

#: The lives a token may be given, in days (the page's choices; None: until revoked).
TOKEN_DAYS = (30, 90, 365)


def _may_manage(actor: Any, owner: Any) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and (actor.pk == owner.pk or getattr(actor, "is_superuser", False))
    )


def _record(token: AuthToken, *, action: str, user: Any, before: Any, after: Any) -> None:
    entry = change_entry(
        obj=token,
        action=action,
        user=user,
        before=before,
        after=after,
        label=_("Khoá API %(key)s… của %(user)s") % {"key": token.token_key, "user": token.user},
    )
    entry.object_id = token.token_key  # the digest is a secret's hash: kept out of the log
    entry.save()


def _facts(token: AuthToken) -> dict[str, Any]:
    return {
        "user": token.user_id,
        "token_key": token.token_key,
        "expiry": token.expiry.isoformat() if token.expiry else None,
    }


@transaction.atomic
def api_token_create(*, owner: Any, user: Any, days: int | None = 90) -> tuple[AuthToken, str]:
    """A new token for ``owner``; returns the row and the token, shown once and never stored.

    ``user`` (who asks) is the owner or a superuser. ``days`` None: the token
    lives until revoked (an administrator's choice for a system account).
    """
    if not _may_manage(user, owner):
        raise ApplicationError(_("Bạn không có quyền tạo khoá API cho tài khoản này."))
    if not owner.is_active:
        raise ApplicationError(_("Tài khoản đã bị khoá; không tạo được khoá API."))
    if days is not None and days not in TOKEN_DAYS:
        raise ApplicationError(_("Thời hạn không hợp lệ."), {"field": "days"})
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    in_force = AuthToken.objects.filter(user=owner).exclude(expiry__lt=timezone.now())
    if limit is not None and in_force.count() >= limit:
        raise ApplicationError(
            _("Tài khoản đã có %(n)s khoá; hãy thu hồi một khoá trước khi tạo khoá mới.")
            % {"n": limit}
        )
    expiry = datetime.timedelta(days=days) if days is not None else None
    token, text = AuthToken.objects.create(user=owner, expiry=expiry)
    _record(token, action="create", user=user, before=None, after=_facts(token))
    return token, text


@transaction.atomic
def api_token_revoke(*, token: AuthToken, user: Any) -> None:
    """Revoke (delete) a token: it stops working at once."""
    if not _may_manage(user, token.user):
        raise ApplicationError(_("Bạn không có quyền thu hồi khoá API này."))
    _record(token, action="delete", user=user, before=_facts(token), after=None)
    token.delete()
