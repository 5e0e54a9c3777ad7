"""Part III.1 of the report: next year's targets as the plan states them (pure; no Django).

The table's targets (communes meeting the standard, the average, the rows of
communes by criteria met) are written by ``narrative``; this module adds the
targets the plan states beyond the table (``plans.rows.PLAN_ROWS`` and the OCOP
rows), with their ranges ("từ 1-1,5 tiêu chí"), notes and the districts the
province's plan names ("mỗi huyện 01-02 xã gồm các huyện …"), as Cao Bằng's
2020 plan writes them. Each item is a named piece the office's text places with
``{{name}}`` (``document.text_filled``); unplaced pieces come first, in order.

Where the plan's figures disagree with each other (the figure the plan states
against its table, the districts' sum against the province's figure), the
report writes the figure the plan states and ``target_warnings`` tells the
officer both figures and where each comes from.
"""

from collections.abc import Sequence
from decimal import Decimal

from ntm.evaluation.numbers import format_count, format_number
from ntm.reports import narrative
from ntm.reports.data import PlanTarget, ReportData
from ntm.reports.document import Para, para
from ntm.reports.names import kind_prefix

#: The pieces of III.1, in the order the report prints those the text does not place.
PIECES = ("dat_chuan", "binh_quan", "duoi_10", "ocop", "thon", "hoan_thanh")


def figure(value: Decimal) -> str:
    """A target as the plan writes it: 12, 1,5, 116 (no trailing zeros)."""
    return format_number(value, 2, strip=True)


def span(target: PlanTarget) -> str:
    """ "1-1,5" for a range, "12" for a single figure."""
    if target.high is None:
        return figure(target.value)
    return f"{figure(target.value)}-{figure(target.high)}"


def own_target(targets: Sequence[PlanTarget], row_id: str) -> PlanTarget | None:
    """The report's unit's own target of ``row_id``, if its plan sets one."""
    return next((t for t in targets if t.own and t.row_id == row_id), None)


def district_targets(targets: Sequence[PlanTarget], row_id: str) -> list[PlanTarget]:
    """The districts' targets of ``row_id`` (not zero), in the plan's order."""
    return [t for t in targets if not t.own and t.row_id == row_id and t.value > 0]


def unit_named(t: PlanTarget, *, bare_district: bool = True) -> str:
    """ "Thạch An" (a district in a list of districts), "thành phố Cao Bằng"."""
    if bare_district and t.unit_kind == "huyen":
        return t.unit_name
    return f"{kind_prefix(t.unit_kind) or 'huyện'} {t.unit_name}"


def advanced_phrase(targets: Sequence[PlanTarget]) -> str:
    """ ", phấn đấu đạt xã nông thôn mới nâng cao" (0: no count), ", phấn đấu 03 xã …"."""
    t = own_target(targets, "nc.phan_dau")
    if t is None:
        return ""
    if t.value == 0:
        return ", phấn đấu đạt xã nông thôn mới nâng cao"
    return f", phấn đấu {narrative.xa(int(t.value))} đạt chuẩn nông thôn mới nâng cao"


def average_item(data: ReportData) -> Para | None:
    """ "- Số tiêu chí bình quân/xã tăng thêm từ 1-1,5 tiêu chí so với năm 2019; bình quân tiêu
    chí toàn tỉnh đạt 12 tiêu chí/xã." (the table's sentence when the plan states no rise)."""
    fig = data.figures
    rise = own_target(data.plan_targets, "1.tang")
    if rise is None:
        return narrative.target_average_item(fig)
    amount = f"từ {span(rise)}" if rise.high is not None else span(rise)
    text = f"- Số tiêu chí bình quân/xã tăng thêm {amount} tiêu chí so với năm {fig.year}"
    if fig.average.next_plan is not None:
        where = f"toàn {narrative.scope_word(fig.unit_kind)}"
        text += f"; bình quân tiêu chí {where} đạt {figure(fig.average.next_plan)} tiêu chí/xã"
    return para(text + ".", "item")


