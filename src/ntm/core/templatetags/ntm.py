"""Template filters and tags shared by every page: Vietnamese numbers, badges, navigation."""

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ntm.evaluation.numbers import format_number, format_percent

register = template.Library()


def _number(value: Any) -> Decimal | Fraction | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, Decimal, Fraction)):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def vn_number(value: Any, places: int = 0) -> str:
    """``422200`` → ``422.200``; ``10.625|vn_number:2`` → ``10,63``; empty → ``–``."""
    number = _number(value)
    if number is None:
        return "–"
    return format_number(number, int(places))


@register.filter
def vn_number_strip(value: Any, places: int = 2) -> str:
    """Like ``vn_number`` without trailing zeros: ``13,00`` → ``13``."""
    number = _number(value)
    if number is None:
        return "–"
    return format_number(number, int(places), strip=True)


@register.filter
def vn_percent(value: Any, places: int = 2) -> str:
    """A percentage already scaled to 100: ``34.4632`` → ``34,46%``."""
    number = _number(value)
    if number is None:
        return "–"
    return format_percent(number, int(places))


@register.filter
def vn_signed(value: Any, places: int = 2) -> str:
    """A change with its sign: ``1.07`` → ``+1,07``; ``-0.5`` → ``−0,50``; zero has no sign (``0,00``)."""
    number = _number(value)
    if number is None:
        return "–"
    text = format_number(abs(number), int(places))
    if text.strip("0,") == "":
        return text
    return f"+{text}" if number > 0 else f"−{text}"


@register.filter
def delta_class(value: Any) -> str:
    number = _number(value)
    if number is None or number == 0:
        return "delta-flat"
    return "delta-up" if number > 0 else "delta-down"


@register.filter
def met_class(value: bool | None) -> str:
    return {True: "met", False: "unmet"}.get(value, "unknown")  # type: ignore[arg-type]


@register.filter
def met_label(value: bool | None) -> str:
    if value is True:
        return _("Đạt")
    if value is False:
        return _("Chưa đạt")
    return _("Chưa đánh giá")


@register.simple_tag
def state_badge(state: str, label: str) -> str:
    """A coloured badge for a workflow state (css class ``badge-<state>``) with its label."""
    return format_html('<span class="badge badge-{}">{}</span>', state, label)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


@register.filter
def op_symbol(op: str) -> str:
    return _OPS.get(op or "", op or "")


@register.filter
def vn_value(value: Any, unit: str = "") -> str:
    """A value of the explanation: a bool as Đạt/Không đạt, a number the Vietnamese way with its unit."""
    if value is None or value == "":
        return "–"
    if value is True or value == "true":
        return _("Đạt")
    if value is False or value == "false":
        return _("Không đạt")
    number = _number(value)
    if number is None:
        return str(value)
    text = format_number(number, 2, strip=True)
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip() if unit and unit not in ("Đạt", "Không") else text


@register.filter
def bound(form: Any, name: str) -> Any:
    """``form|bound:name`` → the bound field, for forms whose fields are built from data."""
    try:
        return form[name]
    except KeyError:
        return None


@register.filter
def local_time(value: str) -> str:
    """An ISO timestamp (as jobs record them, in UTC) as local ``HH:MM:SS``."""
    import datetime

    from django.utils import timezone

    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return ""
    if timezone.is_naive(moment):
        return moment.strftime("%H:%M:%S")
    return timezone.localtime(moment).strftime("%H:%M:%S")
