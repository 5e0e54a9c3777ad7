"""Forms of the resources pages: a fund row and a support row (amounts typed the Vietnamese way)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.forms import VNDateField, VNDecimalField
from ntm.resources.models import Fund
from ntm.units.models import AdminUnit


def _amount(label: Any, *, required: bool = True) -> VNDecimalField:
    return VNDecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
    )


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: AdminUnit) -> str:
        return f"{obj} ({obj.code})"


class FundForm(forms.Form):
    """A fund row: the unit, the source and the year name it; a correction keeps them."""

    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    unit = UnitChoiceField(label=_("Đơn vị quản lý vốn"), queryset=AdminUnit.objects.none())
    source = forms.ChoiceField(label=_("Nguồn vốn"), choices=Fund.Source.choices)
    level = forms.TypedChoiceField(
        label=_("Cấp quản lý vốn"),
        choices=[("", _("Cấp của đơn vị")), *AdminUnit.Level.choices[:3]],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Chỉ chọn cho dòng tổng hợp của các đơn vị cấp dưới."),
    )
    allocated = _amount(_("Kế hoạch vốn (triệu đồng)"))
    disbursed = _amount(_("Giải ngân (triệu đồng)"), required=False)
    as_of = VNDateField(
        label=_("Giải ngân đến ngày"), required=False, help_text=_("Trống: 31/12 của năm.")
    )
    reason = forms.CharField(label=_("Lý do (ghi vào nhật ký)"), max_length=500, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if fixed:
            for name in ("year", "unit", "source", "level"):
                self.fields[name].disabled = True


class SupportForm(forms.Form):
    """A support row: the sponsor (đơn vị phụ trách), the commune and the year name it."""

    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    sponsor = forms.CharField(label=_("Đơn vị phụ trách xã"), max_length=200)
    commune = UnitChoiceField(label=_("Xã được hỗ trợ"), queryset=AdminUnit.objects.none())
    cash = _amount(_("Tiền mặt (triệu đồng)"))
    in_kind = _amount(_("Vật chất khác quy ra tiền (triệu đồng)"))
    materials = _amount(_("Vật liệu quy ra tiền (triệu đồng)"))
    reason = forms.CharField(label=_("Lý do (ghi vào nhật ký)"), max_length=500, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, units: Any, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = units
        if fixed:
            for name in ("year", "sponsor", "commune"):
                self.fields[name].disabled = True


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xoá"), max_length=500, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)
