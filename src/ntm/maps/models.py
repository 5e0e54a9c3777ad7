"""Boundaries of administrative units (ranh giới hành chính), loaded from a file with its licence.

NTM ships no boundaries: an office loads the ones it may use (its province's
own, the statistics office's) with ``ntm loadmap``, and the licence and source
it gives are printed wherever the map is drawn (docs/maps.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.units.lists import UNIT_LISTS
from ntm.units.models import AdminUnit


class BoundarySet(models.Model):
    """A loaded boundary file: the units of one official list's map, its licence and source."""

    name = models.CharField(_("tên bản đồ"), max_length=200, unique=True)
    list_name = models.CharField(
        _("danh mục đơn vị"),
        max_length=20,
        choices=[(name, name) for name in UNIT_LISTS],
        help_text=_("Danh mục đơn vị hành chính mà mã trong tệp thuộc về."),
    )
    licence = models.CharField(_("giấy phép"), max_length=500)
    source = models.CharField(_("nguồn"), max_length=1000, help_text=_("Địa chỉ hoặc trích dẫn."))
    file_name = models.CharField(_("tệp"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nạp"),
    )

    class Meta:
        verbose_name = _("bản đồ ranh giới")
        verbose_name_plural = _("bản đồ ranh giới")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Boundary(models.Model):
    """One unit's boundary in a set: a GeoJSON Polygon or MultiPolygon in lon/lat, its box."""

    boundary_set = models.ForeignKey(
        BoundarySet,
        on_delete=models.CASCADE,
        related_name="boundaries",
        verbose_name=_("bản đồ"),
    )
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    geometry = models.JSONField(_("hình (GeoJSON)"))
    min_lon = models.FloatField(_("kinh độ nhỏ nhất"))
    min_lat = models.FloatField(_("vĩ độ nhỏ nhất"))
    max_lon = models.FloatField(_("kinh độ lớn nhất"))
    max_lat = models.FloatField(_("vĩ độ lớn nhất"))

    class Meta:
        verbose_name = _("ranh giới")
        verbose_name_plural = _("ranh giới")
        constraints = [
            models.UniqueConstraint(fields=["boundary_set", "unit"], name="boundary_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.boundary_set.name}: {self.unit}"
