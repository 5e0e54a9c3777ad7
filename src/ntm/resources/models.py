"""The programme's resources: funds by source (nguồn vốn) and the support of the units
assigned to help a commune (đơn vị phụ trách xã).

Amounts are in triệu đồng (million đồng) with two decimals, as the provinces' reports
write them. Sources are ``resources.sources``; their sums for the report are computed
by ``reports.narrative_resources`` from the rows read by ``resources.selectors``.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.resources import sources
from ntm.units.models import AdminUnit


class Fund(models.Model):
    """The money of one source a unit manages in a year: allocated and disbursed (triệu đồng).

    ``unit`` is the level that manages the money: the province for the central budget it
    allocates, a district or a commune for its own budget; the Quỹ xây dựng nông thôn mới
    is recorded by level (its province's and its districts' rows). ``tw_dtpt_dp`` is the
    contingency inside ``tw_dtpt`` (never added to a total again).
    """

    class Source(models.TextChoices):
        TW_DTPT = sources.TW_DTPT, _("Ngân sách Trung ương – vốn đầu tư phát triển")
        TW_DTPT_DP = sources.TW_DTPT_DP, _("trong đó vốn dự phòng")
        TW_SN = sources.TW_SN, _("Ngân sách Trung ương – vốn sự nghiệp")
        DIA_PHUONG = sources.DIA_PHUONG, _("Ngân sách địa phương")
        LONG_GHEP = sources.LONG_GHEP, _("Lồng ghép")
        TIN_DUNG = sources.TIN_DUNG, _("Tín dụng")
        DOANH_NGHIEP = sources.DOANH_NGHIEP, _("Doanh nghiệp, hợp tác xã")
        CONG_DONG = sources.CONG_DONG, _("Cộng đồng dân cư")
        QUY_NTM = sources.QUY_NTM, _("Quỹ xây dựng nông thôn mới")
        KHAC = sources.KHAC, _("Khác")

    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="funds", verbose_name=_("đơn vị")
    )
    source = models.CharField(_("nguồn vốn"), max_length=20, choices=Source.choices)
    level = models.PositiveSmallIntegerField(
        _("cấp quản lý vốn"),
        choices=AdminUnit.Level.choices,
        help_text=_(
            "Cấp của đơn vị (mặc định). Dòng tổng hợp của các đơn vị cấp dưới chưa tách được "
            "theo từng đơn vị (ví dụ Quỹ nông thôn mới cấp huyện của cả tỉnh) ghi ở đơn vị cấp "
            "trên với cấp của chúng."
        ),
    )
    allocated = models.DecimalField(
        _("kế hoạch vốn (triệu đồng)"), max_digits=14, decimal_places=sources.PLACES
    )
    disbursed = models.DecimalField(
        _("giải ngân (triệu đồng)"),
        max_digits=14,
        decimal_places=sources.PLACES,
        null=True,
        blank=True,
    )
    as_of = models.DateField(_("giải ngân đến ngày"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("nguồn vốn")
        verbose_name_plural = _("nguồn vốn")
        ordering = ["year", "unit__path", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "source", "level"], name="fund_unique_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year} – {self.unit}"

    @staticmethod
    def year_end(year: int) -> datetime.date:
        """The default ``as_of``: 31/12 of the year."""
        return datetime.date(year, 12, 31)


class Support(models.Model):
    """What a unit assigned to help a commune (đơn vị phụ trách xã) gave it in a year.

    Cash (tiền mặt), goods in kind valued in money (vật chất khác quy ra tiền) and
    materials valued in money (vật liệu quy ra tiền), in triệu đồng. ``commune`` is a xã;
    a summary row whose split by commune is unknown may name a district or the province
    (docs/formats.md, ``support``): the report counts it the same.
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    sponsor = models.CharField(_("đơn vị phụ trách"), max_length=200)
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="supports", verbose_name=_("xã")
    )
    cash = models.DecimalField(
        _("tiền mặt (triệu đồng)"), max_digits=14, decimal_places=sources.PLACES
    )
    in_kind = models.DecimalField(
        _("vật chất khác quy ra tiền (triệu đồng)"), max_digits=14, decimal_places=sources.PLACES
    )
    materials = models.DecimalField(
        _("vật liệu quy ra tiền (triệu đồng)"), max_digits=14, decimal_places=sources.PLACES
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hỗ trợ xã")
        verbose_name_plural = _("hỗ trợ xã")
        ordering = ["year", "commune__path", "sponsor"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sponsor", "commune"], name="support_unique_sponsor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} – {self.commune} ({self.year})"