def below_ten_stated(targets: Sequence[PlanTarget]) -> int | None:
    """The fall of communes below 10 criteria the plan states: the unit's figure, else the sum
    of its districts' (None when the plan states neither)."""
    own = own_target(targets, "duoi10.giam")
    if own is not None:
        return int(own.value)
    districts = district_targets(targets, "duoi10.giam")
    return sum(int(t.value) for t in districts) if districts else None


def below_ten_item(data: ReportData) -> Para | None:
    """ "- Giảm 11 xã đạt dưới 10 tiêu chí, mỗi huyện 01-02 xã gồm các huyện Thạch An, Hạ Lang,
    Trùng Khánh (02 xã), …." as the plan states it (the table's sentence when it states none)."""
    stated = below_ten_stated(data.plan_targets)
    if stated is None:
        return narrative.target_below_ten_item(data.figures)
    text = f"- Giảm {narrative.xa(stated)} đạt dưới 10 tiêu chí"
    districts = district_targets(data.plan_targets, "duoi10.giam")
    if districts:
        counts = [int(t.value) for t in districts]
        low, high = min(counts), max(counts)
        each = format_count(low) if low == high else f"{format_count(low)}-{format_count(high)}"
        names = ", ".join(
            unit_named(t) + (f" ({narrative.xa(int(t.value))})" if int(t.value) != low else "")
            for t in districts
        )
        text += f", mỗi huyện {each} xã gồm các huyện {names}"
    return para(text + ".", "item")


def ocop_item(data: ReportData) -> list[Para]:
    """ "- Mỗi huyện, thành phố chuẩn hóa công nhận, chứng nhận ít nhất 01 sản phẩm OCOP cấp huyện
    (đạt 02 sao). Cấp tỉnh chuẩn hóa 5-10 sản phẩm cấp tỉnh (đạt 03 sao).", then the other OCOP
    targets as ``narrative.ocop_targets_paragraphs`` writes them."""
    targets = data.plan_targets
    minimum = own_target(targets, "ocop.huyen.min")
    stars = own_target(targets, "ocop.3sao")
    parts = []
    if minimum is not None and minimum.value > 0:
        parts.append(
            "Mỗi huyện, thành phố chuẩn hóa công nhận, chứng nhận ít nhất "
            f"{format_count(int(minimum.value))} sản phẩm OCOP cấp huyện (đạt 02 sao)."
        )
    rest = dict(data.next_plan)
    if stars is not None and stars.high is not None:
        level = "tỉnh" if data.unit.is_province else "huyện"
        parts.append(f"Cấp {level} chuẩn hóa {span(stars)} sản phẩm cấp {level} (đạt 03 sao).")
        rest.pop("ocop.3sao", None)
    out = [para("- " + " ".join(parts), "item")] if parts else []
    return out + narrative.ocop_targets_paragraphs(rest, year=data.year + 1)


def villages_item(data: ReportData) -> Para | None:
    """ "- 116 thôn của xã đặc biệt khó khăn khu vực biên giới phấn đấu đạt chuẩn nông thôn mới.
    Danh sách các thôn theo Kế hoạch số …" (the note is the plan's own words)."""
    t = own_target(data.plan_targets, "thon.bien_gioi")
    if t is None or (t.value == 0 and t.high is None):
        return None
    amount = f"từ {span(t)}" if t.high is not None else format_count(int(t.value))
    text = (
        f"- {amount} thôn của xã đặc biệt khó khăn khu vực biên giới phấn đấu đạt chuẩn "
        "nông thôn mới."
    )
    if t.note:
        text += f" {t.note}"
    return para(text, "item")


def completing_item(data: ReportData) -> Para | None:
    """ "- Phấn đấu Thành phố Cao Bằng hoàn thành nhiệm vụ xây dựng nông thôn mới năm 2020."."""
    units = [t for t in data.plan_targets if t.row_id == "huyen.hoan_thanh" and t.value == 1]
    if not units:
        return None
    names = ", ".join(unit_named(t, bare_district=False) for t in units)
    return para(
        f"- Phấn đấu {narrative._capital(names)} hoàn thành nhiệm vụ xây dựng nông thôn mới "
        f"năm {data.year + 1}.",
        "item",
    )


