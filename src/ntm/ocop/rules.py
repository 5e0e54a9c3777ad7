"""The OCOP rules (Chương trình Mỗi xã một sản phẩm): groups, score sheets, levels, stars, certificates.

Pure Python (no Django; tests/test_architecture.py keeps it so). Every fact
here comes from /work/shared/reference/ocop/README.md, the rules' summary with
its sources (QĐ 490/2018, 1048/2019, 919/2022, 148/2023, 1489/2025):

* score sheets are versioned data (``SHEETS``): the sheet in force on the
  rating's date is looked up, never assumed;
* the star bands are the same under both sheets (``BANDS``);
* the rating levels are data with dates (``LEVELS``): before the 2025 reform
  the district rated 3★, the province 4★, the centre 5★; after it the
  province rates 3★ and 4★ and the centre (the ministry) 5★;
* certificates only from 3★, valid 36 months from issue; the issuer notifies
  the holder at least 30 days before expiry (``EXPIRING_DAYS``).

Mandatory criteria: QĐ 148 has them per sub-group (Phụ lục III) but their
text was not retrieved (README), so no sheet ships any. The rule is here
(``stars_for``: failing one caps the product at 2★) for when they are loaded.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

SOURCE = "reference/ocop/README.md"


def gettext_noop(text: str) -> str:
    """Marks a name for translation (collected by ``makemessages``; pages translate it when
    shown, files and the report print the Vietnamese); returns it as is."""
    return text


#: Product groups of QĐ 919/QĐ-TTg (01/08/2022), code → Vietnamese name.
GROUPS: dict[str, str] = {
    "thuc_pham": gettext_noop("Thực phẩm"),
    "do_uong": gettext_noop("Đồ uống"),
    "duoc_lieu": gettext_noop("Dược liệu và sản phẩm từ dược liệu"),
    "thu_cong_my_nghe": gettext_noop("Thủ công mỹ nghệ"),
    "sinh_vat_canh": gettext_noop("Sinh vật cảnh"),
    "du_lich": gettext_noop("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
}

#: Kinds of producer (chủ thể OCOP), code → Vietnamese name.
PRODUCER_KINDS: dict[str, str] = {
    "hop_tac_xa": gettext_noop("Hợp tác xã"),
    "doanh_nghiep": gettext_noop("Doanh nghiệp"),
    "ho_kinh_doanh": gettext_noop("Hộ sản xuất, kinh doanh"),
    "to_hop_tac": gettext_noop("Tổ hợp tác"),
}


@dataclass(frozen=True)
class ScoreSheet:
    """A score sheet (bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP) and its period.

    ``valid_to`` is excluded. ``mandatory`` lists the criteria a product must
    meet to reach 3★ (none shipped: see the module docstring).
    """

    code: str
    legal_basis: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    max_a: Decimal
    max_b: Decimal
    max_c: Decimal
    mandatory: tuple[str, ...] = ()
    source: str = SOURCE

    @property
    def maxima(self) -> dict[str, Decimal]:
        return {"a": self.max_a, "b": self.max_b, "c": self.max_c}

    def in_force(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)


SHEETS: tuple[ScoreSheet, ...] = (
    ScoreSheet(
        "qd-1048-2019",
        "Quyết định 1048/QĐ-TTg ngày 21/08/2019",
        # The programme and its ranking start with QĐ 490/2018; 1048 is its first score sheet.
        datetime.date(2018, 1, 1),
        datetime.date(2023, 2, 24),
        Decimal(35),
        Decimal(25),
        Decimal(40),
    ),
    ScoreSheet(
        "qd-148-2023",
        "Quyết định 148/QĐ-TTg ngày 24/02/2023",
        datetime.date(2023, 2, 24),
        None,
        Decimal(40),
        Decimal(25),
        Decimal(35),
    ),
)


class NoSheet(ValueError):
    """No score sheet was in force on that date."""


def year_date(year: int) -> datetime.date:
    """The date a rating known only by its year is taken at: 31/12 (as for classifications)."""
    return datetime.date(year, 12, 31)


def sheet_for(on: datetime.date, sheets: tuple[ScoreSheet, ...] = SHEETS) -> ScoreSheet:
    """The score sheet in force on ``on`` (the rating's date)."""
    for sheet in sheets:
        if sheet.in_force(on):
            return sheet
    raise NoSheet(f"không có bộ tiêu chí OCOP nào có hiệu lực ngày {on:%d/%m/%Y}")


def sheet_by_code(code: str) -> ScoreSheet:
    for sheet in SHEETS:
        if sheet.code == code:
            return sheet
    raise NoSheet(f"không có bộ tiêu chí OCOP mã “{code}”")


@dataclass(frozen=True)
class Band:
    """Points from ``low`` (included) up to the next band give ``stars``."""

    stars: int
    low: Decimal


#: QĐ 148 (same bands in 1048): 1★ < 30; 2★ 30 to < 50; 3★ 50 to < 70; 4★ 70 to < 90; 5★ ≥ 90.
BANDS: tuple[Band, ...] = (
    Band(5, Decimal(90)),
    Band(4, Decimal(70)),
    Band(3, Decimal(50)),
    Band(2, Decimal(30)),
    Band(1, Decimal(0)),
)

#: Certificates from this many stars (README: "Certificates only from 3★").
CERTIFIED_FROM = 3
#: With a mandatory criterion failed, a product stays below CERTIFIED_FROM.
CAP_WITHOUT_MANDATORY = 2


@dataclass(frozen=True)
class StarResult:
    """The stars of a score, and why: the band's lower bound and whether a criterion capped it."""

    stars: int
    total: Decimal
    band_low: Decimal
    capped: bool = False


class ScoreError(ValueError):
    """A part score a sheet cannot hold: ``part`` is "a", "b" or "c"."""

    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part


def score_check(sheet: ScoreSheet, part: str, score: Decimal) -> None:
    """Raise ScoreError unless ``score`` lies between 0 and the sheet's maximum for ``part``."""
    if score < 0:
        raise ScoreError(part, f"điểm phần {part.upper()} không được âm ({score})")
    top = sheet.maxima[part]
    if score > top:
        raise ScoreError(
            part,
            f"điểm phần {part.upper()} là {score}, quá mức tối đa {top} của {sheet.legal_basis}",
        )


def stars_for(
    sheet: ScoreSheet,
    a: Decimal,
    b: Decimal,
    c: Decimal,
    *,
    mandatory_failed: bool = False,
) -> StarResult:
    """The stars of the part scores under ``sheet`` (bands of QĐ 148, same in 1048).

    Raises ScoreError for a part out of the sheet's range. A product failing a
    mandatory criterion cannot reach 3★: it is capped at 2★.
    """
    for part, score in (("a", a), ("b", b), ("c", c)):
        score_check(sheet, part, score)
    total = a + b + c
    band = next(band for band in BANDS if total >= band.low)
    if mandatory_failed and band.stars > CAP_WITHOUT_MANDATORY:
        capped = next(b for b in BANDS if b.stars == CAP_WITHOUT_MANDATORY)
        return StarResult(CAP_WITHOUT_MANDATORY, total, capped.low, capped=True)
    return StarResult(band.stars, total, band.low)


# --- levels ---------------------------------------------------------------------------

DISTRICT = "huyen"
PROVINCE = "tinh"
CENTRAL = "trung_uong"
LEVEL_NAMES = {
    DISTRICT: gettext_noop("Cấp huyện"),
    PROVINCE: gettext_noop("Cấp tỉnh"),
    CENTRAL: gettext_noop("Trung ương"),
}

#: The end of the district level (chính quyền hai cấp from 01/07/2025; QĐ 1489/QĐ-TTg of
#: 06/07/2025 gives the province 3★ and 4★).
REFORM = datetime.date(2025, 7, 1)


@dataclass(frozen=True)
class Level:
    """Which level rates products of ``stars`` in a period (``valid_to`` excluded)."""

    code: str
    stars: tuple[int, ...]
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    legal_basis: str

    def in_force(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on < self.valid_to
        )


LEVELS: tuple[Level, ...] = (
    Level(DISTRICT, (1, 2, 3), None, REFORM, "QĐ 1048/QĐ-TTg (huyện đánh giá 3★)"),
    Level(PROVINCE, (4,), None, REFORM, "QĐ 1048/QĐ-TTg (tỉnh đánh giá 4★)"),
    Level(CENTRAL, (5,), None, REFORM, "QĐ 1048/QĐ-TTg (trung ương đánh giá 5★)"),
    Level(PROVINCE, (1, 2, 3, 4), REFORM, None, "QĐ 1489/QĐ-TTg (tỉnh đánh giá 3★, 4★)"),
    Level(CENTRAL, (5,), REFORM, None, "QĐ 1489/QĐ-TTg (bộ đánh giá 5★)"),
)


def level_for(stars: int, on: datetime.date) -> str:
    """The level that rates a product of ``stars`` on ``on`` (below 3★: the lowest level)."""
    for level in LEVELS:
        if stars in level.stars and level.in_force(on):
            return level.code
    raise ValueError(f"no level rates {stars} stars on {on}")  # pragma: no cover - LEVELS cover all


def levels_in_force(on: datetime.date) -> list[str]:
    """The levels that rate products on ``on``, bottom up."""
    seen: list[str] = []
    for level in LEVELS:
        if level.in_force(on) and level.code not in seen:
            seen.append(level.code)
    return seen


# --- certificates -----------------------------------------------------------------------

VALID_MONTHS = 36
EXPIRING_DAYS = (30, 90)

VALID = "valid"
EXPIRING_90 = "expiring_90"
EXPIRING_30 = "expiring_30"
EXPIRED = "expired"
REVOKED = "revoked"
STATE_NAMES = {
    VALID: gettext_noop("Còn hiệu lực"),
    EXPIRING_90: gettext_noop("Sắp hết hạn (trong 90 ngày)"),
    EXPIRING_30: gettext_noop("Sắp hết hạn (trong 30 ngày)"),
    EXPIRED: gettext_noop("Hết hạn"),
    REVOKED: gettext_noop("Đã thu hồi"),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (31/01 + 1 month = 28 or 29/02)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(issued_on: datetime.date) -> datetime.date:
    """The last day a certificate is valid: 36 months from issue (its third anniversary)."""
    return add_months(issued_on, VALID_MONTHS)


def certificate_state(
    *, issued_on: datetime.date, on: datetime.date, revoked_on: datetime.date | None = None
) -> str:
    """A certificate's state on ``on``: revoked, expired, expiring within 30 or 90 days, or valid.

    "Within 30 days": 30 days or fewer left to its last day (README: the issuer
    notifies the holder at least 30 days before expiry).
    """
    if revoked_on is not None and revoked_on <= on:
        return REVOKED
    last = valid_until(issued_on)
    if on > last:
        return EXPIRED
    left = (last - on).days
    if left <= EXPIRING_DAYS[0]:
        return EXPIRING_30
    if left <= EXPIRING_DAYS[1]:
        return EXPIRING_90
    return VALID


@dataclass(frozen=True)
class OcopFigures:
    """A unit's OCOP figures for a year (for the report's section and the dashboard).

    ``by_stars``, ``by_level``, ``by_district``: products rated in the year's
    round; ``new``: products whose first 3★ or more is this year's; ``certified``:
    certificates in force on ``on`` (31/12 of the year unless given);
    ``expiring``: of those, expiring within 90 days of ``on``.
    """

    year: int
    on: datetime.date
    rated: int
    by_stars: dict[int, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)
    new: int = 0
    certified: int = 0
    expiring: int = 0
    districts_certified: int = 0  # districts with a certificate in force on ``on``

    @property
    def three_stars(self) -> int:
        """Products of the year's round reaching 3 stars or more."""
        return sum(n for stars, n in self.by_stars.items() if stars >= CERTIFIED_FROM)

    @property
    def any(self) -> bool:
        return bool(self.rated or self.certified)
