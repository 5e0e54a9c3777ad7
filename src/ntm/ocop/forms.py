"""Forms of the OCOP pages: a product registered, a rating recorded, a certificate revoked."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.forms import VNDateField, VNDecimalField
from ntm.ocop.rules import GROUPS, PRODUCER_KINDS


class ProductForm(forms.Form):
    code = forms.CharField(label=_("Mã sản phẩm"), max_length=40)
    name = forms.CharField(label=_("Tên sản phẩm"), max_length=300)
    group = forms.ChoiceField(label=_("Nhóm sản phẩm"), choices=list(GROUPS.items()))
    producer_name = forms.CharField(label=_("Chủ thể"), max_length=300, required=False)
    producer_kind = forms.ChoiceField(
        label=_("Loại chủ thể"), choices=[("", "—"), *PRODUCER_KINDS.items()], required=False
    )


def _score(label: str) -> VNDecimalField:
    return VNDecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(40),
        max_digits=5,
        decimal_places=2,
    )


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2018, max_value=2100)
    rated_on = VNDateField(label=_("Ngày đánh giá"), required=False)
    score_a = _score(_("Điểm phần A"))
    score_b = _score(_("Điểm phần B"))
    score_c = _score(_("Điểm phần C"))
    certificate_no = forms.CharField(label=_("Số giấy chứng nhận"), max_length=80, required=False)
    certificate_date = VNDateField(label=_("Ngày cấp"), required=False)


class RevokeForm(forms.Form):
    on = VNDateField(label=_("Ngày thu hồi"))
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=500)
