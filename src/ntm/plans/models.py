"""Plans (kế hoạch): a year's targets for a province or district, and its target communes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.units.models import AdminUnit


class Target(models.Model):
    """A planned value for one row of the appendix table (e.g. "2.1" communes meeting standard)."""

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="targets", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"), db_index=True)
    row_id = models.CharField(
        _("dòng của biểu"),
        max_length=30,
        help_text=_("Mã dòng của biểu chi tiết: 1, 2.1 … 2.19, 3.1 … 3.19."),
    )
    value = models.DecimalField(_("chỉ tiêu"), max_digits=12, decimal_places=2)
    # A range ("từ 1-1,5 tiêu chí", "5 - 10 sản phẩm"): ``value`` is the low bound, ``high``
    # the high one (plans.rows.target_high_problem); empty for a single figure.
    high = models.DecimalField(
        _("cận trên"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(
        _("ghi chú"),
        max_length=300,
        blank=True,
        help_text=_("Văn bản của kế hoạch nêu chỉ tiêu, ví dụ danh sách thôn theo kế hoạch số …"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["unit", "year", "row_id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "row_id"], name="target_unique_row")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} [{self.row_id}] = {self.value}"


class TargetCommune(models.Model):
    """A commune the plan names as striving for a title that year (xã phấn đấu đạt chuẩn)."""

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị lập kế hoạch")
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"), db_index=True)
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="target_plans", verbose_name=_("xã")
    )
    title = models.CharField(_("danh hiệu phấn đấu"), max_length=12, default="dat_chuan")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("xã phấn đấu đạt chuẩn")
        verbose_name_plural = _("xã phấn đấu đạt chuẩn")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "commune", "title"], name="target_commune_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.commune.name}"
