"""Who is told of a workflow step (thông báo), in the app and, where mail is set up, by e-mail.

The people who act next, or whose file it is, are told:

* submitted (xã gửi): the district's officers, who review it;
* reviewed and forwarded (huyện chuyển tỉnh): the province's officers, who appraise it;
* appraised, recognised (tỉnh thẩm định, công nhận): the commune's and the district's officers;
* returned or reopened (trả lại, mở lại): the commune's officers, and the district's when the
  province returns it.

An officer is told of a file when their unit is the commune or contains it;
nobody is told of their own step.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from ntm.accounts.services import Action, Role
from ntm.assessments.models import Notification, Transition

log = logging.getLogger(__name__)

#: For each action, the roles told of it.
AUDIENCE: dict[str, frozenset[str]] = {
    Action.SUBMIT: frozenset({Role.DISTRICT}),
    Action.REVIEW: frozenset({Role.PROVINCE}),
    Action.APPRAISE: frozenset({Role.COMMUNE, Role.DISTRICT}),
    Action.RECOGNISE: frozenset({Role.COMMUNE, Role.DISTRICT}),
    Action.RETURN: frozenset({Role.COMMUNE}),
    Action.REOPEN: frozenset({Role.COMMUNE}),
}


def _recipients(transition: Transition) -> list[Any]:
    roles = set(AUDIENCE.get(transition.action, frozenset()))
    if transition.action == Action.RETURN and transition.from_state != "submitted":
        roles.add(Role.DISTRICT)  # the province returns a file the district forwarded
    if not roles:
        return []
    commune = transition.assessment.commune
    units = [u.pk for u in commune.ancestors()] + [commune.pk]
    users = get_user_model().objects.filter(
        is_active=True, profile__role__in=roles, profile__unit_id__in=units
    )
    if transition.user_id is not None:
        users = users.exclude(pk=transition.user_id)
    return list(users.order_by("pk"))


def transition_notify(*, transition: Transition) -> int:
    """Write the inbox rows of a step (in the caller's transaction); e-mail after commit.

    Returns how many officers are told.
    """
    users = _recipients(transition)
    Notification.objects.bulk_create(
        [Notification(user=u, transition=transition) for u in users], ignore_conflicts=True
    )
    if settings.NTM_MAIL_CONFIGURED:
        addressed = [u for u in users if u.email]
        if addressed:
            transaction.on_commit(lambda: _mail(transition.pk, [u.email for u in addressed]))
    return len(users)


def _mail(transition_id: int, addresses: list[str]) -> None:
    """One e-mail per officer; a mail server that fails is logged, never fails the step."""
    from ntm.assessments.selectors import notification_text

    transition = Transition.objects.select_related("assessment__commune", "user").get(
        pk=transition_id
    )
    subject, body = notification_text(transition=transition)
    messages = [(subject, body, None, [address]) for address in addresses]
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        log.exception("Không gửi được thư thông báo bước %s", transition_id)


@transaction.atomic
def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all, or those of ``ids``) as read; how many were unread."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
