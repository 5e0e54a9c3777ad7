from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.interchange.forms import upload_check
from ntm.units.models import AdminUnit


class ReconcileForm(forms.Form):
    """A printed appendix to reconcile: whose, which year, the file."""

    unit = forms.ModelChoiceField(queryset=AdminUnit.objects.none(), label=_("Đơn vị"))
    year = forms.IntegerField(label=_("Năm báo cáo"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Biểu chi tiết đã in"),
        help_text=_(
            "Tệp CSV hoặc Excel theo bố cục của biểu chi tiết: cột số thứ tự, tên chỉ tiêu, "
            "rồi các cột TH 2019, KH 2020 … (hoặc th_2019, kh_2020)."
        ),
    )

    def __init__(self, *args: Any, units: list[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = AdminUnit.objects.filter(pk__in=[u.pk for u in units])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        upload_check(upload)
        return upload
