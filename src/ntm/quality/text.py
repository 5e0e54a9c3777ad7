"""Reconciling a report's text: each figure with its sentence, against its own arithmetic,
against the other figures of the text, and against NTM's figures.

The statements read (Vietnamese, as the provinces' reports write them):

- a share in brackets after two amounts: "… 108.400 triệu đồng. … giải ngân được
  104.516 triệu đồng (bằng 94,46%)" — the share is the second over the first;
- a criterion's communes and share: "61 xã đạt tiêu chí số 2 - Giao thông (bằng 34,46%)"
  — the count against NTM's and the share against the count over the communes;
- the average: "Số tiêu chí bình quân của tỉnh đạt 10,62 tiêu chí/xã" — against NTM's
  average of the year (a target of the plan, "phấn đấu" or next year, is not this);
- a criterion's change in points: "(bằng 34,46%); tăng 10,17% so với năm 2018" — against
  NTM's change of the criterion's share;
- the average's change and its share of the plan: "10,62 tiêu chí/xã (bằng 96,55% so với
  kế hoạch) … tăng 1,07 tiêu chí/xã so với năm 2018";
- the communes newly meeting the standard and their share of the plan: "có thêm 05 xã đạt
  19 tiêu chí (bằng 83,33% so với kế hoạch)"; the total and its share of the communes:
  "nâng tổng số xã đạt chuẩn nông thôn mới toàn tỉnh lên 20 xã, chiếm 11,3% trên tổng số xã";
- the fall of the communes below ten criteria: "Giảm 11 xã đạt dưới 10 tiêu chí" —
  against the plan's table (this year's count less next year's planned count);
- an amount under its heading: "a) Nguồn ngân sách Trung ương: 422.200 triệu đồng" — against
  the amounts of the line under the same heading in the report NTM writes from its data
  (``amounts_against``), in order;
- a document cited twice with two numbers: "Kế hoạch số 3095/KH-UBND ngày 30/8/2019" and
  "Kế hoạch số 3093/KH-UBND ngày 30/8/2019" (same kind, symbol and date).

Each finding names its line and quotes the figure: ``dòng 69: “bằng 94,46%”: 104.516 /
108.400 = 96,42%``. Shares are compared as printed, to the decimals the text gives; a
figure NTM holds only rounded (a change, a share of the plan) differs when the print is
further from it than the print's own rounding allows. A figure NTM withholds (a
provisional year's changes) is not compared.

Pure (no Django): the text's lines and NTM's figures are given.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ntm.evaluation.numbers import NumberError, format_number, parse_number, round_half_away
from ntm.units.names import fold_name

#: The files of a report's text the reconciler reads (a Word file's paragraphs, a text's lines).
TEXT_SUFFIXES = (".docx", ".txt", ".md")

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_AMOUNT = re.compile(rf"({_NUM})\s*triệu đồng")
_SHARE_AFTER = re.compile(rf"\(bằng\s*({_NUM})\s*%\s*\)")
_CRITERION = re.compile(
    rf"({_NUM})\s+xã\s+đạt\s+tiêu\s+chí\s+(?:số\s+)?(\d+)\b[^()]*\(bằng\s*({_NUM})\s*%\s*\)",
    re.IGNORECASE,
)
_AVERAGE = re.compile(rf"bình quân[^.;]*?đạt\s+({_NUM})\s+tiêu chí/xã", re.IGNORECASE)
_CHANGE_AFTER = re.compile(rf"^\s*[;,]?\s*(tăng|giảm)\s+({_NUM})\s*%\s*so\s+với", re.IGNORECASE)
_PERCENT_OF_PLAN = re.compile(rf"\(bằng\s*({_NUM})\s*%\s*so\s+với\s+kế\s+hoạch\s*\)")
_AVERAGE_CHANGE = re.compile(
    rf"(tăng|giảm)\s+({_NUM})\s+tiêu chí/xã\s+so\s+với\s+năm\s+(\d{{4}})", re.IGNORECASE
)
_NEW_STANDARD = re.compile(
    rf"có\s+thêm\s+({_NUM})\s+xã\S*\s+đạt\s+(?:chuẩn|\d+\s+tiêu\s+chí)[^()]*?"
    rf"\(bằng\s*({_NUM})\s*%\s*so\s+với\s+kế\s+hoạch\s*\)",
    re.IGNORECASE,
)
_TOTAL_STANDARD = re.compile(
    rf"tổng\s+số\s+xã\s+đạt\s+chuẩn[^,;()]*?lên\s+({_NUM})\s+xã\s*,?\s*chiếm\s+({_NUM})\s*%"
    rf"\s*(?:trên\s+)?tổng\s+số\s+xã",
    re.IGNORECASE,
)
_BELOW_TEN = re.compile(rf"Giảm\s+({_NUM})\s+xã\s+đạt\s+dưới\s+10\s+tiêu\s+chí", re.IGNORECASE)
_DOCUMENT = re.compile(
    r"(Nghị quyết|Quyết định|Kế hoạch|Chỉ thị|Công văn|Thông báo|Hướng dẫn|Báo cáo)\s+số\s+"
    r"(\d+)/([\w.\-]+)\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})"
)
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])")
_TARGET_WORDS = ("phấn đấu", "kế hoạch", "chỉ tiêu")
#: The heading of next year's part ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ …"): its figures are targets.
_PLAN_PART = re.compile(r"^\W*(?:#+\s*)?[IVX]+\.\s*PHƯƠNG HƯỚNG")


@dataclass(frozen=True)
class TextFigures:
    """NTM's figures of the report's unit and year that the text's statements are read against."""

    year: int
    communes: int  # the total of the appendix
    average: Decimal | None  # as printed, two decimals
    criteria: Mapping[int, int]  # criterion number → communes meeting it
    below_ten_fall: int | None  # this year's communes below ten less next year's planned
    criteria_change: Mapping[int, Decimal] = field(default_factory=dict)  # points, 2 decimals
    average_change: Decimal | None = None  # against last year, 2 decimals
    average_percent_of_plan: Decimal | None = None
    standard_new: int | None = None  # communes meeting the standard less last year's
    standard_new_percent_of_plan: Decimal | None = None
    standard: int | None = None  # communes meeting the standard (a decision in force or all met)


