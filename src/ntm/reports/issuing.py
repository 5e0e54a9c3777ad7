"""How an office issues its report, and the figures it compares with (pure; no Django).

``IssuingSetting`` is an office's ``reports.DocumentSetting`` as the report takes
it: header lines, number and symbol, place and date, signature block,
recipients, its own headings of the report's sections. ``Reference`` is a
``reports.ReferenceFigure``: a figure the unit cannot compute (the region's
average criteria per commune, the unit's share of the region's communes meeting
the standard), entered with its source. ``reports.references`` writes the sentences of
part I.9 that state them.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ntm.evaluation.numbers import format_number

__all__ = [
    "REFERENCE_KEYS",
    "IssuingSetting",
    "Reference",
    "reference_text",
]

#: The reference figures a report states, their label, default unit and the section whose
#: office text places them (docs/report.md).
REFERENCE_KEYS: dict[str, tuple[str, str, str]] = {
    "region_share_recognised": (
        "Tỷ lệ số xã đạt chuẩn của đơn vị trong số xã đạt chuẩn nông thôn mới của vùng",
        "%",
        "I.9.a",
    ),
    "region_average": ("Bình quân tiêu chí/xã của vùng", "tiêu chí/xã", "I.9.b"),
}


@dataclass(frozen=True)
class IssuingSetting:
    """An office's setting of its report (empty values: NTM's defaults, ``reports.annual``)."""

    issuer_parent: str = ""
    issuer_lines: tuple[str, ...] = ()
    symbol: str = ""
    number: str = ""
    place: str = ""
    date: datetime.date | None = None
    signature_lines: tuple[str, ...] = ()
    signer: str = ""
    recipients: tuple[str, ...] = ()
    headings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """A figure entered by the office, with its source (``reports.ReferenceFigure``)."""

    key: str
    value: Decimal
    unit_label: str
    subject: str
    source: str
    note: str = ""


def reference_text(value: Decimal) -> str:
    """The entered value with the decimals it was entered with: 12.28 → "12,28", 3.3 → "3,3"."""
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, places)
