"""Forms of the reports pages: what report to make, and the office's texts."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.forms import VNDateField
from ntm.core.params import ID_MAX, YEAR_MAX, YEAR_MIN

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
