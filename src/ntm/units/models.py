"""Administrative units (đơn vị hành chính) and the socio-economic regions.

Units form a tree of any depth (province → district → commune → village, or
province → commune after the 2025 reform). Each row is one *version* of a unit,
valid from ``valid_from`` (inclusive, null = since before the first list) to
``valid_to`` (exclusive, null = still valid), so that a merger or a reform is
recorded without losing the tree that earlier years' data refer to.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ntm.units.names import unit_title


class Region(models.Model):
    """A socio-economic region (vùng) whose thresholds apply to its communes."""

    code = models.CharField(_("mã vùng"), max_length=20, unique=True)
    name = models.CharField(_("tên vùng"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("vùng")
        verbose_name_plural = _("vùng kinh tế - xã hội")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet["AdminUnit"]):
    def valid_on(self, day: datetime.date) -> "UnitQuerySet":
        """Versions in force on ``day``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        )

    def valid_in_year(self, year: int) -> "UnitQuerySet":
        """Versions in force at some time during ``year``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gt=datetime.date(year, 1, 1)),
        )

    def communes(self) -> "UnitQuerySet":
        """Rural communes (xã), the units assessed by the programme."""
        return self.filter(kind=AdminUnit.Kind.COMMUNE)

    def within(self, unit: "AdminUnit") -> "UnitQuerySet":
        """``unit`` and every unit below it."""
        return self.filter(path__startswith=unit.path)


class AdminUnit(models.Model):
    """One version of an administrative unit with its official code."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện")
        COMMUNE = 3, _("Cấp xã")
        VILLAGE = 4, _("Thôn, xóm")

    class Kind(models.TextChoices):
        PROVINCE = "tinh", _("Tỉnh")
        CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
        URBAN_DISTRICT = "quan", _("Quận")
        DISTRICT = "huyen", _("Huyện")
        PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
        TOWN = "thi_xa", _("Thị xã")
        COMMUNE = "xa", _("Xã")
        WARD = "phuong", _("Phường")
        TOWNSHIP = "thi_tran", _("Thị trấn")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")
        VILLAGE = "thon", _("Thôn, xóm, bản")

    code = models.CharField(_("mã"), max_length=20, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    province = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh"),
        help_text=_("Tỉnh chứa đơn vị (chính nó với cấp tỉnh)."),
    )
    path = models.CharField(
        _("đường dẫn"),
        max_length=200,
        db_index=True,
        editable=False,
        help_text=_("Chuỗi id từ gốc, dùng để lọc cây con."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến (không kể)"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        verbose_name=_("phiên bản trước"),
    )
    source_list = models.CharField(_("danh mục nguồn"), max_length=20, blank=True)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("vùng"),
        help_text=_(
            "Với tỉnh: vùng có ngưỡng áp dụng. Với xã: chỉ điền khi xã áp dụng ngưỡng của vùng khác."
        ),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "source_list"], name="unit_unique_code_per_list"
            ),
        ]

    def __str__(self) -> str:
        return unit_title(self.kind, self.name)

    def threshold_region(self) -> Region | None:
        """The region whose thresholds apply: the unit's own override, else its province's."""
        if self.region_id:
            return self.region
        if self.province_id and self.province_id != self.pk:
            return self.province.region
        return None

    def ancestors(self) -> list["AdminUnit"]:
        ids = [int(x) for x in self.path.strip("/").split("/") if x]
        by_id = AdminUnit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id and i != self.pk]


class Classification(models.Model):
    """A dated classification a unit carries, e.g. "xã đặc biệt khó khăn khu vực biên giới".

    ``code`` is the kind of classification (``nhom_xa``, ``xa_dbkk``,
    ``bien_gioi``, ``an_toan_khu``, ``khu_vuc_dtts``; see
    ``units.classifications``) and ``value`` the class within it ("1", "2",
    "3" for the commune group; "III" for an ethnic-area region). A
    classification counts for an assessment year when it is in force on
    31/12 of that year.
    """

    unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="classifications",
        verbose_name=_("đơn vị"),
    )
    code = models.CharField(_("mã phân loại"), max_length=50)
    value = models.CharField(_("nhóm"), max_length=20, blank=True)
    name = models.CharField(_("phân loại"), max_length=300)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân loại đơn vị")
        verbose_name_plural = _("phân loại đơn vị")
        indexes = [models.Index(fields=["unit", "code"])]

    def __str__(self) -> str:
        return f"{self.unit.name}: {self.name}"


class UnitListLoad(models.Model):
    """That an official list was loaded for a province, so that lists are applied in order.

    A list older than one already applied would undo a merger; it is refused,
    and loading again a list already applied before a newer one changes nothing.
    """

    province_code = models.CharField(_("mã tỉnh"), max_length=20)
    list_name = models.CharField(_("danh mục"), max_length=20)
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nạp danh mục")
        verbose_name_plural = _("các lần nạp danh mục")
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "list_name"], name="unit_list_load_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_code}: {self.list_name}"


class UnitLineage(models.Model):
    """That a unit of a later list took in the territory of an earlier one, whole or in part.

    Recorded when a list is loaded, from the official conversion table of that
    change (``units.lineage``): the new Tỉnh Thái Nguyên of 01/07/2025 has as
    predecessors the former Thái Nguyên and Bắc Kạn, each whole; a new commune
    has its former communes, whole (nhập toàn bộ) or in part (nhập một phần).
    A renamed or moved unit's new version has its old version as predecessor,
    whole. Figures of a past year on a later map follow these links
    (``units.selectors.territory``).
    """

    predecessor = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="successor_links",
        verbose_name=_("đơn vị trước"),
    )
    successor = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("đơn vị sau"),
    )
    whole = models.BooleanField(
        _("nhập toàn bộ"), help_text=_("Sai khi chỉ một phần đơn vị trước nhập vào đơn vị sau.")
    )
    effective = models.DateField(_("ngày có hiệu lực"))
    resolution = models.CharField(_("căn cứ"), max_length=300, blank=True)
    list_name = models.CharField(_("danh mục"), max_length=20)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_lineage_once")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
