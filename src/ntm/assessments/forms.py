"""Forms of the assessment pages: the entry form by criterion group, evidence, workflow, recognition.

The entry form is built from the criteria set's data (indicators and their
kinds), never from a fixed list: a ratio takes a percentage or a numerator and
denominator, an amount or count takes a number in its unit, a Đạt/Không đạt
indicator takes a choice; every criterion may be declared met or not met.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.assessments.models import Recognition
from ntm.core.forms import VNDateField, VNDecimalField
from ntm.core.params import YEAR_MAX, YEAR_MIN
from ntm.criteria.models import Criterion, Indicator
from ntm.evaluation.engine import HUNDRED

#: A percentage lies between 0 and 100 (the same bounds as an imported value,
#: ``evaluation.engine.parse_indicator_value``); said at the input that breaks it.
RATIO_ERRORS = {"max_value": _("Tỷ lệ không được vượt quá %(limit)s %%.")}

BOOL_CHOICES = [("", _("— chưa nhập —")), ("1", _("Đạt")), ("0", _("Không đạt"))]
DECLARE_CHOICES = [
    ("", _("Theo kết quả các chỉ tiêu")),
    ("1", _("Khai báo: Đạt")),
    ("0", _("Khai báo: Không đạt")),
]


def field_key(code: str) -> str:
    """An indicator code as a form field name part: ``2.1`` → ``2_1``."""
    return code.replace(".", "_").replace(" ", "_")


def _bool_from(choice: str) -> bool | None:
    return {"1": True, "0": False}.get(choice)


def _bool_to(value: bool | None) -> str:
    return {True: "1", False: "0"}.get(value, "")  # type: ignore[arg-type]


class EntryForm(forms.Form):
    """Values of one criterion group's indicators, the declared statuses, and the remarks."""

    remarks = forms.CharField(
        label=_("Ghi chú của xã"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ghi chú chung cho hồ sơ năm nay (không bắt buộc)."),
    )

    def __init__(
        self,
        *args: Any,
        criteria: list[Criterion],
        values: dict[int, Any],
        declared: dict[int, bool | None],
        remarks: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.rows: list[dict[str, Any]] = []
        self.fields["remarks"].initial = remarks
        for criterion in criteria:
            indicator_rows = []
            for indicator in criterion.indicators.all():
                indicator_rows.append(self._add_indicator(indicator, values.get(indicator.pk)))
            name = f"declared_{criterion.number}"
            self.fields[name] = forms.ChoiceField(
                label=_("Kết quả tiêu chí %(number)s") % {"number": criterion.number},
                choices=DECLARE_CHOICES,
                required=False,
                initial=_bool_to(declared.get(criterion.pk)),
                help_text=_("Để trống để kết quả được tính từ các chỉ tiêu."),
            )
            self.rows.append(
                {"criterion": criterion, "indicators": indicator_rows, "declared": name}
            )

    def _add_indicator(self, indicator: Indicator, stored: Any) -> dict[str, Any]:
        key = field_key(indicator.code)
        names: dict[str, str] = {}
        label = _("Chỉ tiêu %(code)s") % {"code": indicator.code}
        if indicator.kind == Indicator.Kind.BOOLEAN:
            names["bool"] = f"b_{key}"
            self.fields[names["bool"]] = forms.ChoiceField(
                label=label,
                choices=BOOL_CHOICES,
                required=False,
                initial=_bool_to(getattr(stored, "value_bool", None)),
            )
        else:
            unit = indicator.unit or ""
            ratio = indicator.kind == Indicator.Kind.RATIO
            names["value"] = f"v_{key}"
            self.fields[names["value"]] = VNDecimalField(
                label=f"{label} ({unit})" if unit else label,
                required=False,
                min_value=Decimal(0),
                max_value=HUNDRED if ratio else None,
                whole=indicator.kind == Indicator.Kind.COUNT,
                error_messages=RATIO_ERRORS if ratio else None,
                initial=getattr(stored, "value_number", None),
            )
            if indicator.kind == Indicator.Kind.RATIO:
                names["numerator"] = f"n_{key}"
                names["denominator"] = f"d_{key}"
                self.fields[names["numerator"]] = VNDecimalField(
                    label=_("Tử số"),
                    required=False,
                    min_value=Decimal(0),
                    initial=getattr(stored, "numerator", None),
                )
                self.fields[names["denominator"]] = VNDecimalField(
                    label=_("Mẫu số"),
                    required=False,
                    min_value=Decimal(0),
                    initial=getattr(stored, "denominator", None),
                )
            if indicator.secondary_label:
                names["secondary"] = f"s_{key}"
                # The secondary figure is a percentage, as the import reads it.
                self.fields[names["secondary"]] = VNDecimalField(
                    label=indicator.secondary_label,
                    required=False,
                    min_value=Decimal(0),
                    max_value=HUNDRED,
                    error_messages=RATIO_ERRORS,
                    initial=getattr(stored, "secondary_number", None),
                )
        item: dict[str, Any] = {"indicator": indicator, "names": names}
        carried = getattr(stored, "carried_from", None)
        if carried is not None:
            # Kept apart from ``names``: confirming is not an input of the value.
            item["carried_from"] = carried
            item["confirm"] = f"c_{key}"
            self.fields[item["confirm"]] = forms.BooleanField(
                label=_("Xác nhận"),
                required=False,
                help_text=_("Giữ giá trị chuyển từ năm %(y)s làm số liệu năm nay.")
                % {"y": carried},
            )
        return item

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in self.rows:
            for item in row["indicators"]:
                names = item["names"]
                if "numerator" not in names:
                    continue
                num, den = data.get(names["numerator"]), data.get(names["denominator"])
                if (num is None) != (den is None):
                    self.add_error(
                        names["denominator"] if den is None else names["numerator"],
                        _("Nhập cả tử số và mẫu số, hoặc bỏ trống cả hai."),
                    )
                elif den is not None and den == 0:
                    self.add_error(names["denominator"], _("Mẫu số phải lớn hơn 0."))
                elif num is not None and den is not None and num > den:
                    self.add_error(names["numerator"], _("Tử số không được lớn hơn mẫu số."))
        return data

    def changed_indicators(self) -> list[tuple[Indicator, dict[str, Any]]]:
        """Indicators whose inputs the user changed, with the new inputs (service arguments)."""
        changed = set(self.changed_data)
        out = []
        for row in self.rows:
            for item in row["indicators"]:
                names = item["names"]
                if not changed.intersection(names.values()):
                    continue
                data = self.cleaned_data
                if "bool" in names:
                    inputs: dict[str, Any] = {"value": _bool_from(data.get(names["bool"], ""))}
                else:
                    inputs = {
                        "value": data.get(names["value"]),
                        "numerator": data.get(names.get("numerator", ""), None),
                        "denominator": data.get(names.get("denominator", ""), None),
                    }
                    if "secondary" in names:
                        inputs["secondary"] = data.get(names["secondary"])
                out.append((item["indicator"], inputs))
        return out

    def carried_codes(self) -> list[str]:
        """Codes of the group's values carried from last year and not yet confirmed."""
        return [
            item["indicator"].code
            for row in self.rows
            for item in row["indicators"]
            if "confirm" in item
        ]

    def confirmed_codes(self, *, whole_group: bool = False) -> list[str]:
        """Carried values the officer confirms as they are: ticked (or all, ``whole_group``).

        A value the officer changed is no longer carried anyway.
        """
        changed = {indicator.code for indicator, _inputs in self.changed_indicators()}
        return [
            item["indicator"].code
            for row in self.rows
            for item in row["indicators"]
            if "confirm" in item
            and item["indicator"].code not in changed
            and (whole_group or self.cleaned_data.get(item["confirm"]))
        ]

    def value_field(self, code: str) -> str | None:
        """The input that holds indicator ``code``'s value (where a refusal of it is shown)."""
        for row in self.rows:
            for item in row["indicators"]:
                if item["indicator"].code == code:
                    names = item["names"]
                    return names.get("bool") or names.get("value")
        return None

    def field_names(self, key: str) -> list[str]:
        """The form's fields of one key of the version (``selectors.entry_state``)."""
        if key == "remarks":
            return ["remarks"]
        kind, _sep, ident = key.partition(":")
        for row in self.rows:
            if kind == "d" and str(row["criterion"].number) == ident:
                return [row["declared"]]
            for item in row["indicators"]:
                if kind == "v" and item["indicator"].code == ident:
                    return list(item["names"].values())
        return []

    def changed_declarations(self) -> list[tuple[Criterion, bool | None]]:
        changed = set(self.changed_data)
        return [
            (row["criterion"], _bool_from(self.cleaned_data.get(row["declared"], "")))
            for row in self.rows
            if row["declared"] in changed
        ]


class EvidenceForm(forms.Form):
    """A file supporting a criterion's status (minh chứng); the service checks its kind and size."""

    criterion = forms.TypedChoiceField(
        label=_("Tiêu chí"), coerce=int, required=False, empty_value=None
    )
    title = forms.CharField(label=_("Tên tài liệu"), max_length=200)
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("PDF, JPEG hoặc PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [("", _("— cả hồ sơ —"))] + [
            (c.number, f"{c.number}. {c.name}") for c in criteria
        ]


class ReasonForm(forms.Form):
    """The reason that goes with a return or a reopening (lý do), kept in the history."""

    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class RecognitionForm(forms.ModelForm):
    """A recognition decision (quyết định công nhận) as the province records it."""

    date = VNDateField(label=_("Ngày quyết định"))
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (Recognition.Kind.RECOGNISED, Recognition.Kind.RECOGNISED.label),
            (Recognition.Kind.ACKNOWLEDGED, Recognition.Kind.ACKNOWLEDGED.label),
        ],
        initial=Recognition.Kind.RECOGNISED,
        required=False,
        help_text=_("Thừa nhận: xã hình thành sau sắp xếp mà không phải mọi xã trước đều đã đạt."),
    )

    class Meta:
        model = Recognition
        fields = ["title", "kind", "number", "date", "issuer"]
        labels = {
            "title": _("Danh hiệu"),
            "kind": _("Hình thức"),
            "number": _("Số quyết định"),
            "date": _("Ngày quyết định"),
            "issuer": _("Cơ quan ban hành"),
        }


