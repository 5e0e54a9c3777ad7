"""Forms of the activities' pages: a course, an event, a value chain, a directive."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ntm.activities.models import Course, Directive, Event
from ntm.core.forms import VNDateField
from ntm.core.params import param_int
from ntm.units.models import AdminUnit


class CommunesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Communes chosen by id: an id that is not a whole number within the databases' ids
    (``core.params``) is no choice, refused before the database is asked (SQLite cannot
    even compare a number beyond 64 bits)."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                if param_int(str(pk), low=1) is None:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super().clean(value)


class _UnitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=AdminUnit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CourseForm(_UnitForm):
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại lớp"), choices=Course.Kind.choices)
    classes = forms.IntegerField(label=_("Số lớp"), min_value=0, required=False)
    participants = forms.IntegerField(label=_("Số học viên, lượt người"), min_value=0)


class EventForm(_UnitForm):
    date = VNDateField(label=_("Ngày"))
    kind = forms.ChoiceField(label=_("Loại"), choices=Event.Kind.choices)
    description = forms.CharField(label=_("Nội dung"), max_length=500)


class ValueChainForm(_UnitForm):
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    plan_code = forms.CharField(label=_("Mã kế hoạch"), max_length=40)
    product = forms.CharField(label=_("Sản phẩm"), max_length=200, required=False)
    plan = forms.CharField(label=_("Tên kế hoạch"), max_length=500, required=False)
    plans = forms.IntegerField(label=_("Số kế hoạch"), min_value=1, initial=1)
    districts = forms.BooleanField(label=_("Kế hoạch do các huyện phê duyệt"), required=False)
    communes = CommunesField(
        label=_("Xã thực hiện"), queryset=AdminUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, communes: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = communes  # type: ignore[attr-defined]


class DirectiveForm(_UnitForm):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=80)
    date = VNDateField(label=_("Ngày ban hành"))
    issuer = forms.CharField(label=_("Cơ quan, người ban hành"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=Directive.Kind.choices)
    subject = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}))


FORMS: dict[str, type[_UnitForm]] = {
    "course": CourseForm,
    "event": EventForm,
    "chain": ValueChainForm,
    "directive": DirectiveForm,
}
