"""The Vietnamese sentences of the report's figure sections, written from the figures (pure).

The style is the provinces' annual reports (Cao Bằng 2019 as the model):
"Năm 2019, có thêm 05 xã đạt 19 tiêu chí (bằng 83,33% so với kế hoạch), nâng
tổng số xã đạt chuẩn nông thôn mới toàn tỉnh lên 20 xã, chiếm 11,30% trên
tổng số xã …" and one line per criterion: "61 xã đạt tiêu chí số 2 - Giao
thông (bằng 34,46%); tăng 10,17% so với năm 2018".

Formats (docs/report.md): numbers in the Vietnamese way (1.234; 34,46%);
counts under 10 with two digits ("05 xã"); percentages and averages with 2
decimals, rounded half away from zero; a change in a share is written with
"%" as the reports do, although it is in percentage points.

A provisional year (some commune's file missing or not appraised, see
``analytics.metrics``) opens with its completeness, says "tạm tính" with the
denominators of its figures, and states no change against last year or plan:
those are withheld until the year is final. A final year reads as before.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ntm.analytics.metrics import (
    TERRITORY_LEVEL,
    CriterionFigures,
    HigherTitle,
    SubunitFigures,
    TitleFile,
    UnitFigures,
    shown,
)
from ntm.evaluation.district import ConditionResult
from ntm.evaluation.numbers import format_count, format_number, format_percent
from ntm.ocop.rules import OcopFigures
from ntm.reports.appendix import completeness_steps
from ntm.reports.data import CommuneName, DistrictLine, DistrictSection, ReportData
from ntm.reports.document import Para, Run, para
from ntm.reports.names import kind_prefix

#: A district whose average rose by at least this much "tăng cao" (is named on its own).
STRONG_RISE = Decimal(2)
#: Rises from 1 up to STRONG_RISE are counted together, with a footnote naming them.
RISE = Decimal(1)


def xa(n: int) -> str:
    """ "05 xã", "61 xã", "1.234 xã"."""
    return f"{format_count(n)} xã"


def num(value: Decimal) -> str:
    """An average or a change with 2 decimals: 10,62."""
    return format_number(value, 2)


def pct(value: Decimal) -> str:
    return format_percent(value, 2)


def scope_word(kind: str) -> str:
    """ "tỉnh", "huyện", "thành phố", "thị xã": how the report names its own unit ("cả nước",
    "vùng" for a territory's figures)."""
    if kind == "ca_nuoc":
        return "cả nước"
    if kind == "vung":
        return "vùng"
    if kind in ("tinh",):
        return "tỉnh"
    if kind == "thanh_pho_tw":
        return "thành phố"
    return kind_prefix(kind) or "huyện"


def whole_word(kind: str) -> str:
    """ "toàn tỉnh", "toàn huyện"; "toàn quốc" for the country."""
    return "toàn quốc" if kind == "ca_nuoc" else f"toàn {scope_word(kind)}"


def commune_label(c: CommuneName) -> str:
    """ "xã Sóc Hà, huyện Hà Quảng" (on the two-tier map, "xã Sóc Hà, tỉnh Cao Bằng")."""
    where = f", {kind_prefix(c.parent_kind)} {c.parent_name}" if c.parent_name else ""
    return f"{kind_prefix(c.kind)} {c.name}{where}"


def commune_list(names: Sequence[CommuneName]) -> str:
    """ "Xã Sóc Hà, huyện Hà Quảng; xã Vĩnh Quang, thành phố Cao Bằng"."""
    text = "; ".join(commune_label(c) for c in names)
    return text[:1].upper() + text[1:]


def sub_word(fig: UnitFigures) -> str:
    """What the unit's sub-units are called: "huyện" of a province, "tỉnh" of a territory."""
    return "tỉnh" if fig.unit_level == TERRITORY_LEVEL else "huyện"


def subunit_name(s: SubunitFigures, *, bare_district: bool = True) -> str:
    """Districts and provinces are written by their name alone, other kinds with their kind:
    "thành phố Cao Bằng"."""
    if bare_district and s.kind in ("huyen", "tinh"):
        return s.name
    return f"{kind_prefix(s.kind)} {s.name}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _signed(value: Decimal, unit: str) -> str:
    if value > 0:
        return f"tăng {num(value)}{unit}"
    if value < 0:
        return f"giảm {num(-value)}{unit}"
    return "không thay đổi"


# --------------------------------------------------------------------------- completeness


def completeness_paragraph(fig: UnitFigures) -> Para | None:
    """How far a provisional year's files have gone, for the unit and by district (None if final)."""
    c = fig.completeness
    if c is None or c.final:
        return None
    text = (
        f"Số liệu năm {fig.year} dưới đây là số liệu tạm tính: {format_number(c.assessed)}/"
        f"{format_number(c.communes)} xã đã đánh giá ({format_number(c.not_assessed)} xã "
        f"chưa đánh giá); {completeness_steps(c)}"
    )
    districts = [s for s in fig.subunits if s.completeness is not None]
    if districts:
        text += "; theo đơn vị: " + "; ".join(
            f"{_capital(subunit_name(s)) if i == 0 else subunit_name(s)} "
            f"{format_number(s.completeness.assessed)}/{format_number(s.completeness.communes)} xã "
            f"đã đánh giá, {format_number(s.completeness.appraised)} hồ sơ đã thẩm định"
            for i, s in enumerate(districts)
            if s.completeness is not None
        )
    text += (
        ". Bình quân và tỷ lệ tính trên các xã đã đánh giá; số xã đạt chuẩn tính theo quyết định "
        "công nhận còn hiệu lực và hồ sơ đạt đủ tiêu chí; mức tăng, giảm so với năm "
        f"{fig.year - 1} và so với kế hoạch chưa được tính cho đến khi hồ sơ của mọi xã được "
        "tỉnh thẩm định."
    )
    return para(text)


# --------------------------------------------------------------------------- I.9.a


def standard_paragraph(
    fig: UnitFigures,
    *,
    new_communes: Sequence[CommuneName] = (),
    missed_communes: Sequence[CommuneName] = (),
) -> Para:
    """Communes meeting the standard, the new ones against plan, and the bands below."""
    s = fig.standard
    n = fig.criteria_count
    where = whole_word(fig.unit_kind)
    footnote = None
    if new_communes:
        footnote = (
            f"{xa(len(new_communes))} đạt chuẩn nông thôn mới gồm: {commune_list(new_communes)}."
        )
        if missed_communes:
            footnote += f" {commune_list(missed_communes)} không đạt chuẩn nông thôn mới theo kế hoạch đề ra."
    plan = (
        f" (bằng {pct(s.new_percent_of_plan)} so với kế hoạch)"
        if s.new_percent_of_plan is not None
        else ""
    )
    share = f", chiếm {pct(s.share)} trên tổng số xã" if s.share is not None else ""
    runs: list[Run] = []
    if s.new is not None and s.new > 0:
        runs.append(Run(f"Năm {fig.year}, có thêm {xa(s.new)}"))
        if footnote:
            runs.append(Run(footnote=footnote))
        runs.append(
            Run(
                f" đạt {n} tiêu chí{plan}, nâng tổng số xã đạt chuẩn nông thôn mới {where} "
                f"lên {xa(s.standard)}{share}"
            )
        )
    elif s.standard == 0:
        fell = (
            f"số xã đạt {n} tiêu chí giảm {xa(-s.new)} so với năm {fig.year - 1}, {where} không còn"
            if s.new is not None and s.new < 0
            else f"{where} chưa có"
        )
        runs.append(Run(f"Năm {fig.year}, {fell} xã đạt chuẩn nông thôn mới ({n} tiêu chí)"))
    elif s.new == 0:
        runs.append(
            Run(
                f"Năm {fig.year}, không có thêm xã đạt {n} tiêu chí, tổng số xã đạt chuẩn nông thôn "
                f"mới {where} là {xa(s.standard)}{share}"
            )
        )
    elif s.new is not None:
        runs.append(
            Run(
                f"Năm {fig.year}, số xã đạt {n} tiêu chí giảm {xa(-s.new)} so với năm {fig.year - 1}, "
                f"tổng số xã đạt chuẩn nông thôn mới {where} còn {xa(s.standard)}{share}"
            )
        )
    else:
        runs.append(
            Run(
                f"Năm {fig.year}, {where} có {xa(s.standard)} đạt chuẩn nông thôn mới ({n} tiêu chí){share}"
            )
        )
    tail = ""
    if s.provisional:
        tail += (
            f" (tạm tính; hồ sơ năm {fig.year} đã đánh giá đạt đủ {n} tiêu chí: "
            f"{xa(s.assessed_standard)})"
        )
    if s.recognised != s.standard and s.recognised > 0:
        tail += f" (trong đó {xa(s.recognised)} đã có quyết định công nhận)"
    elif s.recognised != s.standard:
        tail += " (chưa xã nào có quyết định công nhận)"
    comp = fig.comparison
    if comp is not None and comp.unit_share_of_standard is not None and s.standard > 0:
        above = f"khu vực {comp.name}" if comp.kind == "vung" else whole_word(comp.kind)
        tail += f", chiếm {pct(comp.unit_share_of_standard)} số xã đạt chuẩn nông thôn mới {above}"
    bands = [b for b in fig.bands[1:] if b.communes > 0]
    if bands:
        among = "; trong số xã đã đánh giá, có " if s.provisional else "; có "
        tail += among + "; ".join(f"{xa(b.communes)} đạt {b.label}" for b in bands)
    runs.append(Run(tail + "."))
    return Para(tuple(runs))


# --------------------------------------------------------------------------- I.9.b


def average_paragraph(fig: UnitFigures) -> Para:
    """The average criteria per commune against plan, the unit above, and last year."""
    a = fig.average
    if a.value is None:
        return para(f"Năm {fig.year} chưa có số liệu đánh giá tiêu chí của các xã.")
    provisional = (
        f" (tạm tính, trên {format_number(a.assessed)}/{format_number(a.communes)} xã đã đánh giá)"
        if a.provisional
        else ""
    )
    text = (
        f"Số tiêu chí bình quân{provisional} của {scope_word(fig.unit_kind)} đạt "
        f"{num(a.value)} tiêu chí/xã"
    )
    if a.percent_of_plan is not None:
        text += f" (bằng {pct(a.percent_of_plan)} so với kế hoạch)"
    comp = fig.comparison
    if comp is not None and comp.average is not None:
        above = (
            f"khu vực {comp.name}"
            if comp.kind == "vung"
            else f"{scope_word(comp.kind)} {comp.name}"
        )
        if a.value < comp.average:
            word = "thấp hơn so với"
        elif a.value > comp.average:
            word = "cao hơn so với"
        else:
            word = "bằng"
        text += f", {word} bình quân chung của {above} ({num(comp.average)} tiêu chí/xã)"
    if a.change is not None:
        text += f"; {_signed(a.change, ' tiêu chí/xã')} so với năm {fig.year - 1}"
    return para(text + ".")


def subunit_paragraphs(fig: UnitFigures) -> list[Para]:
    """Districts above the unit's average by name, the rest as a range; then their changes."""
    subs = [s for s in fig.subunits if s.average is not None]
    if not subs or fig.average.exact is None:
        return []
    word = sub_word(fig)
    out = []
    high = [s for s in subs if s.exact is not None and s.exact > fig.average.exact]
    rest = [s for s in subs if s not in high]
    parts = []
    if high:
        listed = ", ".join(
            f"{_capital(subunit_name(s)) if i == 0 else subunit_name(s)} ({num(s.average)} tiêu chí/xã)"
            for i, s in enumerate(high)
            if s.average is not None
        )
        parts.append(f"Các {word} có bình quân tiêu chí cao như: {listed}")
    if rest:
        low = min(s.average for s in rest if s.average is not None)
        top = max(s.average for s in rest if s.average is not None)
        span = (
            f"{num(low)} tiêu chí/xã" if low == top else f"từ {num(low)} – {num(top)} tiêu chí/xã"
        )
        lead = f"các {word} còn lại" if high else f"Các {word}"
        parts.append(f"{lead} bình quân tiêu chí đạt {span}")
    out.append(para("; ".join(parts) + "."))
    changes = change_paragraph(fig)
    if changes is not None:
        out.append(changes)
    return out


def _grouped(subs: Sequence[SubunitFigures]) -> str:
    """ "Thành phố Cao Bằng (1,70 tiêu chí/xã); Quảng Uyên và Phục Hòa (1,30 tiêu chí/xã)"."""
    by_value: dict[Decimal, list[str]] = {}
    for s in sorted(subs, key=lambda s: -(s.change or 0)):
        if s.change is not None:
            by_value.setdefault(s.change, []).append(subunit_name(s))
    parts = []
    for i, (value, names) in enumerate(by_value.items()):
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
        parts.append(f"{_capital(joined) if i == 0 else joined} ({num(value)} tiêu chí/xã)")
    return "; ".join(parts) + "."


def change_paragraph(fig: UnitFigures) -> Para | None:
    """How the districts' averages moved since last year, grouped as the reports group them.

    Groups use the printed changes, so that a district written "1,00" is never
    counted among those rising "dưới 1".
    """
    subs = [s for s in fig.subunits if s.change is not None]
    if not subs:
        return None
    word = sub_word(fig)
    strong = [s for s in subs if s.change is not None and s.change >= STRONG_RISE]
    rise = [s for s in subs if s.change is not None and RISE <= s.change < STRONG_RISE]
    small = [s for s in subs if s.change is not None and 0 < s.change < RISE]
    same = [s for s in subs if s.change == 0]
    fall = [s for s in subs if s.change is not None and s.change < 0]
    runs: list[Run] = [Run(f"So với năm {fig.year - 1}, ")]
    clauses: list[list[Run]] = []
    if strong:
        named = ", ".join(
            f"{subunit_name(s, bare_district=False)} (tăng bình quân {num(s.change)} tiêu chí/xã)"
            for s in sorted(strong, key=lambda s: -(s.change or 0))
            if s.change is not None
        )
        clauses.append([Run(f"bình quân tiêu chí của {named} tăng cao")])
    if rise:
        low = min(s.change for s in rise if s.change is not None)
        top = max(s.change for s in rise if s.change is not None)
        span = num(low) if low == top else f"{num(low)}-{num(top)}"
        clauses.append(
            [
                Run(f"{format_count(len(rise))} {word} tăng từ {span} tiêu chí/xã"),
                Run(footnote=_grouped(rise)),
            ]
        )
    if small:
        text = f"{format_count(len(small))} {word} có bình quân tiêu chí tăng dưới {format_number(RISE, 2, strip=True)} tiêu chí/xã"
        if len(small) > 2:
            lowest = sorted(small, key=lambda s: (s.change or 0, s.name))[:2]
            named = "; ".join(
                f"{subunit_name(s, bare_district=False)} tăng {num(s.change)} tiêu chí/xã"
                for s in lowest
                if s.change is not None
            )
            text += (
                f" (trong đó, {format_count(len(lowest))} {word} có bình quân tiêu chí tăng thấp gồm: "
                f"{named})"
            )
        clauses.append([Run(text)])
    if same:
        clauses.append([Run(f"{format_count(len(same))} {word} giữ nguyên bình quân tiêu chí")])
    if fall:
        named = "; ".join(
            f"{subunit_name(s, bare_district=False)} giảm {num(-s.change)} tiêu chí/xã"
            for s in fall
            if s.change is not None
        )
        clauses.append(
            [Run(f"{format_count(len(fall))} {word} có bình quân tiêu chí giảm ({named})")]
        )
    for i, clause in enumerate(clauses):
        if i:
            runs.append(Run(", "))
        runs.extend(clause)
    runs.append(Run("."))
    return Para(tuple(runs))


# --------------------------------------------------------------------------- I.9.c


def criterion_sentence(c: CriterionFigures, *, communes: int, year: int) -> str:
    """ "61 xã đạt tiêu chí số 2 - Giao thông (bằng 34,46%); tăng 10,17% so với năm 2018"."""
    name = f"tiêu chí số {c.number} - {c.name}"
    if c.communes == communes and c.previous == communes and communes > 0:
        return f"Duy trì kết quả {c.communes}/{communes} xã đạt {name} (đạt {pct(c.share or Decimal(100))})"
    text = f"{xa(c.communes)} đạt {name}"
    if c.share is not None and c.assessed < communes:
        text += f" (bằng {pct(c.share)} số xã đã đánh giá, {xa(c.not_assessed)} chưa đánh giá)"
    elif c.share is not None:
        text += f" (bằng {pct(c.share)})"
    if c.change_points is not None:
        if c.change_points == 0:
            text += f"; không thay đổi so với năm {year - 1}"
        else:
            text += f"; {_signed(c.change_points, '%')} so với năm {year - 1}"
    return text


def criteria_paragraphs(fig: UnitFigures) -> list[Para]:
    """One line per criterion under its group, as section I.9.c of the reports."""
    out = []
    groups: dict[str, list[CriterionFigures]] = {}
    names: dict[str, str] = {}
    for c in fig.criteria:
        groups.setdefault(c.group_code, []).append(c)
        names[c.group_code] = c.group_name
    for code, rows in groups.items():
        sentences = [criterion_sentence(c, communes=fig.now.communes, year=fig.year) for c in rows]
        if len(rows) == 1:
            out.append(para(f"- {names[code]}: {sentences[0]}.", "item"))
            continue
        out.append(para(f"- {names[code]}", "item"))
        for i, sentence in enumerate(sentences):
            end = "." if i == len(sentences) - 1 else ";"
            out.append(para(f"+ {sentence}{end}", "subitem"))
    return out


# --------------------------------------------------------------------------- I.9.d

#: How the report names the commune a title is given to (by ``Recognition.Title`` value).
TITLE_WORDS = {
    "nang_cao": "nông thôn mới nâng cao",
    "kieu_mau": "nông thôn mới kiểu mẫu",
}


def _file_list(files: Sequence[TitleFile]) -> str:
    """ "xã Sóc Hà, huyện Hà Quảng (15/19 tiêu chí); xã …" (a file not yet assessed says so)."""
    parts = []
    for f in files:
        met = f"{f.criteria_met}/{f.criteria_total} tiêu chí" if f.assessed else "chưa đánh giá"
        parts.append(f"{commune_label(f.commune)} ({met})")
    return "; ".join(parts)


def higher_title_paragraph(t: HigherTitle, *, unit_kind: str) -> Para:
    """One title (advanced or model): communes holding it, those recognised in the year with
    their decisions, the files in progress and their average criteria met.

    "- Xã nông thôn mới nâng cao: năm 2024, toàn tỉnh có 03 xã đạt chuẩn nông thôn
    mới nâng cao (quyết định công nhận còn hiệu lực): …; trong năm có thêm 02 xã
    được công nhận: xã …, huyện … (Quyết định số 371/QĐ-UBND ngày 05/03/2024); …"
    """
    words = TITLE_WORDS.get(t.code, t.title)
    where = whole_word(unit_kind)
    if t.decisions:
        held = dict.fromkeys(d.commune for d in t.holders)  # in the list's order, once each
        text = (
            f"năm {t.year}, {where} có {xa(t.decisions)} đạt chuẩn {words} (quyết định công nhận "
            f"còn hiệu lực): {'; '.join(commune_label(c) for c in held)}"
        )
    else:
        text = f"năm {t.year}, {where} chưa có xã đạt chuẩn {words}"
    if t.new:
        decided = "; ".join(
            f"{commune_label(d.commune)} (Quyết định số {d.number} ngày {d.date_text})"
            for d in t.new
        )
        text += (
            f"; trong năm có thêm {xa(len({d.commune for d in t.new}))} được công nhận: {decided}"
        )
    elif t.decisions:
        text += f"; trong năm {t.year} không có thêm xã được công nhận"
    progress = t.in_progress
    if progress:
        text += (
            f"; {xa(len(progress))} đang thực hiện hồ sơ xã {words} năm {t.year}: "
            f"{_file_list(progress)}"
        )
        avg = shown(t.in_progress_average)
        if avg is not None:
            total = t.in_progress_total
            out_of = f"/{total}" if total else ""
            text += f", bình quân đạt {num(avg)}{out_of} tiêu chí/xã"
            assessed = sum(1 for f in progress if f.assessed)
            if assessed < len(progress):  # not assessed is not zero: the average leaves them out
                text += f" (trên {xa(assessed)} đã đánh giá)"
        ready = sum(1 for f in progress if 0 < f.criteria_total <= f.criteria_met)
        if ready:
            text += f" ({xa(ready)} đạt đủ tiêu chí, chưa có quyết định công nhận)"
    return para(f"- Xã {words}: {text}.", "item")


def higher_titles_paragraphs(titles: Sequence[HigherTitle], *, unit_kind: str) -> list[Para]:
    """Section I.9.d, one item per title; empty when the unit has no decision nor file of
    either title (the report then leaves the part out)."""
    return [higher_title_paragraph(t, unit_kind=unit_kind) for t in titles]


# --------------------------------------------------------------------------- III.1


def targets_paragraphs(
    fig: UnitFigures, *, target_communes: Sequence[CommuneName] = ()
) -> list[Para]:
    """Next year's targets from the plan: communes to reach the standard, the average, low communes."""
    items = (
        target_standard_item(fig, target_communes=target_communes),
        target_average_item(fig),
        target_below_ten_item(fig),
    )
    return [p for p in items if p is not None]


def target_standard_item(
    fig: UnitFigures, *, target_communes: Sequence[CommuneName] = (), advanced: str = ""
) -> Para | None:
    """ "- Phấn đấu 08 xã đạt chuẩn nông thôn mới (…). Tiếp tục duy trì … của 20 xã đã đạt chuẩn
    nông thôn mới" and ``advanced`` after it (", phấn đấu đạt xã nông thôn mới nâng cao")."""
    s = fig.standard
    planned_new: int | None = None
    if s.next_plan is not None:
        planned_new = int(s.next_plan) - s.standard
    elif target_communes:
        planned_new = len(target_communes)
    first = ""
    if planned_new is not None and planned_new > 0:
        first = f"- Phấn đấu {xa(planned_new)} đạt chuẩn nông thôn mới"
        if target_communes:
            first += f" ({commune_list(target_communes)})"
        first += ". "
    if s.standard > 0:
        first += (
            f"Tiếp tục duy trì và nâng cao chất lượng các tiêu chí của {xa(s.standard)} "
            f"đã đạt chuẩn nông thôn mới{advanced}."
        )
    elif advanced:
        first += f"{_capital(advanced.removeprefix(', '))}."
    if not first:
        return None
    return para(first if first.startswith("- ") else f"- {first}", "item")


def target_average_item(fig: UnitFigures) -> Para | None:
    """ "- Bình quân tiêu chí toàn tỉnh đạt 12 tiêu chí/xã (tăng 1,38 tiêu chí/xã so với năm 2019)."."""
    a = fig.average
    if a.next_plan is None:
        return None
    where = whole_word(fig.unit_kind)
    # A target is written as the plan sets it: "12 tiêu chí/xã", not "12,00".
    text = (
        f"- Bình quân tiêu chí {where} đạt {format_number(a.next_plan, 2, strip=True)} tiêu chí/xã"
    )
    if a.next_change is not None:
        text += f" ({_signed(a.next_change, ' tiêu chí/xã')} so với năm {fig.year})"
    return para(text + ".", "item")


def target_below_ten_item(fig: UnitFigures) -> Para | None:
    """Communes below 10 criteria next year, from the plan's table (rows of 9 criteria or fewer)."""
    next_year = fig.year + 1
    if fig.next_below_ten is None:
        return None
    diff = fig.below_ten - fig.next_below_ten
    if diff > 0 and not fig.provisional:
        return para(
            f"- Giảm {xa(diff)} đạt dưới 10 tiêu chí (từ {xa(fig.below_ten)} năm {fig.year} "
            f"xuống còn {xa(fig.next_below_ten)} năm {next_year}).",
            "item",
        )
    return para(f"- Số xã đạt dưới 10 tiêu chí năm {next_year}: {xa(fig.next_below_ten)}.", "item")


def ocop_targets_paragraphs(next_plan: Mapping[str, Decimal], *, year: int) -> list[Para]:
    """Next year's OCOP targets of the plan (``plans.rows.OCOP_ROWS``), as items of III.1."""
    out = []
    stars, districts = next_plan.get("ocop.3sao"), next_plan.get("ocop.huyen")
    if stars:
        out.append(
            para(
                f"- Phấn đấu năm {year} có {format_count(int(stars))} sản phẩm OCOP được "
                "đánh giá, phân hạng đạt từ 3 sao trở lên.",
                "item",
            )
        )
    if districts:
        out.append(
            para(
                f"- Đến hết năm {year}, {format_count(int(districts))} huyện có sản phẩm OCOP "
                "còn hiệu lực.",
                "item",
            )
        )
    return out


def _condition(r: ConditionResult) -> str:
    """ "tỷ lệ xã trên địa bàn đạt chuẩn nông thôn mới 33,33%"."""
    name = r.rule.name_vi[:1].lower() + r.rule.name_vi[1:]
    if r.share is not None:
        return f"{name} {pct(Decimal(r.share.numerator) / Decimal(r.share.denominator))}"
    if r.whole:
        return f"{name} {r.part}/{r.whole}"
    return name


def _district_named(line: DistrictLine, key: bool | None) -> str:
    conditions = [r for r in line.results if r.met is key]
    if not conditions:
        return line.name
    return f"{line.name} ({'; '.join(_condition(r) for r in conditions)})"


def district_paragraphs(section: DistrictSection | None, *, year: int) -> list[Para]:
    """The district-level units against the district set: how many qualify, and what the others
    lack (conditions not met, then those without data, never counted as not met)."""
    if section is None or not section.lines:
        return []
    lines = section.lines
    met = [x for x in lines if x.standing is True]
    short = [x for x in lines if x.standing is False]
    unknown = [x for x in lines if x.standing is None]
    total = len(lines)
    text = (
        f"Năm {year}, theo tiêu chí huyện nông thôn mới ({section.legal_basis}), có "
        f"{format_count(len(met))}/{format_count(total)} đơn vị cấp huyện đủ điều kiện"
    )
    text += f": {', '.join(x.name for x in met)}." if met else "."
    out = [para(_capital(text))]
    if short:
        out.append(
            para(
                f"Chưa đủ điều kiện ({format_count(len(short))} đơn vị), chưa đạt: "
                + "; ".join(_district_named(x, False) for x in short)
                + "."
            )
        )
    if unknown:
        out.append(
            para(
                f"Chưa đủ số liệu để kết luận ({format_count(len(unknown))} đơn vị), chưa có: "
                + "; ".join(_district_named(x, None) for x in unknown)
                + "."
            )
        )
    return out


def ocop_paragraphs(fig: OcopFigures | None) -> list[Para]:
    """Part I.5 opens with the registry's figures (the office's text follows): the products
    rated in the year's round by stars, those reaching 3 stars for the first time, and the
    certificates in force at the end of the year, with those expiring within 90 days."""
    if fig is None or not fig.any:
        return []

    def sp(n: int) -> str:
        return f"{format_count(n)} sản phẩm"

    parts = []
    if fig.rated:
        stars = ", ".join(f"{sp(n)} {k} sao" for k, n in sorted(fig.by_stars.items()) if n)
        text = f"Năm {fig.year}, có {sp(fig.rated)} OCOP được đánh giá, phân hạng ({stars})"
        if fig.new:
            text += f", trong đó {sp(fig.new)} lần đầu đạt từ 3 sao trở lên"
        parts.append(text)
    on = fig.on.strftime("%d/%m/%Y")
    cert = f"đến ngày {on} có {sp(fig.certified)} có giấy chứng nhận OCOP còn hiệu lực"
    if fig.expiring:
        cert += f", trong đó {sp(fig.expiring)} hết hạn trong 90 ngày tới"
    parts.append(cert)
    return [para(_capital("; ".join(parts)) + ".")]


def closing_paragraph(*, year: int, issuer: str) -> Para:
    return para(
        f"Trên đây là báo cáo kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn "
        f"mới năm {year}, phương hướng nhiệm vụ năm {year + 1} của {issuer}./."
    )


def figure_paragraphs(data: ReportData) -> list[Para]:
    """Every paragraph NTM writes from the figures, in the report's order (without charts or texts)."""
    fig = data.figures
    opening = completeness_paragraph(fig)
    out = [] if opening is None else [opening]
    out += [
        standard_paragraph(
            fig, new_communes=data.new_communes, missed_communes=data.missed_communes
        ),
        average_paragraph(fig),
    ]
    out += subunit_paragraphs(fig) + criteria_paragraphs(fig)
    out += higher_titles_paragraphs(data.higher_titles, unit_kind=fig.unit_kind)
    out += targets_paragraphs(fig, target_communes=data.target_communes)
    return out
