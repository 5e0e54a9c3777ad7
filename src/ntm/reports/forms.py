"""Forms of the reports pages: what report to make, the office's texts, its document setting."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.forms import VNDateField
from ntm.core.params import ID_MAX, YEAR_MAX, YEAR_MIN
from ntm.evaluation.numbers import NumberError, parse_number

FORMAT_CHOICES = [("report_docx", _("Word (.docx)")), ("report_pdf", _("PDF"))]


class ReportForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ID_MAX)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=YEAR_MIN, max_value=YEAR_MAX)
    kind = forms.ChoiceField(
        label=_("Định dạng"),
        choices=FORMAT_CHOICES,
        initial="report_docx",
        widget=forms.RadioSelect,
    )
    number = forms.CharField(
        label=_("Số báo cáo"),
        required=False,
        max_length=30,
        help_text=_("Để trống nếu chưa có số; có thể điền tay sau."),
    )
    date = VNDateField(label=_("Ngày báo cáo"), required=False)


class ReportTextsForm(forms.Form):
    """One text area per section key of the report (``reports.annual.report_text_keys``)."""

    def __init__(
        self,
        *args: Any,
        keys: list[tuple[str, str]],
        texts: dict[str, str],
        editable: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys = []
        for key, label in keys:
            name = "s_" + key.replace(".", "_")
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                initial=texts.get(key, ""),
                widget=forms.Textarea(
                    attrs={"rows": 6, **({} if editable else {"readonly": True})}
                ),
            )
            self.keys.append((key, name))

    def changed_texts(self) -> list[tuple[str, str]]:
        changed = set(self.changed_data)
        return [
            (key, self.cleaned_data.get(name, "")) for key, name in self.keys if name in changed
        ]


class DocumentSettingForm(forms.Form):
    """How the office issues its report, its headings of the sections, its reference figures.

    ``sections`` are (key, NTM's heading) of every section; ``references`` (key, label,
    default unit) of the reference figures (``reports.issuing.REFERENCE_KEYS``).
    """

    issuer_parent = forms.CharField(
        label=_("Cơ quan chủ quản"),
        required=False,
        max_length=200,
        help_text=_("Ví dụ: UBND TỈNH CAO BẰNG. Để trống: NTM ghi theo tên đơn vị."),
    )
    issuer = forms.CharField(
        label=_("Cơ quan ban hành (mỗi dòng một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG."),
    )
    symbol = forms.CharField(
        label=_("Ký hiệu"), required=False, max_length=50, help_text=_("Ví dụ: BC-BCĐCTMTQG.")
    )
    number = forms.CharField(
        label=_("Số"),
        required=False,
        max_length=30,
        help_text=_(
            "Số dưới 10 được ghi thêm số 0 phía trước (05). Số nhập khi lập báo cáo được dùng thay số này."
        ),
    )
    place = forms.CharField(
        label=_("Địa danh"), required=False, max_length=100, help_text=_("Ví dụ: Cao Bằng.")
    )
    date = VNDateField(label=_("Ngày báo cáo"), required=False)
    signature = forms.CharField(
        label=_("Thẩm quyền ký và chức vụ (mỗi dòng một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: TM. BAN CHỈ ĐẠO / KT. TRƯỞNG BAN / PHÓ CHỦ TỊCH UBND TỈNH."),
    )
    signer = forms.CharField(label=_("Họ tên người ký"), required=False, max_length=200)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        references: list[tuple[str, str, str]],
        editable: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = []
        for key, heading in sections:
            name = "h_" + key.replace(".", "_")
            self.fields[name] = forms.CharField(
                label=f"{key}. {heading}",
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"placeholder": heading}),
            )
            self.sections.append((key, name))
        self.references = []
        for key, label, unit_label in references:
            names = {
                f: f"r_{key}_{f}" for f in ("value", "unit_label", "subject", "source", "note")
            }
            self.fields[names["value"]] = forms.CharField(
                label=label, required=False, max_length=30, help_text=_("Ví dụ: 12,28.")
            )
            self.fields[names["unit_label"]] = forms.CharField(
                label=_("Đơn vị tính"), required=False, max_length=50, initial=unit_label
            )
            self.fields[names["subject"]] = forms.CharField(
                label=_("Của"),
                required=False,
                max_length=200,
                help_text=_("Ví dụ: khu vực miền núi phía Bắc."),
            )
            self.fields[names["source"]] = forms.CharField(
                label=_("Nguồn"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[names["note"]] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=500
            )
            self.references.append((key, names))
        if not editable:
            for field in self.fields.values():
                field.disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for _key, names in self.references:
            raw = (data.get(names["value"]) or "").strip()
            if not raw:
                continue
            try:
                data[names["value"]] = parse_number(raw, typed=True)
            except NumberError as exc:
                self.add_error(names["value"], str(exc))
                continue
            if not (data.get(names["source"]) or "").strip():
                self.add_error(names["source"], _("Cần ghi nguồn của số liệu."))
            if not (data.get(names["subject"]) or "").strip():
                self.add_error(names["subject"], _("Cần ghi số liệu này là của đâu."))
        return data

    def setting_values(self) -> dict[str, Any]:
        values = {
            name: self.cleaned_data.get(name)
            for name in (
                "issuer_parent",
                "issuer",
                "symbol",
                "number",
                "place",
                "date",
                "signature",
                "signer",
                "recipients",
            )
        }
        values["headings"] = {
            key: self.cleaned_data.get(name, "")
            for key, name in self.sections
            if self.cleaned_data.get(name, "").strip()
        }
        return values

    def reference_values(self) -> dict[str, dict[str, Any] | None]:
        out: dict[str, dict[str, Any] | None] = {}
        for key, names in self.references:
            value = self.cleaned_data.get(names["value"])
            if value in (None, ""):
                out[key] = None
                continue
            out[key] = {f: self.cleaned_data.get(n) for f, n in names.items()}
        return out

    def reference_rows(self) -> list[list[Any]]:
        """The reference figures' bound fields, one list per figure (the page's table)."""
        return [[self[n] for n in names.values()] for _key, names in self.references]

    def heading_fields(self) -> list[Any]:
        return [self[name] for _key, name in self.sections]

    def setting_fields(self) -> list[Any]:
        return [
            self[n]
            for n in (
                "issuer_parent",
                "issuer",
                "symbol",
                "number",
                "place",
                "date",
                "signature",
                "signer",
                "recipients",
            )
        ]