@dataclass(frozen=True)
class TextFinding:
    line: int
    quoted: str  # as the text prints it (in the text's language)
    message: str
    message_en: str = ""

    def text(self, lang: str = "vi") -> str:
        if lang == "en":
            return f"line {self.line}: “{self.quoted}”: {self.message_en or self.message}"
        return f"dòng {self.line}: “{self.quoted}”: {self.message}"


def _number(text: str) -> Decimal | None:
    try:
        return parse_number(text, typed=True)
    except NumberError:
        return None


def _places(text: str) -> int:
    return len(text.split(",")[1]) if "," in text else 0


def _share(part: Decimal, whole: Decimal, places: int) -> Decimal:
    return round_half_away(Fraction(part) / Fraction(whole) * 100, places)


def _show(value: Decimal, places: int) -> str:
    return format_number(value, places)


def _departs(printed_text: str, value: Decimal, held_places: int = 2) -> bool:
    """Whether a printed figure departs from NTM's ``value`` (held to ``held_places``) by more
    than the two roundings allow."""
    printed = _number(printed_text)
    if printed is None:
        return False
    places = _places(printed_text)
    allowed = Decimal(5) / Decimal(10) ** (places + 1) + Decimal(5) / Decimal(10) ** (
        held_places + 1
    )
    return abs(printed - value) > allowed


def _signed(word: str, number: str) -> str:
    return f"-{number}" if word.lower() == "giảm" else number


def _said(value: Decimal, unit: str = "%", lang: str = "vi") -> str:
    if lang == "en":
        word = "a fall of" if value < 0 else "a rise of"
    else:
        word = "giảm" if value < 0 else "tăng"
    return f"{word} {format_number(abs(value), 2)}{unit}"


def _of_plan(number: int, quoted: str, held: Decimal) -> TextFinding:
    """A share of the plan as printed against NTM's."""
    shown = format_number(held, 2)
    return TextFinding(
        number,
        quoted,
        f"số liệu cho bằng {shown}% so với kế hoạch",
        f"the data give {shown}% of the plan",
    )


