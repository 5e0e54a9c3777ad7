"""A commune's assessment for a year (đánh giá xã): values, criterion statuses, evidence, workflow.

Statuses are computed by the pure rules core (``ntm.evaluation``) or declared
by an officer; both are kept so that a disagreement can be shown.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.files import private_name
from ntm.criteria.models import CriteriaSet, Criterion, Indicator
from ntm.units.models import AdminUnit


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def standard(self) -> "AssessmentQuerySet":
        """Communes' files against the standard set (đạt chuẩn): what the figures, lists and
        reports of communes count (a village's or a district's file has its own level)."""
        return self.filter(kind=CriteriaSet.SetKind.STANDARD, level=CriteriaSet.Level.COMMUNE)


class Assessment(models.Model):
    """Everything recorded about one commune (xã) for one year against one kind of set.

    A commune has one file a year per kind of set: the standard set (đạt
    chuẩn) that every figure counts, and where the commune aims higher the
    advanced (nâng cao) or model (kiểu mẫu) set of the same period.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo (xã)")
        SUBMITTED = "submitted", _("Đã gửi huyện")
        REVIEWED = "reviewed", _("Huyện đã rà soát")
        APPRAISED = "appraised", _("Tỉnh đã thẩm định")
        RECOGNISED = "recognised", _("Đã công nhận")
        RETURNED = "returned", _("Trả lại")

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("xã")
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, verbose_name=_("bộ tiêu chí")
    )
    kind = models.CharField(
        _("loại bộ tiêu chí"),
        max_length=20,
        choices=CriteriaSet.SetKind.choices,
        default=CriteriaSet.SetKind.STANDARD,
        help_text=_("Loại của bộ tiêu chí của hồ sơ: đạt chuẩn, nâng cao, kiểu mẫu."),
    )
    level = models.CharField(
        _("cấp của hồ sơ"),
        max_length=20,
        choices=CriteriaSet.Level.choices,
        default=CriteriaSet.Level.COMMUNE,
        help_text=_("Cấp của đơn vị được đánh giá (thôn, xã, huyện), là cấp của bộ tiêu chí."),
    )
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.DRAFT
    )
    locked = models.BooleanField(
        _("đã khoá"),
        default=False,
        help_text=_("Sau thẩm định, số liệu bị khoá cho đến khi mở lại."),
    )
    criteria_met = models.PositiveSmallIntegerField(
        _("số tiêu chí đạt"),
        default=0,
        help_text=_("Số tiêu chí đạt, cập nhật mỗi khi trạng thái tiêu chí thay đổi."),
    )
    criteria_total = models.PositiveSmallIntegerField(_("tổng số tiêu chí"), default=0)
    meets_standard = models.BooleanField(_("đạt chuẩn"), default=False)
    remarks = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("đánh giá xã")
        verbose_name_plural = _("đánh giá xã")
        ordering = ["commune__code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "kind"], name="assessment_unique_commune_year_kind"
            )
        ]
        indexes = [models.Index(fields=["year", "criteria_met"])]

    def __str__(self) -> str:
        return f"{self.commune.name} – {self.year}"

    @property
    def has_district(self) -> bool:
        """Whether the file passes a district: the commune's parent is not the province itself
        (two tiers, since 01/07/2025: a commune sends its file straight to the province)."""
        commune = self.commune
        return commune.parent_id is not None and commune.parent_id != commune.province_id

    def state_label(self) -> str:
        """The state as officers read it: a two-tier commune's file is sent to the province."""
        if self.state == self.State.SUBMITTED and not self.has_district:
            return str(_("Đã gửi tỉnh"))
        return str(self.get_state_display())


