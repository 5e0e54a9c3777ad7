"""The programme's activities as data: courses, events, value chains and directives.

What the annual report's part I tells besides the criteria (Cao Bằng 2019,
shared/seed): the courses and their participants (I.1 communication, I.4
training, I.5 OCOP conferences), the directives issued (I.3.a), the dated
inspections and conferences (I.3.b) and the plans of production linked to
the sale of products (I.6, chuỗi giá trị). Each row belongs to the unit that
organised, approved or issued it (a province or a district): scope follows it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ntm.units.models import AdminUnit


class Course(models.Model):
    """A year's courses of one kind (lớp tuyên truyền, đào tạo, bồi dưỡng, hội nghị OCOP)
    organised by a unit: how many classes, how many participants."""

    class Kind(models.TextChoices):
        COMMUNICATION = "truyen_thong", _("Truyền thông")
        NTM_TRAINING = "dao_tao_ntm", _("Đào tạo cán bộ làm công tác NTM")
        COMMUNE_STAFF = "boi_duong_xa", _("Bồi dưỡng cán bộ, công chức cấp xã")
        OCOP = "ocop", _("Hội nghị, tập huấn OCOP")
        OTHER = "khac", _("Khác")

    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    kind = models.CharField(_("loại lớp"), max_length=20, choices=Kind.choices)
    #: None: the office did not state the number of classes (e.g. conferences counted by attendance).
    classes = models.PositiveIntegerField(_("số lớp"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số học viên, lượt người"))

    class Meta:
        verbose_name = _("lớp đào tạo, tập huấn")
        verbose_name_plural = _("lớp đào tạo, tập huấn")
        ordering = ["year", "unit__code", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "kind"], name="activities_course_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit}: {self.get_kind_display()}"


class Event(models.Model):
    """A dated event of the direction (hội nghị, kiểm tra, làm việc với đoàn công tác …)."""

    class Kind(models.TextChoices):
        CONFERENCE = "hoi_nghi", _("Hội nghị")
        INSPECTION = "kiem_tra", _("Kiểm tra")
        MEETING = "lam_viec", _("Làm việc")
        CEREMONY = "le", _("Lễ công bố, trao quyết định")
        OTHER = "khac", _("Khác")

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    date = models.DateField(_("ngày"), db_index=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("nội dung"), max_length=500)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.description[:60]}"


class ValueChain(models.Model):
    """A plan of production linked to the sale of a product (kế hoạch liên kết theo chuỗi giá
    trị) approved by a province or district, and the communes where it is carried out.

    ``plans`` is how many plans the row stands for: 1 for a plan named here, more for a
    level's summary ("cấp huyện 43 kế hoạch") whose plans the office does not list.
    ``districts``: the row counts plans the districts approved, recorded by the province
    (the report counts them at the district level without naming a district).
    """

    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị phê duyệt")
    )
    plan_code = models.CharField(_("mã kế hoạch"), max_length=40)
    product = models.CharField(_("sản phẩm"), max_length=200, blank=True)
    plan = models.CharField(_("tên kế hoạch"), max_length=500, blank=True)
    plans = models.PositiveIntegerField(_("số kế hoạch"), default=1)
    districts = models.BooleanField(_("kế hoạch do các huyện phê duyệt"), default=False)
    communes = models.ManyToManyField(
        AdminUnit, related_name="+", blank=True, verbose_name=_("xã thực hiện")
    )

    class Meta:
        verbose_name = _("kế hoạch liên kết chuỗi giá trị")
        verbose_name_plural = _("kế hoạch liên kết chuỗi giá trị")
        ordering = ["year", "unit__code", "plan_code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "plan_code"], name="activities_chain_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_code} {self.product}"


class Directive(models.Model):
    """A directive issued for the programme (văn bản chỉ đạo: nghị quyết, quyết định, kế hoạch…).

    ``subject`` carries its own verb as the report prints it ("về việc …", "Ban hành …",
    "Phê duyệt …").
    """

    class Kind(models.TextChoices):
        RESOLUTION = "nghi_quyet", _("Nghị quyết")
        DECISION = "quyet_dinh", _("Quyết định")
        PLAN = "ke_hoach", _("Kế hoạch")
        INSTRUCTION = "chi_thi", _("Chỉ thị")
        LETTER = "cong_van", _("Công văn")
        # In context: the menu's "Hướng dẫn" (help) and "Thông báo" (notifications) are the
        # same words, which English translates otherwise.
        GUIDANCE = "huong_dan", pgettext_lazy("loại văn bản", "Hướng dẫn")
        NOTICE = "thong_bao", pgettext_lazy("loại văn bản", "Thông báo")
        OTHER = "khac", _("Văn bản")

    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp ban hành")
    )
    number = models.CharField(_("số, ký hiệu"), max_length=80)
    date = models.DateField(_("ngày ban hành"), db_index=True)
    issuer = models.CharField(_("cơ quan, người ban hành"), max_length=200)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices)
    subject = models.TextField(_("trích yếu"))

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number", "date"], name="activities_directive_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"