def _figure_statements(
    line: str, number: int, figures: TextFigures, future: bool
) -> list[TextFinding]:
    """The statements of the year read against NTM's changes, shares of the plan and totals."""
    out: list[TextFinding] = []
    for m in _CRITERION.finditer(line):
        change = figures.criteria_change.get(int(m.group(2)))
        after = _CHANGE_AFTER.match(line[m.end() :])
        if after and change is not None and _departs(_signed(*after.groups()), change):
            out.append(
                TextFinding(
                    number,
                    after.group(0).strip(" ;,").removesuffix("so với").strip(),
                    f"số liệu cho {_said(change)} (điểm phần trăm)",
                    f"the data give {_said(change, lang='en')} (points)",
                )
            )
    if future:
        return out
    if _AVERAGE.search(line):
        plan = _PERCENT_OF_PLAN.search(line)
        held = figures.average_percent_of_plan
        if plan and held is not None and _departs(plan.group(1), held):
            out.append(_of_plan(number, plan.group(0).strip("()"), held))
        change_m = _AVERAGE_CHANGE.search(line)
        held = figures.average_change
        if (
            change_m
            and held is not None
            and int(change_m.group(3)) == figures.year - 1
            and _departs(_signed(change_m.group(1), change_m.group(2)), held)
        ):
            out.append(
                TextFinding(
                    number,
                    change_m.group(0),
                    f"số liệu cho {_said(held, ' tiêu chí/xã')} so với năm {figures.year - 1}",
                    f"the data give {_said(held, ' criteria per commune', 'en')} against "
                    f"{figures.year - 1}",
                )
            )
    m = _NEW_STANDARD.search(line)
    if m:
        new, percent = _number(m.group(1)), m.group(2)
        if figures.standard_new is not None and new is not None and new != figures.standard_new:
            out.append(
                TextFinding(
                    number,
                    m.group(0).split("(")[0].strip(),
                    f"số liệu cho thêm {figures.standard_new} xã đạt chuẩn",
                    f"the data give {figures.standard_new} more communes meeting the standard",
                )
            )
        held = figures.standard_new_percent_of_plan
        if held is not None and _departs(percent, held):
            out.append(_of_plan(number, f"bằng {percent}% so với kế hoạch", held))
    m = _TOTAL_STANDARD.search(line)
    if m:
        total, share = _number(m.group(1)), m.group(2)
        if figures.standard is not None and total is not None and total != figures.standard:
            out.append(
                TextFinding(
                    number,
                    m.group(0).split(",")[0].strip(),
                    f"số liệu cho {figures.standard} xã đạt chuẩn",
                    f"the data give {figures.standard} communes meeting the standard",
                )
            )
        if total is not None and figures.communes:
            computed = Fraction(total) / figures.communes * 100
            places = _places(share)
            if round_half_away(computed, places) != round_half_away(
                _number(share) or Decimal(0), places
            ):
                out.append(
                    TextFinding(
                        number,
                        f"chiếm {share}%",
                        f"{format_number(total)} / {format_number(Decimal(figures.communes))} "
                        f"xã = {_show(round_half_away(computed, 2), 2)}%",
                        f"{format_number(total)} / {format_number(Decimal(figures.communes))} "
                        f"communes = {_show(round_half_away(computed, 2), 2)}%",
                    )
                )
    return out


def text_reconcile(lines: Sequence[str], figures: TextFigures | None) -> list[TextFinding]:
    """Every finding of a report's text, in the order of its lines."""
    out: list[TextFinding] = []
    cited: dict[tuple[str, str, str], tuple[str, int, str]] = {}
    previous_amounts: list[tuple[Decimal, str]] = []
    plan_part = False
    for number, line in enumerate(lines, start=1):
        plan_part = plan_part or bool(_PLAN_PART.match(line))
        # a share after two amounts (within the line, or the first on the line before)
        for m in _SHARE_AFTER.finditer(line):
            before = [
                (_number(a.group(1)), a.group(1)) for a in _AMOUNT.finditer(line[: m.start()])
            ]
            amounts = [(v, t) for v, t in before if v is not None]
            if len(amounts) == 1 and previous_amounts:
                amounts = [previous_amounts[-1], amounts[0]]
            if len(amounts) >= 2 and not _CRITERION.search(line):
                # the part is the last amount before the share, the whole the first: "313.800
                # triệu đồng (… 46.400 … dự phòng). … giải ngân được 262.336 triệu đồng (bằng …)"
                (whole, whole_text), (part, part_text) = amounts[0], amounts[-1]
                printed = _number(m.group(1))
                places = _places(m.group(1))
                if printed is not None and whole:
                    computed = _share(part, whole, places)
                    if round_half_away(printed, places) != computed:
                        exact = _share(part, whole, max(places, 2))
                        out.append(
                            TextFinding(
                                number,
                                m.group(0).strip("()"),
                                f"{part_text} / {whole_text} = {_show(exact, max(places, 2))}%",
                                f"{part_text} / {whole_text} = {_show(exact, max(places, 2))}%",
                            )
                        )
        amounts_here = [(_number(a.group(1)), a.group(1)) for a in _AMOUNT.finditer(line)]
        previous_amounts = [(v, t) for v, t in amounts_here if v is not None] or previous_amounts
        # the same document cited with two numbers
        for m in _DOCUMENT.finditer(line):
            kind, no, symbol, day, month, year = m.groups()
            key = (kind, symbol, f"{int(day)}/{int(month)}/{year}")
            if key in cited and cited[key][0] != no:
                first_no, first_line, first_text = cited[key]
                out.append(
                    TextFinding(
                        number,
                        m.group(0),
                        f"dòng {first_line} ghi “{first_text}”: cùng văn bản, hai số khác nhau",
                        f"line {first_line} reads “{first_text}”: the same document with "
                        "two numbers",
                    )
                )
            cited.setdefault(key, (no, number, m.group(0)))
        if figures is None:
            continue
        for m in _CRITERION.finditer(line):
            count, criterion, share_text = _number(m.group(1)), int(m.group(2)), m.group(3)
            data = figures.criteria.get(criterion)
            if count is not None and data is not None and count != data:
                out.append(
                    TextFinding(
                        number,
                        m.group(0).split("(")[0].strip(),
                        f"số liệu cho {data} xã đạt tiêu chí {criterion}",
                        f"the data give {data} communes meeting criterion {criterion}",
                    )
                )
            share = _number(share_text)
            places = _places(share_text)
            if count is not None and share is not None and figures.communes:
                computed = _share(count, Decimal(figures.communes), places)
                if round_half_away(share, places) != computed:
                    computed = _share(count, Decimal(figures.communes), max(places, 2))
                    places = max(places, 2)
                    out.append(
                        TextFinding(
                            number,
                            f"bằng {share_text}%",
                            f"{format_number(count)} / {format_number(Decimal(figures.communes))}"
                            f" xã = {_show(computed, places)}%",
                            f"{format_number(count)} / {format_number(Decimal(figures.communes))}"
                            f" communes = {_show(computed, places)}%",
                        )
                    )
        # "so với kế hoạch" compares the year's figure with its plan: not a target itself
        lower = line.lower().replace("so với kế hoạch", "")
        future = (
            plan_part or any(w in lower for w in _TARGET_WORDS) or str(figures.year + 1) in line
        )
        for sentence in _SENTENCE_END.split(line):
            # a sentence of the year states it, one naming next year or a target states a plan
            said = sentence.lower().replace("so với kế hoạch", "")
            ahead = (
                plan_part
                or any(w in said for w in _TARGET_WORDS)
                or str(figures.year + 1) in sentence
            )
            out.extend(_figure_statements(sentence, number, figures, ahead))
        m = _AVERAGE.search(line)
        if m and not future and figures.average is not None:
            printed = _number(m.group(1))
            if printed is not None and round_half_away(printed, 2) != figures.average:
                out.append(
                    TextFinding(
                        number,
                        m.group(0),
                        f"số liệu cho {_show(figures.average, 2)} tiêu chí/xã",
                        f"the data give {_show(figures.average, 2)} criteria per commune",
                    )
                )
        m = _BELOW_TEN.search(line)
        if m and figures.below_ten_fall is not None:
            printed = _number(m.group(1))
            if printed is not None and printed != figures.below_ten_fall:
                out.append(
                    TextFinding(
                        number,
                        m.group(0),
                        f"bảng kế hoạch cho giảm {figures.below_ten_fall} xã "
                        f"(số xã dưới 10 tiêu chí năm {figures.year} trừ số kế hoạch năm "
                        f"{figures.year + 1})",
                        f"the plan's table gives a fall of {figures.below_ten_fall} communes "
                        f"(communes under 10 criteria in {figures.year} less those planned "
                        f"for {figures.year + 1})",
                    )
                )
    return out


