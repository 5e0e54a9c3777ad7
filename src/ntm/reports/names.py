"""How the report names units, its issuer and its own number (pure; no Django).

A report is issued by the steering committee of a province or district
(Ban Chỉ đạo các Chương trình mục tiêu quốc gia) under a number and a symbol
(số và ký hiệu, Nghị định 30/2020/NĐ-CP): "Số: 215/BC-BCĐ". The symbol and the
issuer are the defaults below until each office sets its own.
"""

from dataclasses import dataclass

from ntm.units.names import KIND_PREFIX, kind_prefix, unit_label

__all__ = [
    "DEFAULT_ISSUER",
    "DEFAULT_ISSUER_NAME",
    "DEFAULT_SYMBOL",
    "KIND_PREFIX",
    "ReportUnit",
    "kind_prefix",
    "report_reference",
    "unit_label",
]

#: The symbol after a report's number ("215/BC-BCĐ"): the one default, until a setting holds
#: each office's (the Cao Bằng 2019 report is "BC-BCĐCTMTQG").
DEFAULT_SYMBOL = "BC-BCĐ"
#: The issuing body in the report's header.
DEFAULT_ISSUER = "BAN CHỈ ĐẠO CÁC CTMTQG"
#: The issuing body's full name (closing sentence, appendix caption), before the unit's label.
DEFAULT_ISSUER_NAME = "Ban Chỉ đạo các Chương trình mục tiêu quốc gia"


def report_reference(number: str, *, symbol: str = DEFAULT_SYMBOL, blank: str = "…") -> str:
    """The report's number and symbol: "215" → "215/BC-BCĐ".

    A number the office typed with its symbol ("215/BC-BCĐ", "215/BC-BCĐCTMTQG")
    is printed as given; a number under 10 takes a leading 0 ("5" → "05/BC-BCĐ",
    Nghị định 30/2020/NĐ-CP); without a number, ``blank`` holds its place (the
    number is then written by hand on the signed copy).
    """
    number = number.strip()
    if "/" in number:
        return number
    if number.isdigit() and int(number) < 10:
        # Nghị định 30/2020/NĐ-CP, Phụ lục I: a number under 10 is written with a leading 0.
        number = f"{int(number):02d}"
    return f"{number or blank}/{symbol}"


@dataclass(frozen=True)
class ReportUnit:
    """The province or district whose report it is, as the report names it."""

    code: str
    name: str
    kind: str
    is_province: bool
    symbol: str = DEFAULT_SYMBOL
    issuer: str = DEFAULT_ISSUER
    issuer_long: str = DEFAULT_ISSUER_NAME

    @property
    def label(self) -> str:
        """ "tỉnh Cao Bằng"."""
        return unit_label(self.kind, self.name)

    @property
    def issuer_name(self) -> str:
        """ "Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh Cao Bằng"."""
        return f"{self.issuer_long} {self.label}"
