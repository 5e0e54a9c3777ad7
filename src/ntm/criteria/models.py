"""The criteria catalogue (bộ tiêu chí): versioned sets, their criteria, indicators and thresholds.

Sets are data, loaded from YAML files shipped in ``ntm/data/criteria/``; code
never assumes how many criteria or indicators a set has.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ntm.units.models import AdminUnit, Region


class CriteriaSet(models.Model):
    """A criteria set in force for a period, e.g. QĐ 1980/QĐ-TTg for 2016-2020.

    A year belongs to exactly one set per level, kind and issuer (the nation or
    one province): the loader refuses a set whose period overlaps another's.
    ``threshold_classification`` names the unit classification that chooses
    its thresholds besides the region (``nhom_xa``, the commune group of the
    2026-2030 set); ``region_rules`` say which classified units apply another
    region's thresholds (QĐ 318: extremely disadvantaged communes apply those
    of the Northern Midlands and Mountains).
    """

    class Level(models.TextChoices):
        VILLAGE = "thon", _("Thôn, bản")
        COMMUNE = "xa", _("Xã")
        DISTRICT = "huyen", _("Huyện")
        PROVINCE = "tinh", _("Tỉnh")

        @classmethod
        def of_unit(cls, unit_level: int) -> "CriteriaSet.Level":
            """The level of the sets that assess a unit of ``unit_level`` (AdminUnit.Level)."""
            return {
                AdminUnit.Level.PROVINCE: cls.PROVINCE,
                AdminUnit.Level.DISTRICT: cls.DISTRICT,
                AdminUnit.Level.COMMUNE: cls.COMMUNE,
                AdminUnit.Level.VILLAGE: cls.VILLAGE,
            }[unit_level]

    class SetKind(models.TextChoices):
        STANDARD = "standard", _("Đạt chuẩn")
        ADVANCED = "advanced", _("Nâng cao")
        MODEL = "model", _("Kiểu mẫu")
        MODERN = "modern", _("Hiện đại")

    code = models.CharField(_("mã bộ tiêu chí"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    level = models.CharField(
        _("cấp áp dụng"), max_length=20, choices=Level.choices, default=Level.COMMUNE
    )
    kind = models.CharField(
        _("loại bộ tiêu chí"), max_length=20, choices=SetKind.choices, default=SetKind.STANDARD
    )
    period_start = models.PositiveSmallIntegerField(_("năm đầu giai đoạn"))
    period_end = models.PositiveSmallIntegerField(_("năm cuối giai đoạn"))
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    province = models.ForeignKey(
        AdminUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("tỉnh (bộ tiêu chí của tỉnh)"),
        help_text=_("Để trống với bộ tiêu chí quốc gia."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    source_file = models.CharField(_("tệp nguồn"), max_length=200, blank=True)
    threshold_classification = models.CharField(
        _("phân loại chọn ngưỡng"),
        max_length=50,
        blank=True,
        help_text=_("Ví dụ 'nhom_xa': ngưỡng theo nhóm xã (bộ tiêu chí 2026-2030)."),
    )
    classes = models.JSONField(
        _("các nhóm của phân loại"),
        default=list,
        blank=True,
        help_text=_("Mã, tên và định nghĩa từng nhóm (ví dụ xã nhóm 1, 2, 3)."),
    )
    region_rules = models.JSONField(
        _("quy tắc áp dụng ngưỡng vùng"),
        default=list,
        blank=True,
        help_text=_("Đơn vị có phân loại nào áp dụng ngưỡng của vùng nào, theo căn cứ nào."),
    )
    conditions = models.JSONField(
        _("điều kiện công nhận"),
        default=list,
        blank=True,
        help_text=_(
            "Với bộ tiêu chí huyện: các điều kiện tính từ các xã, sự hài lòng của người dân "
            "và các tiêu chí của huyện (mã, tên, tỷ lệ tối thiểu, kiểm chứng, nguồn)."
        ),
    )

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["period_start", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def base_year(self) -> int:
        """The last year before the period: the baseline column of the appendix (2015 for 2016-2020)."""
        return self.period_start - 1


class CriterionGroup(models.Model):
    """A group (nhóm) of criteria, e.g. "Hạ tầng kinh tế - xã hội"."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="groups", verbose_name=_("bộ tiêu chí")
    )
    code = models.CharField(_("mã nhóm"), max_length=10)
    name = models.CharField(_("tên nhóm"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="group_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    """A criterion (tiêu chí), numbered within its set (1-19 for the commune sets)."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("bộ tiêu chí"),
    )
    group = models.ForeignKey(
        CriterionGroup, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("nhóm")
    )
    number = models.PositiveSmallIntegerField(_("số"))
    name = models.CharField(_("tên tiêu chí"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    short_name = models.CharField(
        _("tên viết tắt trong biểu"),
        max_length=100,
        blank=True,
        help_text=_("Tên dùng trong biểu chi tiết, ví dụ 'CSVC VH'."),
    )
    indicators_complete = models.BooleanField(
        _("đủ danh mục chỉ tiêu"),
        default=True,
        help_text=_(
            "Bỏ chọn khi NTM chưa có đủ các chỉ tiêu của quyết định: tiêu chí không bao giờ "
            "được tính là đạt từ các chỉ tiêu đã biết, cán bộ khai báo kết quả."
        ),
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criterion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def localized_name(self) -> str:
        """The name in the language of the page (English where the set gives it)."""
        if self.name_en and get_language() == "en":
            return self.name_en
        return self.name


#: The registries an indicator may take its value from (``Indicator.registry``): the count of
#: the commune's OCOP products holding a certificate in force at the year's end.
REGISTRY_SOURCES = [
    ("ocop_certified", _("Số sản phẩm OCOP có giấy chứng nhận còn hiệu lực của xã")),
]


class Indicator(models.Model):
    """An indicator (chỉ tiêu) of a criterion, with how its value is compared to a threshold."""

    class Kind(models.TextChoices):
        RATIO = "ratio", _("Tỷ lệ (%)")
        AMOUNT = "amount", _("Giá trị")
        COUNT = "count", _("Số lượng")
        BOOLEAN = "boolean", _("Đạt / Không đạt")

    class Op(models.TextChoices):
        GE = ">=", "≥"
        LE = "<=", "≤"
        GT = ">", ">"
        LT = "<", "<"
        EQ = "=", "="

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("tiêu chí")
    )
    code = models.CharField(_("mã chỉ tiêu"), max_length=20)
    content = models.TextField(_("nội dung"))
    unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    op = models.CharField(_("phép so sánh"), max_length=2, choices=Op.choices)
    secondary_label = models.CharField(_("chỉ tiêu phụ"), max_length=200, blank=True)
    secondary_op = models.CharField(
        _("phép so sánh chỉ tiêu phụ"), max_length=2, choices=Op.choices, blank=True
    )
    verified = models.BooleanField(
        _("đã kiểm chứng"),
        default=False,
        help_text=_("Mọi ngưỡng của chỉ tiêu đã được đối chiếu với nguồn."),
    )
    note = models.TextField(_("ghi chú nguồn"), blank=True)
    sources = models.CharField(_("nguồn"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    registry = models.CharField(
        _("lấy giá trị từ sổ đăng ký"),
        max_length=30,
        blank=True,
        choices=REGISTRY_SOURCES,
        help_text=_("Giá trị của chỉ tiêu lấy từ một sổ của NTM, ví dụ số sản phẩm OCOP của xã."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["criterion__criteria_set", "criterion__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.content[:80]}"


class Threshold(models.Model):
    """The value an indicator must reach: national, a region's, a commune group's, or a province's own.

    The most specific applies: province > commune group > region > national
    (see evaluation.engine). ``commune_group`` is a class code of the set's
    ``threshold_classification`` (xã nhóm "1", "2", "3" in 2026-2030).
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="thresholds", verbose_name=_("chỉ tiêu")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("vùng")
    )
    province = models.ForeignKey(
        AdminUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("tỉnh (ngưỡng riêng)"),
    )
    commune_group = models.CharField(_("nhóm xã"), max_length=20, blank=True)
    value_number = models.DecimalField(
        _("ngưỡng (số)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    value_text = models.CharField(
        _("ngưỡng (chữ)"), max_length=50, blank=True, help_text=_("'Đạt' hoặc 'Không'.")
    )
    secondary_number = models.DecimalField(
        _("ngưỡng chỉ tiêu phụ"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    verified = models.BooleanField(_("đã kiểm chứng"), default=False)

    class Meta:
        verbose_name = _("ngưỡng")
        verbose_name_plural = _("ngưỡng")

    def __str__(self) -> str:
        scope = (
            self.province
            or self.region
            or (
                _("nhóm %(g)s") % {"g": self.commune_group}
                if self.commune_group
                else _("Chung cả nước")
            )
        )
        value = self.value_text or (self.value_number if self.value_number is not None else "—")
        return f"{self.indicator.code} {scope}: {self.indicator.op} {value}"


class CriterionLink(models.Model):
    """A crosswalk link: which criterion of the previous period a criterion continues.

    Loaded from the crosswalk files (``crosswalk-<old>-<new>.yaml``, one per
    pair of periods); a criterion new in its period has one link without
    ``previous``. ``verified`` says the pairing and its relation were checked
    against a source; an analyst's proposal is not verified. The trend of a
    criterion across periods continues through its links, with a break in
    series unless the definition is the same and verified.
    """

    class Relation(models.TextChoices):
        SAME = "same", _("Giữ nguyên định nghĩa")
        CHANGED = "changed", _("Định nghĩa thay đổi")
        MERGED = "merged", _("Gộp từ nhiều tiêu chí")
        NEW = "new", _("Tiêu chí mới")

    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        related_name="links_back",
        verbose_name=_("tiêu chí (giai đoạn mới)"),
    )
    previous = models.ForeignKey(
        Criterion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links_forward",
        verbose_name=_("tiêu chí giai đoạn trước"),
        help_text=_("Để trống khi tiêu chí là mới."),
    )
    relation = models.CharField(_("quan hệ"), max_length=10, choices=Relation.choices)
    verified = models.BooleanField(
        _("đã kiểm chứng"),
        default=False,
        help_text=_("Tương ứng và quan hệ đã được đối chiếu với nguồn."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    sources = models.CharField(_("nguồn"), max_length=300, blank=True)
    source_file = models.CharField(_("tệp nguồn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tương ứng tiêu chí giữa hai giai đoạn")
        verbose_name_plural = _("tương ứng tiêu chí giữa hai giai đoạn")
        ordering = ["criterion__criteria_set", "criterion__number", "previous__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "previous"], name="criterion_link_unique_pair"
            )
        ]

    def __str__(self) -> str:
        old = f"{self.previous.criteria_set.code} {self.previous.number}" if self.previous else "—"
        return f"{self.criterion.criteria_set.code} {self.criterion.number} ← {old}"
