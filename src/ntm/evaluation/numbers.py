"""Numbers and verdicts as NTM reads and writes them: the one module for both (pure; no Django).

Two ways of writing a number are read:

* **files** (CSV and the interchange tables): a decimal point and no
  thousands separator, ``31.25``; a comma is refused because ``1,234`` is
  ambiguous there;
* **typed** by people (web forms, the cells of the people's workbook), the
  Vietnamese way: a decimal comma and dots between thousands, ``1.234,5``;
  a number without a comma is read with dots as thousands only when they
  group exactly three digits (``1.500`` = 1500), so ``34.46`` typed on an
  English keyboard still means 34,46.

Verdicts are ``Đạt`` / ``Không đạt`` (any case, with or without diacritics,
any Unicode composition). Shown, numbers use "." between thousands and ","
before decimals: ``422.200``, ``34,46%``; rounding is half away from zero, on
exact decimals.
"""

import datetime
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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


# --------------------------------------------------------------------------- reading

MET = "Đạt"
NOT_MET = "Không đạt"


class NumberError(ValueError):
    """A number or verdict that cannot be read; the message says why, in Vietnamese."""


_FILE_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_TYPED_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_TYPED_COMMA = re.compile(r"[+-]?\d{1,3}(\.\d{3})*,\d+|[+-]?\d+,\d+")


def parse_number(text: str, *, typed: bool = False) -> Decimal:
    """Read a number written in a file (``typed=False``) or typed by a person (see the module).

    Raises :class:`NumberError` with a message that says how to write it.
    """
    raw = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise NumberError("Thiếu giá trị.")
    if typed:
        if "," in raw:
            if not _TYPED_COMMA.fullmatch(raw):
                raise NumberError(f"“{text}” không phải là một số (ví dụ 34,46 hoặc 1.500).")
            raw = raw.replace(".", "").replace(",", ".")
        elif _TYPED_THOUSANDS.fullmatch(raw):
            raw = raw.replace(".", "")
    elif re.fullmatch(r"[+-]?\d+,\d+", raw):
        raise NumberError(
            f"“{text}”: dùng dấu chấm thập phân (ví dụ {raw.replace(',', '.', 1)}), "
            "không dùng dấu phẩy hay dấu phân cách hàng nghìn"
        )
    if not _FILE_NUMBER.fullmatch(raw):
        raise NumberError(f"“{text}” không phải là một số (ví dụ 31.2).")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the patterns exclude it
        raise NumberError(f"“{text}” không phải là một số.") from exc
    return value


#: The two ways a file writes a date: ISO (what exports write) and the documents' dd/mm/yyyy.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(text: str) -> datetime.date:
    """A date written ``YYYY-MM-DD`` or ``dd/mm/yyyy`` (``4/5/2019`` too): the one date parser
    of files. Raises :class:`NumberError` saying how to write it."""
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise NumberError(f"ngày không hợp lệ “{text}” (cần dd/mm/yyyy, ví dụ 15/03/2024)")


def as_decimal(value: object) -> Decimal:
    """A number given to a service: a Decimal or int as it is, a text as files write it."""
    if isinstance(value, bool):
        raise NumberError(f"“{value}” không phải là một số.")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(f"“{value}” không phải là một số.")
        return value
    if isinstance(value, int):
        return Decimal(value)
    return parse_number(str(value))


def _fold(text: str) -> str:
    """Lower case without diacritics, single spaces ("Không  đạt" → "khong dat")."""
    text = unicodedata.normalize("NFD", " ".join(str(text).split()).lower()).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c)).replace("\u0111", "d")


_VERDICTS = {"dat": True, "khong dat": False, "chua dat": False}


def parse_verdict(text: str) -> bool:
    """``Đạt`` (True) or ``Không đạt`` / ``Chưa đạt`` (False); case and diacritics tolerated."""
    found = _VERDICTS.get(_fold(unicodedata.normalize("NFC", str(text))))
    if found is None:
        raise NumberError(f"cần “{MET}” hoặc “{NOT_MET}”, không phải “{text}”")
    return found


def verdict_text(value: bool) -> str:
    return MET if value else NOT_MET


def decimal_text(value: Decimal) -> str:
    """A number as files write it: decimal point, no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
