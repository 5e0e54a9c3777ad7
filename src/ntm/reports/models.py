"""Reports: the office's own texts for the judgement sections, and report jobs with progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.core.files import private_name
from ntm.units.models import AdminUnit


class ReportText(models.Model):
    """A section of the annual report that is judgement, written by the office (e.g. II.1)."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    section = models.CharField(_("mục"), max_length=50)
    text = models.TextField(_("nội dung"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nội dung báo cáo")
        verbose_name_plural = _("nội dung báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "section"], name="report_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} {self.section}"


def job_result_path(instance: "Job", filename: str) -> str:
    """``jobs/<random>/<name>``: private, and not to be guessed (core.files)."""
    return private_name("jobs", filename)


#: The kinds of job and their labels (reports.services runs them).
JOB_KINDS: dict[str, str] = {
    "report_docx": "Báo cáo năm (Word)",
    "report_pdf": "Báo cáo năm (PDF)",
    "appendix_xlsx": "Biểu chi tiết (Excel)",
    "appendix_csv": "Biểu chi tiết (CSV)",
}


class Job(models.Model):
    """A long piece of work (a report, an import) whose progress the user follows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại"), max_length=30)
    params = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    messages = models.JSONField(_("thông báo"), default=list)
    result = models.FileField(_("kết quả"), upload_to=job_result_path, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        verbose_name=_("người yêu cầu"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(
        _("báo tiến độ lần cuối"),
        null=True,
        blank=True,
        help_text=_("Một tác vụ lâu không báo tiến độ được coi là đã bị gián đoạn."),
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ")
        verbose_name_plural = _("tác vụ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        """The kind as users read it ("Báo cáo năm (Word)")."""
        return JOB_KINDS.get(self.kind, self.kind)


class DocumentSetting(models.Model):
    """How an office issues its report (thể thức văn bản, Nghị định 30/2020/NĐ-CP).

    One row per issuing unit (a province's or a district's steering committee) with
    ``year`` null: the unit's setting for every report; a row with a ``year`` replaces it
    for that year's report. It holds the header (the parent body and the issuing body),
    the number and symbol (số, ký hiệu), the place and date, the signature block
    (TM./KT., the signer's title, name), the recipients (nơi nhận) and the office's
    headings of the report's sections (section key → heading; ``reports.annual``).
    Written by ``reports.services.document_setting_save`` (recorded).
    """

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(
        _("năm báo cáo"), null=True, blank=True, help_text=_("Để trống: dùng cho mọi năm.")
    )
    issuer_parent = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuer = models.TextField(_("cơ quan ban hành (mỗi dòng một dòng)"), blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=50, blank=True)
    number = models.CharField(_("số"), max_length=30, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    date = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    signature = models.TextField(_("thẩm quyền ký, chức vụ (mỗi dòng một dòng)"), blank=True)
    signer = models.CharField(_("họ tên người ký"), max_length=200, blank=True)
    recipients = models.TextField(_("nơi nhận (mỗi dòng một nơi)"), blank=True)
    headings = models.JSONField(_("tên các mục"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thể thức báo cáo")
        verbose_name_plural = _("thể thức báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(year__isnull=True),
                name="document_setting_default_unique",
            ),
            models.UniqueConstraint(fields=["unit", "year"], name="document_setting_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year or ''}".strip()


class ReferenceFigure(models.Model):
    """A figure the report compares with that the unit cannot compute (số liệu tham chiếu).

    E.g. the average criteria per commune of the region (vùng), or the unit's share
    of the region's communes meeting the standard, as published by the Central
    Coordination Office: entered by the office with its source (required), one per
    unit, year and key (``reports.issuing.REFERENCE_KEYS``).
    """

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    key = models.CharField(_("số liệu"), max_length=50)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4)
    unit_label = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    subject = models.CharField(
        _("của"), max_length=200, help_text=_("Ví dụ: khu vực miền núi phía Bắc.")
    )
    source = models.TextField(_("nguồn"))
    note = models.TextField(_("ghi chú"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu tham chiếu")
        verbose_name_plural = _("số liệu tham chiếu")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "key"], name="reference_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.year} {self.key}"
