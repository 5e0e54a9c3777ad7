from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.interchange.forms import ALLOWED_SUFFIXES, upload_check
from ntm.quality.text import TEXT_SUFFIXES
from ntm.units.models import AdminUnit


class ReconcileForm(forms.Form):
    """A printed appendix or a report's text to reconcile: whose, which year, the file."""

    unit = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label=_("Đơn vị"))
    year = forms.IntegerField(label=_("Năm báo cáo"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Biểu chi tiết hoặc lời văn báo cáo"),
        help_text=_(
            "Biểu chi tiết: tệp CSV hoặc Excel theo bố cục của biểu (cột số thứ tự, tên chỉ "
            "tiêu, rồi các cột TH 2019, KH 2020 … hoặc th_2019, kh_2020). Lời văn: tệp Word "
            "(.docx), .txt hoặc .md."
        ),
    )

    def __init__(self, *args: Any, units: list[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdminUnit.objects.filter(pk__in=[u.pk for u in units])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        upload_check(upload, suffixes=(*ALLOWED_SUFFIXES, *TEXT_SUFFIXES))
        return upload