class RevokeForm(forms.Form):
    revoked_on = VNDateField(label=_("Ngày thu hồi"))
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 2}))


class NewAssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)


class DeadlinesForm(forms.Form):
    """The deadlines of a campaign (đợt đánh giá), each optional, typed dd/mm/yyyy."""

    commune_deadline = VNDateField(label=_("Hạn xã gửi hồ sơ lên huyện"), required=False)
    district_deadline = VNDateField(label=_("Hạn huyện rà soát, chuyển tỉnh"), required=False)
    province_deadline = VNDateField(label=_("Hạn tỉnh thẩm định"), required=False)


class CampaignOpenForm(DeadlinesForm):
    """Opening a year: the year (among those a criteria set is in force for) and its deadlines."""

    year = forms.TypedChoiceField(label=_("Năm đánh giá"), coerce=int)

    field_order = ["year", "commune_deadline", "district_deadline", "province_deadline"]

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class DistrictResultsForm(forms.Form):
    """A district's own results for a year: the survey, its towns and its criteria (declared)."""

    satisfaction = VNDecimalField(
        label=_("Tỷ lệ hài lòng của người dân (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )
    towns_civilised = forms.IntegerField(
        label=_("Số thị trấn đạt chuẩn đô thị văn minh"), required=False, min_value=0
    )
    source = forms.CharField(
        label=_("Căn cứ (văn bản, kết quả lấy ý kiến)"), required=False, max_length=300
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"tc{criterion.number}"] = forms.ChoiceField(
                label=f"{criterion.number}. {criterion.name}",
                required=False,
                choices=[("", _("Chưa đánh giá")), ("1", _("Đạt")), ("0", _("Không đạt"))],
            )

    def criteria_fields(self) -> list[forms.BoundField]:
        return [self[f"tc{c.number}"] for c in self.criteria]

    def declared(self) -> dict[int, bool | None]:
        return {c.number: _bool_from(self.cleaned_data[f"tc{c.number}"]) for c in self.criteria}

    @staticmethod
    def initial_from(state: dict[str, str | None]) -> dict[str, Any]:
        """The form's values from the stored state (``district_results_state``)."""
        initial: dict[str, Any] = {
            k: v for k, v in state.items() if not k.startswith("tc") and v is not None
        }
        if "satisfaction" in initial:
            initial["satisfaction"] = Decimal(initial["satisfaction"])
        for key, value in state.items():
            if key.startswith("tc"):
                initial[key] = {"True": "1", "False": "0"}.get(value or "", "")
        return initial
