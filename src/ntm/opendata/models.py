"""Open data (dữ liệu mở): a province's year that its office has made public.

A publication is the province's decision to show one year's final figures to
anyone, without a login, under a licence. Withdrawing it keeps the row (when,
by whom) with ``withdrawn_at`` set, so that the change log and the row tell
the same story; publishing again clears it. Whether the year is still final
is asked again at every public request (``selectors.published_year``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.units.models import AdminUnit


class Publication(models.Model):
    """A province-year published as open data (công bố dữ liệu mở), with its licence."""

    province = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    licence = models.CharField(_("giấy phép"), max_length=200)
    published_at = models.DateTimeField(_("công bố lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công bố"),
    )
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công bố dữ liệu mở")
        verbose_name_plural = _("công bố dữ liệu mở")
        ordering = ["province__code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"], name="publication_unique_province_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province.name} – {self.year}"
