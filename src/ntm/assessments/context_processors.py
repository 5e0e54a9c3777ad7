"""What every page shows of the user's work: files waiting for them, unread notifications."""

from typing import Any

from django.http import HttpRequest

from ntm.assessments import selectors


def inbox(request: HttpRequest) -> dict[str, Any]:
    """``worklist_count`` (beside "Việc cần làm") and ``notifications_unread``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "profile"):
        return {}
    return {
        "worklist_count": selectors.worklist_count(user=user),
        "notifications_unread": selectors.notifications_unread(user=user),
    }
