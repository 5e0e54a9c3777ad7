"""Publishing a province's final year as open data, and withdrawing it (công bố, thu hồi).

Both are the province office's (``Action.PUBLISH``, checked with role and
scope by ``accounts.services.ensure_can`` inside the transaction) and both are
recorded in the change log (``core.audit.change_record``). A year is published
only when it is final (``selectors.year_final``); the public pages ask again
at every request, so a year that stops being final is no longer shown.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.services import Action, ensure_can
from ntm.core.audit import change_record, snapshot
from ntm.core.errors import ApplicationError
from ntm.opendata.models import Publication
from ntm.opendata.selectors import year_final
from ntm.units.models import AdminUnit

FIELDS = ("licence", "published_at", "published_by", "withdrawn_at")


def _check(user: Any, province: AdminUnit) -> None:
    ensure_can(user, Action.PUBLISH, province)
    if province.level != AdminUnit.Level.PROVINCE:
        raise ApplicationError(_("Chỉ tỉnh công bố dữ liệu mở của tỉnh."))


@transaction.atomic
def publication_publish(*, user: Any, province: AdminUnit, year: int) -> Publication:
    """Publish ``province``'s ``year`` under the licence of ``NTM_OPEN_DATA_LICENCE``.

    Refused unless every commune's standard file of the year is appraised or
    recognised; publishing a withdrawn year again opens it again.
    """
    _check(user, province)
    if not year_final(province=province, year=year):
        raise ApplicationError(
            _(
                "Chưa công bố được năm %(year)s: số liệu chưa chính thức (còn xã chưa có hồ sơ "
                "được tỉnh thẩm định hoặc công nhận)."
            )
            % {"year": year}
        )
    existing = Publication.objects.select_for_update().filter(province=province, year=year).first()
    if existing is not None and existing.withdrawn_at is None:
        raise ApplicationError(_("Năm %(year)s đã được công bố.") % {"year": year})
    before = snapshot(existing, FIELDS) if existing is not None else None
    publication = existing or Publication(province=province, year=year)
    publication.licence = settings.NTM_OPEN_DATA_LICENCE
    publication.published_at = timezone.now()
    publication.published_by = user if getattr(user, "is_authenticated", False) else None
    publication.withdrawn_at = None
    publication.save()
    change_record(
        obj=publication,
        action="update" if existing is not None else "create",
        user=user,
        before=before,
        after=snapshot(publication, FIELDS),
        reason=_("Công bố dữ liệu mở"),
    )
    return publication


@transaction.atomic
def publication_withdraw(
    *, user: Any, province: AdminUnit, year: int, reason: str = ""
) -> Publication:
    """Withdraw ``province``'s published ``year``: its public pages and files answer 404."""
    _check(user, province)
    publication = (
        Publication.objects.select_for_update()
        .filter(province=province, year=year, withdrawn_at__isnull=True)
        .first()
    )
    if publication is None:
        raise ApplicationError(_("Năm %(year)s chưa được công bố.") % {"year": year})
    before = snapshot(publication, FIELDS)
    publication.withdrawn_at = timezone.now()
    publication.save(update_fields=["withdrawn_at"])
    change_record(
        obj=publication,
        action="update",
        user=user,
        before=before,
        after=snapshot(publication, FIELDS),
        reason=reason or _("Thu hồi dữ liệu mở"),
    )
    return publication
