"""The interchange file formats: their columns, how a file's kind is recognised, and cell parsing.

Pure Python (no Django): the formats are documented in docs/formats.md and
this module is their single definition. Three kinds of file, each a table with
a header row:

* criterion statuses ``year,commune_code,criterion,met``;
* indicator values ``year,commune_code,indicator,value`` (optional
  ``secondary_value`` for an indicator with a secondary part, e.g. 17.1);
* targets ``year,province_code,row_id,value`` (or ``district_code`` for a
  district's plan; optional ``high`` for a range and ``note`` for the plan's words);
* OCOP ratings ``year,product_code,name,commune_code,group,score_a,score_b,score_c``
  (docs/ocop.md; checked by ``interchange.ocop``, written by ``ocop.services``);
* funds ``year,unit_code,source,allocated,disbursed`` and support
  ``year,sponsor,commune_code,cash,in_kind,materials`` (checked by
  ``interchange.resources``, written by ``resources.services``).
* the programme's activities (docs/formats.md; checked by ``interchange.activities``,
  written by ``activities.services``): courses ``year,unit_code,kind,classes,participants``,
  events ``date,unit_code,kind,description``, value chains
  ``year,unit_code,plan_code,product,communes`` and directives
  ``number,date,issuer,kind,subject``.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ntm.evaluation.numbers import NumberError

STATUSES = "statuses"
VALUES = "values"
TARGETS = "targets"
OCOP = "ocop"
FUNDS = "funds"
SUPPORT = "support"
COURSES = "courses"
EVENTS = "events"
VALUE_CHAINS = "value_chains"
DIRECTIVES = "directives"
KINDS = (STATUSES, VALUES, TARGETS)
#: The programme's activities (``ntm.activities``): exported only when asked for, as OCOP.
ACTIVITY_KINDS = (COURSES, EVENTS, VALUE_CHAINS, DIRECTIVES)
#: Every kind a file may be; OCOP ratings, funds, support and the activities are exported
#: only when asked for (``--kind ocop``, ``--kind funds`` …).
ALL_KINDS = (*KINDS, OCOP, FUNDS, SUPPORT, *ACTIVITY_KINDS)

KIND_LABELS = {
    STATUSES: "trạng thái tiêu chí",
    VALUES: "giá trị chỉ tiêu",
    TARGETS: "chỉ tiêu kế hoạch",
    OCOP: "sản phẩm OCOP",
    FUNDS: "nguồn vốn",
    SUPPORT: "hỗ trợ xã",
    COURSES: "lớp đào tạo, tập huấn",
    EVENTS: "sự kiện chỉ đạo",
    VALUE_CHAINS: "kế hoạch liên kết chuỗi giá trị",
    DIRECTIVES: "văn bản chỉ đạo",
}

YEAR_MIN = 1990
YEAR_MAX = 2100


@dataclass(frozen=True)
class FileFormat:
    """One layout of an interchange table: its kind, required and optional columns."""

    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    unit_column: str = "commune_code"

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def header(self) -> str:
        return ",".join(self.required)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


# ``criteria_set`` (optional): the code of the set of a file that is not the standard one
# (xa-ntm-nang-cao-2021-2025); empty or absent, the standard set in force that year.
STATUSES_FORMAT = FileFormat(
    STATUSES, ("year", "commune_code", "criterion", "met"), ("criteria_set",)
)
VALUES_FORMAT = FileFormat(
    VALUES, ("year", "commune_code", "indicator", "value"), ("secondary_value", "criteria_set")
)
# ``high`` (optional): the high bound of a range whose low bound is ``value`` ("5 - 10");
# ``note`` (optional): the plan's own words kept with the target (the list it refers to).
TARGETS_FORMAT = FileFormat(
    TARGETS,
    ("year", "province_code", "row_id", "value"),
    ("high", "note"),
    unit_column="province_code",
)
DISTRICT_TARGETS_FORMAT = FileFormat(
    TARGETS,
    ("year", "district_code", "row_id", "value"),
    ("high", "note"),
    unit_column="district_code",
)
#: OCOP products and their ratings by round (docs/ocop.md); ``stars`` and ``valid_until``
#: are computed on export and, when a file states them, checked against the scores.
OCOP_FORMAT = FileFormat(
    OCOP,
    (
        "year",
        "product_code",
        "name",
        "commune_code",
        "group",
        "score_a",
        "score_b",
        "score_c",
    ),
    ("producer", "producer_type", "stars", "certificate_no", "certificate_date", "valid_until"),
)
# A village's (thôn) file: ``village_code`` is the code ``ntm loadvillages`` gives (1438.01);
# the set is the village set in force for the village's province that year.
VILLAGE_STATUSES_FORMAT = FileFormat(
    STATUSES, ("year", "village_code", "criterion", "met"), unit_column="village_code"
)
VILLAGE_VALUES_FORMAT = FileFormat(
    VALUES, ("year", "village_code", "indicator", "value"), ("secondary_value",), "village_code"
)
# A district's own criteria (huyện nông thôn mới): the district set in force that year; the
# sets ship no indicator for them, so a district's file has statuses only.
DISTRICT_STATUSES_FORMAT = FileFormat(
    STATUSES, ("year", "district_code", "criterion", "met"), unit_column="district_code"
)
#: Funds by source (nguồn vốn) of a province, district or commune (``unit_code``: its level
#: is read from the code's width, see ``interchange.resources``); ``as_of`` optional, and
#: ``level`` for a summary row of the units below (``resources.Fund.level``).
FUNDS_FORMAT = FileFormat(
    FUNDS,
    ("year", "unit_code", "source", "allocated", "disbursed"),
    ("as_of", "level"),
    "unit_code",
)
#: What the units assigned to help a commune gave it (đơn vị phụ trách xã), in triệu đồng.
SUPPORT_FORMAT = FileFormat(
    SUPPORT, ("year", "sponsor", "commune_code", "cash", "in_kind", "materials")
)
# The programme's activities (docs/formats.md): ``unit_code`` names a province by its two
# digits (04) or a district by its three (045), as the official list writes them.
COURSES_FORMAT = FileFormat(
    COURSES, ("year", "unit_code", "kind", "classes", "participants"), unit_column="unit_code"
)
EVENTS_FORMAT = FileFormat(
    EVENTS, ("date", "unit_code", "kind", "description"), unit_column="unit_code"
)
#: ``plan``: the plan's title as the office names it; ``plans``: how many plans the row
#: stands for (default 1), for a level's count whose plans are not listed one by one;
#: ``level`` ``huyen``: the row counts plans the districts approved (a province's record).
VALUE_CHAINS_FORMAT = FileFormat(
    VALUE_CHAINS,
    ("year", "unit_code", "plan_code", "product", "communes"),
    ("plan", "plans", "level"),
    unit_column="unit_code",
)
#: ``unit_code`` (optional): the issuing level; empty or absent, the importing officer's unit.
DIRECTIVES_FORMAT = FileFormat(
    DIRECTIVES, ("number", "date", "issuer", "kind", "subject"), ("unit_code",), "unit_code"
)
ACTIVITY_FORMATS = (COURSES_FORMAT, EVENTS_FORMAT, VALUE_CHAINS_FORMAT, DIRECTIVES_FORMAT)
FORMATS = (
    STATUSES_FORMAT,
    VALUES_FORMAT,
    TARGETS_FORMAT,
    DISTRICT_TARGETS_FORMAT,
    DISTRICT_STATUSES_FORMAT,
    VILLAGE_STATUSES_FORMAT,
    VILLAGE_VALUES_FORMAT,
    OCOP_FORMAT,
    FUNDS_FORMAT,
    SUPPORT_FORMAT,
    *ACTIVITY_FORMATS,
)
#: The level (AdminUnit.Level) of the unit each unit column names.
UNIT_COLUMN_LEVELS = {"province_code": 1, "district_code": 2, "commune_code": 3, "village_code": 4}
# The formats a user is told about when a header is not recognised.
MAIN_FORMATS = (
    STATUSES_FORMAT,
    VALUES_FORMAT,
    TARGETS_FORMAT,
    OCOP_FORMAT,
    FUNDS_FORMAT,
    SUPPORT_FORMAT,
    *ACTIVITY_FORMATS,
)


#: A cell that cannot be read; the message says why, in Vietnamese (the numbers module's error).
CellError = NumberError


def normalise_text(text: str) -> str:
    """NFC, no BOM, no surrounding white space, inner white space collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    return " ".join(text.split())