class IndicatorValue(models.Model):
    """A reported value of an indicator: a number, Đạt/Không đạt, or a numerator and denominator."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="values", verbose_name=_("đánh giá")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name=_("chỉ tiêu"))
    value_number = models.DecimalField(
        _("giá trị"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    value_bool = models.BooleanField(_("đạt"), null=True, blank=True)
    numerator = models.DecimalField(
        _("tử số"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("mẫu số"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    secondary_number = models.DecimalField(
        _("giá trị chỉ tiêu phụ"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    carried_from = models.PositiveSmallIntegerField(
        _("chuyển từ năm"),
        null=True,
        blank=True,
        help_text=_(
            "Năm của hồ sơ mà giá trị được chuyển sang khi mở đợt đánh giá; "
            "bỏ trống khi xã đã xác nhận hoặc sửa giá trị."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="value_unique_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator.code}"


class CriterionStatus(models.Model):
    """Whether the commune meets a criterion that year, computed, declared, or both."""

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Tính từ chỉ tiêu")
        DECLARED = "declared", _("Khai báo")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("đánh giá")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, verbose_name=_("tiêu chí"))
    computed_met = models.BooleanField(_("kết quả tính"), null=True, blank=True)
    declared_met = models.BooleanField(_("kết quả khai báo"), null=True, blank=True)
    met = models.BooleanField(_("đạt"), null=True, blank=True, db_index=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người khai báo"),
    )
    declared_role = models.CharField(
        _("cấp khai báo"),
        max_length=10,
        blank=True,
        db_default="",
        help_text=_("Vai trò của người khai báo lúc khai báo (xã, huyện, tỉnh, trung ương)."),
    )
    declared_file = models.CharField(
        _("khai báo từ tệp"),
        max_length=200,
        blank=True,
        db_default="",
        help_text=_("Tên tệp nhập khi khai báo đến từ một tệp."),
    )
    declared_at = models.DateTimeField(_("khai báo lúc"), null=True, blank=True)
    explanation = models.JSONField(_("giải thích"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả tiêu chí")
        verbose_name_plural = _("kết quả tiêu chí")
        ordering = ["criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="status_unique_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} TC{self.criterion.number}: {self.met}"

    @property
    def disagrees(self) -> bool:
        """A declaration that the indicator values contradict."""
        return (
            self.declared_met is not None
            and self.computed_met is not None
            and self.declared_met != self.computed_met
        )


def evidence_path(instance: "Evidence", filename: str) -> str:
    """``evidence/<year>/<random>/<name>``: private, and not to be guessed (core.files)."""
    return private_name(f"evidence/{instance.assessment.year}", filename)


class Evidence(models.Model):
    """A file (PDF, image) supporting a criterion's status (minh chứng)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("đánh giá")
    )
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("tiêu chí")
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path)
    title = models.CharField(_("tên tài liệu"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["criterion__number", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Transition(models.Model):
    """One step of the workflow, kept for ever: who moved the assessment, when, and why."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("đánh giá")
    )
    from_state = models.CharField(_("từ"), max_length=12, choices=Assessment.State.choices)
    to_state = models.CharField(_("sang"), max_length=12, choices=Assessment.State.choices)
    action = models.CharField(_("thao tác"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        verbose_name=_("người thực hiện"),
    )
    reason = models.TextField(_("lý do"), blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước quy trình")
        verbose_name_plural = _("lịch sử quy trình")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.from_state} → {self.to_state}"


class Recognition(models.Model):
    """A recognition decision (quyết định công nhận) of a commune's title.

    A recognised commune keeps its title in later years until the decision is revoked.
    """

    class Title(models.TextChoices):
        STANDARD = "dat_chuan", _("Đạt chuẩn nông thôn mới")
        ADVANCED = "nang_cao", _("Đạt chuẩn nông thôn mới nâng cao")
        MODEL = "kieu_mau", _("Đạt chuẩn nông thôn mới kiểu mẫu")

    class Kind(models.TextChoices):
        """How the commune came to hold the title (a merger's new commune: ``units.UnitLineage``)."""

        RECOGNISED = "cong_nhan", _("Công nhận")
        ACKNOWLEDGED = "thua_nhan", _("Thừa nhận sau sắp xếp đơn vị hành chính")
        CARRIED = "ke_thua", _("Kế thừa khi sắp xếp đơn vị hành chính")

    commune = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("xã")
    )
    title = models.CharField(
        _("danh hiệu"), max_length=12, choices=Title.choices, default=Title.STANDARD
    )
    year = models.PositiveSmallIntegerField(_("năm đạt chuẩn"), db_index=True)
    number = models.CharField(_("số quyết định"), max_length=50)
    date = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    kind = models.CharField(
        _("hình thức"), max_length=12, choices=Kind.choices, default=Kind.RECOGNISED
    )
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["year", "commune__code"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "title", "year"], name="recognition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.commune.name}"

    @staticmethod
    def holding(year: int) -> models.Q:
        """Decisions that give their title in ``year``: taken that year or before, not revoked
        by its end (the one rule for "a decision in force")."""
        return models.Q(year__lte=year) & (
            models.Q(revoked_on__isnull=True) | models.Q(revoked_on__gt=datetime.date(year, 12, 31))
        )


class Notification(models.Model):
    """A message in an officer's inbox (thông báo): a file was returned, forwarded, appraised…

    Written by the workflow service with the transition that caused it; the
    text is made when shown (in the reader's language) from the transition.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    transition = models.ForeignKey(
        Transition,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("bước xử lý"),
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "transition"], name="notification_unique")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.transition}"


class Campaign(models.Model):
    """A province's assessment campaign for a year (đợt đánh giá): opened once, with its deadlines.

    Opening it creates every commune's file for the year, started from last
    year's values (``services.campaign.campaign_open``); the deadlines say by
    when each level is expected to have done its step (Quyết định 2540/QĐ-TTg:
    xã đề nghị, huyện thẩm tra, tỉnh thẩm định).
    """

    province = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    commune_deadline = models.DateField(_("hạn xã gửi hồ sơ"), null=True, blank=True)
    district_deadline = models.DateField(_("hạn huyện rà soát"), null=True, blank=True)
    province_deadline = models.DateField(_("hạn tỉnh thẩm định"), null=True, blank=True)
    files_created = models.PositiveIntegerField(_("số hồ sơ đã tạo"), default=0)
    files_carried = models.PositiveIntegerField(
        _("số hồ sơ có số liệu chuyển từ năm trước"), default=0
    )
    values_carried = models.PositiveIntegerField(_("số giá trị chuyển từ năm trước"), default=0)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người mở"),
    )
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "province__code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="campaign_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.province.name} – {self.year}"


class DistrictRecord(models.Model):
    """What a district's conditions need besides its communes' titles, for one year.

    The residents' satisfaction with the district's results (the survey the
    district set asks for) and the number of its towns (thị trấn) meeting the
    civilised-town standard, with the document they come from. Recorded by the
    district's or the province's office; blank means not known.
    """

    unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="district_records",
        verbose_name=_("huyện"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    satisfaction = models.DecimalField(
        _("tỷ lệ hài lòng của người dân (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    towns_civilised = models.PositiveSmallIntegerField(
        _("số thị trấn đạt chuẩn đô thị văn minh"), null=True, blank=True
    )
    source = models.CharField(_("căn cứ (văn bản, kết quả lấy ý kiến)"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kết quả của huyện")
        verbose_name_plural = _("kết quả của huyện")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="district_record_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.year}"
