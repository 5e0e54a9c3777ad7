"""Exact rounding and Vietnamese number formats (pure; no Django).

Vietnamese formats use "." between thousands and "," before decimals:
``422.200``, ``34,46%``. Rounding is half away from zero, on exact decimals.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

Number = int | Decimal | Fraction


def round_half_away(value: Number, places: int = 2) -> Decimal:
    """Round half away from zero (ROUND_HALF_UP acts on the magnitude in ``decimal``)."""
    if isinstance(value, Fraction):
        # Exact: scale, round the magnitude, restore the sign.
        scaled = abs(value) * 10**places
        whole, rest = divmod(scaled.numerator, scaled.denominator)
        if 2 * rest >= scaled.denominator:
            whole += 1
        result = Decimal(whole).scaleb(-places)
        return -result if value < 0 else result
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(value: Number, places: int = 0, *, strip: bool = False) -> str:
    """``422200`` → ``422.200``; ``Decimal('10.621')``, 2 → ``10,62``.

    With ``strip``, trailing zeros of the decimals are dropped (``13,00`` → ``13``).
    """
    rounded = round_half_away(value, places)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{places}f}"
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if strip:
        frac = frac.rstrip("0")
    return f"{sign}{out},{frac}" if frac else f"{sign}{out}"


def format_percent(value: Number, places: int = 2) -> str:
    """A percentage already scaled to 100: ``34.4632`` → ``34,46%``."""
    return f"{format_number(value, places)}%"


def format_count(value: int) -> str:
    """Counts as the reports write them: under 10 with two digits (``05``), else grouped."""
    if 0 <= value < 10:
        return f"{value:02d}"
    return format_number(value)