#: A heading and its amounts: "**a) Nguồn ngân sách Trung ương:** 422.200 triệu đồng".
_HEADED = re.compile(
    r"^[\s*_#>+\-–•]*(?:[a-zđ0-9]{1,3}[.)]\s*)?([^:]{3,120}?)\s*[*_]*:[*_\s]*(.*)$"
)


def _heading_amounts(line: str) -> tuple[str, list[tuple[Decimal, str]]] | None:
    """A line's heading (folded) and its amounts in order, or None: no heading, no amount."""
    m = _HEADED.match(line)
    if not m:
        return None
    heading = fold_name(m.group(1).strip("*_ ").rstrip(":"))
    amounts = [(v, a.group(1)) for a in _AMOUNT.finditer(m.group(2)) if (v := _number(a.group(1)))]
    return (heading, amounts) if amounts and heading else None


def amounts_against(lines: Sequence[str], own: Sequence[str]) -> list[TextFinding]:
    """Each amount of a headed line of the text against the line under the same heading in
    ``own`` (the report NTM writes from its data): the amounts in order, as many as both
    lines give. A heading NTM's report does not write, or writes twice, is not compared."""
    ours: dict[str, list[tuple[Decimal, str]] | None] = {}
    for line in own:
        found = _heading_amounts(line)
        if found:
            heading, amounts = found
            ours[heading] = None if heading in ours else amounts
    out: list[TextFinding] = []
    for number, line in enumerate(lines, start=1):
        found = _heading_amounts(line)
        if not found or not ours.get(found[0]):
            continue
        heading, amounts = found
        for (printed, text), (held, held_text) in zip(amounts, ours[heading] or [], strict=False):
            if printed != held:
                out.append(
                    TextFinding(
                        number,
                        f"{text} triệu đồng",
                        f"số liệu cho {held_text} triệu đồng",
                        f"the data give {held_text} million dong",
                    )
                )
    return out


__all__ = ["TEXT_SUFFIXES", "TextFigures", "TextFinding", "amounts_against", "text_reconcile"]
