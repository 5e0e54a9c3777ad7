"""Form fields shared by the pages: numbers typed the Vietnamese way (``evaluation.numbers``)."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.core.params import YEAR_MAX, YEAR_MIN
from ntm.evaluation.numbers import NumberError, format_number, parse_number


def render_vn_decimal(value: Decimal | None) -> str:
    """A stored value back in the input, without trailing zeros (``34,4600`` → ``34,46``)."""
    if value is None:
        return ""
    places = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return format_number(value, min(places, 4), strip=True)


class VNDecimalInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "decimal", "autocomplete": "off", "size": "10"}
        base.update(attrs or {})
        super().__init__(base)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            return render_vn_decimal(value)
        return super().format_value(value)


class VNDecimalField(forms.Field):
    """A decimal typed with a decimal comma; empty means "not reported"."""

    widget = VNDecimalInput
    default_error_messages = {
        "invalid": _("Nhập một số, ví dụ 34,46 hoặc 1.500."),
        "min_value": _("Giá trị không được nhỏ hơn %(limit)s."),
        "max_value": _("Giá trị không được lớn hơn %(limit)s."),
        "whole": _("Nhập một số nguyên (không có phần thập phân)."),
        "max_whole_digits": _("Số quá lớn: phần nguyên có tối đa %(n)s chữ số."),
        "max_decimal_places": _("Có tối đa %(n)s chữ số sau dấu phẩy."),
    }

    def __init__(
        self,
        *,
        min_value: Decimal | None = None,
        max_value: Decimal | None = None,
        whole: bool = False,
        max_digits: int = 16,
        decimal_places: int = 4,
        **kwargs: Any,
    ) -> None:
        """``max_digits`` and ``decimal_places`` are those of the column the value is stored in
        (a number that does not fit is refused here, not by the database). ``max_value`` and
        ``whole`` (a whole number) are the bounds of what the value means (a ratio, a count)."""
        self.min_value, self.max_value, self.whole = min_value, max_value, whole
        self.max_digits, self.decimal_places = max_digits, decimal_places
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_number(str(value), typed=True)
        except NumberError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        self._check_fits(number)
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": render_vn_decimal(self.min_value)},
            )
        if self.max_value is not None and number > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": render_vn_decimal(self.max_value)},
            )
        if self.whole and number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["whole"], code="whole")
        return number

    def _check_fits(self, number: Decimal) -> None:
        """Refuse what the column cannot hold (trailing zeros after the comma do not count)."""
        normal = number.normalize()
        _sign, digits, exponent = normal.as_tuple()
        assert isinstance(exponent, int)  # parse_number reads no NaN or infinity
        whole, places = max(0, len(digits) + exponent), max(0, -exponent)
        if not normal.is_zero() and whole > self.max_digits - self.decimal_places:
            raise forms.ValidationError(
                self.error_messages["max_whole_digits"],
                code="max_whole_digits",
                params={"n": self.max_digits - self.decimal_places},
            )
        if not normal.is_zero() and places > self.decimal_places:
            raise forms.ValidationError(
                self.error_messages["max_decimal_places"],
                code="max_decimal_places",
                params={"n": self.decimal_places},
            )


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy (the form Vietnamese documents use), whatever the browser's language.

    A native date picker would show the browser's own format (mm/dd/yyyy on an
    English system), so the input is plain text with the format as a hint.
    """

    default_error_messages = {
        "invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 27/12/2019."),
        "out_of_range": _("Năm của ngày phải trong khoảng %(low)s–%(high)s."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={
                    "placeholder": "dd/mm/yyyy",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "size": "12",
                },
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        day = super().to_python(value)
        if day is not None and not YEAR_MIN <= day.year <= YEAR_MAX:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"low": YEAR_MIN, "high": YEAR_MAX},
            )
        return day
