"""OCOP (Mỗi xã một sản phẩm): producers, products, ratings by round and certificates.

The rules (groups, score sheets, bands, levels, validity) are in ``ntm.ocop.rules``
with their sources (reference/ocop/README.md). A rating stores the sheet code
and the stars computed from its part scores; re-rating adds a rating, so the
history stays.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.ocop.rules import GROUPS, LEVEL_NAMES, PRODUCER_KINDS, SHEETS
from ntm.units.models import AdminUnit


class Producer(models.Model):
    """A producer (chủ thể OCOP): cooperative, enterprise, household or cooperative group."""

    name = models.CharField(_("tên chủ thể"), max_length=300)
    kind = models.CharField(
        _("loại chủ thể"), max_length=20, choices=list(PRODUCER_KINDS.items()), blank=True
    )
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("xã")
    )

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="ocop_producer_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product of the OCOP registry, its group (QĐ 919/2022) and its home commune (xã)."""

    class Dossier(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        PRECHECKED = "prechecked", _("Xã đã kiểm tra hồ sơ")

    code = models.CharField(_("mã sản phẩm"), max_length=40, unique=True)
    name = models.CharField(_("tên sản phẩm"), max_length=300)
    group = models.CharField(_("nhóm sản phẩm"), max_length=20, choices=list(GROUPS.items()))
    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="ocop_products", verbose_name=_("xã")
    )
    producer = models.ForeignKey(
        Producer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("chủ thể"),
    )
    dossier = models.CharField(
        _("hồ sơ"), max_length=12, choices=Dossier.choices, default=Dossier.REGISTERED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Rating(models.Model):
    """One round's rating of a product (đánh giá, phân hạng): sheet, part scores, stars, level."""

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("sản phẩm")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"), db_index=True)
    rated_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    sheet = models.CharField(
        _("bộ tiêu chí"), max_length=20, choices=[(s.code, s.legal_basis) for s in SHEETS]
    )
    level = models.CharField(_("cấp đánh giá"), max_length=12, choices=list(LEVEL_NAMES.items()))
    score_a = models.DecimalField(_("điểm phần A"), max_digits=5, decimal_places=2)
    score_b = models.DecimalField(_("điểm phần B"), max_digits=5, decimal_places=2)
    score_c = models.DecimalField(_("điểm phần C"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    mandatory_failed = models.BooleanField(_("không đạt tiêu chí bắt buộc"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả đánh giá OCOP")
        verbose_name_plural = _("kết quả đánh giá OCOP")
        ordering = ["product", "year"]
        constraints = [
            models.UniqueConstraint(fields=["product", "year"], name="ocop_rating_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.product.code} {self.year}: {self.stars}★"

    @property
    def commune(self) -> AdminUnit:
        """The unit that decides scope (``accounts.services``): the product's commune."""
        return self.product.commune


class Certificate(models.Model):
    """A certificate (giấy chứng nhận) of a 3★+ rating: valid 36 months, may be revoked."""

    rating = models.OneToOneField(
        Rating, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("kết quả")
    )
    number = models.CharField(_("số giấy chứng nhận"), max_length=80)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có giá trị đến"), db_index=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoke_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giấy chứng nhận OCOP")
        verbose_name_plural = _("giấy chứng nhận OCOP")
        ordering = ["valid_until"]

    def __str__(self) -> str:
        return self.number

    @property
    def commune(self) -> AdminUnit:
        """The unit that decides scope (``accounts.services``): the product's commune."""
        return self.rating.product.commune