def targets_pieces(data: ReportData) -> dict[str, list[Para]]:
    """The named pieces of III.1 (``PIECES``), each empty when the plan does not state it."""
    fig = data.figures
    standard = narrative.target_standard_item(
        fig,
        target_communes=data.target_communes,
        advanced=advanced_phrase(data.plan_targets),
    )
    items: dict[str, list[Para]] = {
        "dat_chuan": [standard] if standard else [],
        "binh_quan": [p for p in (average_item(data),) if p],
        "duoi_10": [p for p in (below_ten_item(data),) if p],
        "ocop": ocop_item(data),
        "thon": [p for p in (villages_item(data),) if p],
        "hoan_thanh": [p for p in (completing_item(data),) if p],
    }
    return {name: items[name] for name in PIECES}


def target_warnings(data: ReportData) -> list[str]:
    """Where the plan's figures disagree with each other, for the officer: both figures and
    where each comes from. The report writes the figure the plan states."""
    fig = data.figures
    year, next_year = fig.year, fig.year + 1
    out: list[str] = []
    own = own_target(data.plan_targets, "duoi10.giam")
    districts = district_targets(data.plan_targets, "duoi10.giam")
    xa = narrative.xa
    if own is not None and fig.next_below_ten is not None and not fig.provisional:
        table = fig.below_ten - fig.next_below_ten
        if table != int(own.value):
            out.append(
                f"Mục III.1: kế hoạch năm {next_year} ghi giảm {xa(int(own.value))} đạt dưới 10 "
                f"tiêu chí (chỉ tiêu duoi10.giam), còn biểu kế hoạch (cột KH {next_year}, các "
                f"dòng xã đạt dưới 10 tiêu chí) cho {xa(fig.next_below_ten)} năm {next_year} so "
                f"với {xa(fig.below_ten)} năm {year}, tức giảm {xa(table)}"
                if table >= 0
                else f"Mục III.1: kế hoạch năm {next_year} ghi giảm {xa(int(own.value))} đạt "
                f"dưới 10 tiêu chí (chỉ tiêu duoi10.giam), còn biểu kế hoạch (cột KH "
                f"{next_year}) cho {xa(fig.next_below_ten)} năm {next_year} so với "
                f"{xa(fig.below_ten)} năm {year}, tức tăng {xa(-table)}"
            )
            out[-1] += f". Báo cáo ghi số kế hoạch nêu ({xa(int(own.value))}); xin kiểm tra lại."
    if own is not None and districts:
        total = sum(int(t.value) for t in districts)
        if total != int(own.value):
            out.append(
                f"Mục III.1: kế hoạch năm {next_year} ghi giảm {xa(int(own.value))} đạt dưới 10 "
                f"tiêu chí cho toàn {narrative.scope_word(fig.unit_kind)}, còn chỉ tiêu của "
                f"{format_count(len(districts))} huyện cộng lại là {xa(total)}. Báo cáo ghi số "
                f"của toàn {narrative.scope_word(fig.unit_kind)} ({xa(int(own.value))}); "
                "xin kiểm tra lại."
            )
    rise = own_target(data.plan_targets, "1.tang")
    change = fig.average.next_change
    if rise is not None and change is not None:
        high = rise.high if rise.high is not None else rise.value
        if not rise.value <= change <= high:
            out.append(
                f"Mục III.1: kế hoạch năm {next_year} ghi bình quân tiêu chí/xã tăng thêm "
                f"{span(rise)} tiêu chí (chỉ tiêu 1.tang), còn chỉ tiêu bình quân "
                f"{figure(fig.average.next_plan or Decimal(0))} tiêu chí/xã của biểu kế hoạch "
                f"(dòng 1) là tăng {narrative.num(change)} so với năm {year}; xin kiểm tra lại."
            )
    return out