def normalise_header(text: str) -> str:
    """A header cell as matched against column names: tolerant of BOM, spaces and case."""
    text = normalise_text(text).lower()
    return re.sub(r"[\s\-]+", "_", text)


@dataclass
class Detection:
    """What a header row says: the format (if recognised), where each column is, and problems.

    ``problems`` are ``(column, message)`` pairs about the header row.
    """

    format: FileFormat | None
    index: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str | None, str]] = field(default_factory=list)


def _known_headers() -> str:
    return "; ".join(f"“{f.header}”" for f in MAIN_FORMATS)


def format_detect(header: list[str]) -> Detection:
    """Recognise a file's kind by its header (column names exact, order free).

    A header that is nearly one format's (most of its columns present) is
    taken as that format and its missing or unknown columns are reported;
    anything else is refused with the list of the known headers.
    """
    names = [normalise_header(h) for h in header]
    # Trailing empty header cells (a spreadsheet's stray columns) are ignored.
    while names and not names[-1]:
        names.pop()
    if not any(names):
        return Detection(None, problems=[(None, "dòng tiêu đề trống")])
    problems: list[tuple[str | None, str]] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            problems.append((f"cột {i + 1}", "tên cột trống"))
        elif name in seen:
            problems.append((header[i].strip(), f"cột “{name}” có hai lần"))
        else:
            seen[name] = i
    present = set(seen)
    if len(names) == 1 and (";" in header[0] or "\t" in header[0]):
        return Detection(
            None,
            problems=[
                (None, "các cột phải cách nhau bằng dấu phẩy (,), không phải dấu chấm phẩy hay tab")
            ],
        )

    def score(fmt: FileFormat) -> int:
        return len(present & set(fmt.required))

    ranked = sorted(FORMATS, key=score, reverse=True)
    best = ranked[0]
    tie = score(ranked[1]) == score(best) and ranked[1].kind != best.kind
    if score(best) < 2 or tie:
        return Detection(
            None,
            problems=[
                (
                    None,
                    f"không nhận ra loại tệp từ dòng tiêu đề; cần một trong các dòng tiêu đề: {_known_headers()}",
                )
            ],
        )
    for name in best.required:
        if name not in present:
            problems.append(
                (name, f"thiếu cột “{name}” (tệp {best.label} cần các cột {best.header})")
            )
    for name in names:
        if name and name not in best.columns:
            problems.append(
                (
                    name,
                    f"cột không rõ “{name}” (tệp {best.label} có các cột {', '.join(best.columns)})",
                )
            )
    index = {name: seen[name] for name in best.columns if name in seen}
    labels = {name: header[i].strip().replace("\ufeff", "") or name for name, i in index.items()}
    return Detection(best, index=index, labels=labels, problems=problems)


# --- cells -----------------------------------------------------------------


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold.

    Whole numbers lose their ``.0`` (Excel stores 2019 as 2019.0); other
    numbers keep their shortest exact form (85.5).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return normalise_text(str(value))


def parse_year(text: str) -> int:
    """A calendar year written in full (1990-2100)."""
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(
            f"năm không hợp lệ “{text}” (cần năm 4 chữ số, từ {YEAR_MIN} đến {YEAR_MAX})"
        )
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise CellError(f"năm không hợp lệ “{text}” (cần từ {YEAR_MIN} đến {YEAR_MAX})")
    return year


def parse_code(text: str, what: str = "mã xã") -> str:
    """An administrative unit code, with or without leading zeros ("01267" is "1267")."""
    if not re.fullmatch(r"\d{1,10}", text):
        raise CellError(f"{what} không hợp lệ “{text}” (cần một số, ví dụ 01267)")
    return str(int(text))


def parse_village_code(text: str) -> str:
    """A village's code as ``ntm loadvillages`` stores it: the commune's code, a dot, its own."""
    commune, dot, own = text.partition(".")
    if not dot or not own or not re.fullmatch(r"\d{1,10}", commune):
        raise CellError(
            f"mã thôn không hợp lệ “{text}” (cần mã xã, dấu chấm và mã thôn, ví dụ 1438.01)"
        )
    return f"{int(commune)}.{own}"


def parse_unit_code(text: str, column: str) -> str:
    """The code in a unit column (``commune_code``, ``village_code``…), normalised."""
    if column == "village_code":
        return parse_village_code(text)
    return parse_code(text, "mã xã" if column == "commune_code" else "mã đơn vị")


def parse_int(text: str, what: str) -> int:
    if not re.fullmatch(r"\d{1,4}", text):
        raise CellError(f"{what} không hợp lệ “{text}” (cần một số nguyên)")
    return int(text)


def parse_met(text: str) -> bool:
    """The ``met`` column: 1 (đạt) or 0 (không đạt)."""
    if text == "1":
        return True
    if text == "0":
        return False
    raise CellError(f"met phải là 1 (đạt) hoặc 0 (không đạt), không phải “{text}”")


def ambiguous_number(text: str, valid: set[str] | frozenset[str]) -> str | None:
    """For a code a spreadsheet stored as a number: another code it may have been (2.1 vs 2.10)."""
    if "." in text and (text + "0") in valid:
        return text + "0"
    return None
