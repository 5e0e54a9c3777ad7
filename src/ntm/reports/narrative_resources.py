"""The sentences of parts I.7 (nguồn lực) and I.8 (hỗ trợ các xã) written from the data (pure).

The style is the provinces' reports (Cao Bằng 2019):
"**a) Nguồn ngân sách Trung ương:** 422.200 triệu đồng. Trong đó:" then one item per
kind of central capital with its disbursement ("Đến 31/12/2019, giải ngân được 262.336
triệu đồng (bằng 83,60%)."), then one lettered line per other source present. A source
with no row is left out and the letters follow on, as the report letters them:
a b c d e g h i k … (no đ, as the model report).

Named pieces (``reports.document.text_filled``): the office's text places each line with
``{{name}}``, or, to put its own words inside a line, the line's parts (``von_dtpt.so_tien``,
``von_dtpt.du_phong``, ``von_dtpt.giai_ngan``; ``quy_ntm.muc``, ``quy_ntm.so_tien``;
``ho_tro.tong``, ``ho_tro.cu_the``): a line whose parts the text places is not written
whole as well.

Amounts are triệu đồng; the amounts of one sentence are written alike: with 2 decimals when
any of them has a fraction (2.267,55; 4.740,00), else whole (422.200). Percentages of
disbursement with 2 decimals, rounded half away from zero (docs/report.md).
"""

from collections.abc import Collection, Iterable
from decimal import Decimal
from fractions import Fraction

from ntm.evaluation.numbers import format_number, format_percent
from ntm.reports.data import FundSum, ResourceFigures
from ntm.reports.document import Para, Run
from ntm.reports.narrative import scope_word
from ntm.resources import sources

#: The letters of the lines of part I.7, in order (the model report skips đ: d → e → g).
LETTERS = ("a", "b", "c", "d", "e", "g", "h", "i", "k", "l", "m", "n")
LEVEL_WORDS = {1: "cấp tỉnh", 2: "cấp huyện", 3: "cấp xã"}

#: The lines of I.7 after the central budget: (source, piece name, heading).
OTHER_LINES = (
    (sources.DIA_PHUONG, "ngan_sach_dia_phuong", None),
    (sources.LONG_GHEP, "long_ghep", "Nguồn vốn lồng ghép"),
    (sources.TIN_DUNG, "tin_dung", "Tín dụng"),
    (sources.DOANH_NGHIEP, "doanh_nghiep", "Doanh nghiệp, hợp tác xã"),
    (sources.CONG_DONG, "cong_dong", "Huy động từ cộng đồng dân cư"),
    (sources.QUY_NTM, "quy_ntm", "Nguồn huy động, vận động ủng hộ Quỹ xây dựng nông thôn mới"),
    (sources.KHAC, "nguon_khac", "Nguồn khác"),
)
#: Lines whose parts the office's text may place instead of the whole line.
PARTS = {
    "von_dtpt": ("von_dtpt.so_tien", "von_dtpt.du_phong", "von_dtpt.giai_ngan"),
    "quy_ntm": ("quy_ntm.muc", "quy_ntm.so_tien"),
    "ho_tro": ("ho_tro.tong", "ho_tro.cu_the"),
}


def places(values: Iterable[Decimal | None]) -> int:
    """2 when any amount of the sentence has a fraction, else 0."""
    return 2 if any(v is not None and v != v.to_integral_value() for v in values) else 0


def money(value: Decimal, decimals: int) -> str:
    """ "422.200 triệu đồng", "2.267,55 triệu đồng"."""
    return f"{format_number(value, decimals)} triệu đồng"


def _body(*runs: Run, style: str = "body") -> list[Para]:
    return [Para(tuple(runs), style)]


def _inline(text: str) -> list[Para]:
    return [Para((Run(text),))] if text else []


class _Source:
    """A source's total over the levels, its disbursement and its split by level."""

    def __init__(self, rows: list[FundSum]) -> None:
        self.allocated = sum((r.allocated for r in rows), Decimal(0))
        stated = [r.disbursed for r in rows]
        self.disbursed: Decimal | None = (
            sum((d for d in stated if d is not None), Decimal(0))
            if rows and all(d is not None for d in stated)
            else None
        )
        dates = [r.as_of for r in rows if r.as_of is not None]
        self.as_of = max(dates) if dates else None
        self.by_level: dict[int, Decimal] = {}
        for r in rows:
            self.by_level[r.level] = self.by_level.get(r.level, Decimal(0)) + r.allocated


def _by_source(fig: ResourceFigures) -> dict[str, _Source]:
    grouped: dict[str, list[FundSum]] = {}
    for f in fig.funds:
        grouped.setdefault(f.source, []).append(f)
    return {source: _Source(rows) for source, rows in grouped.items()}


def _disbursement(s: _Source, decimals: int) -> str:
    """ "Đến 31/12/2019, giải ngân được 262.336 triệu đồng (bằng 83,60%)." or ""."""
    if s.disbursed is None or s.as_of is None:
        return ""
    share = ""
    if s.allocated:
        rate = Fraction(s.disbursed) * 100 / Fraction(s.allocated)
        share = f" (bằng {format_percent(rate, 2)})"
    return f"Đến {s.as_of:%d/%m/%Y}, giải ngân được {money(s.disbursed, decimals)}{share}."


def _split(s: _Source, decimals: int) -> str:
    """ "(Trong đó, cấp tỉnh 700,94 triệu đồng, cấp huyện 1.566,61 triệu đồng)" for several levels."""
    if len(s.by_level) < 2:
        return ""
    parts = ", ".join(
        f"{LEVEL_WORDS.get(level, 'cấp khác')} {money(value, decimals)}"
        for level, value in sorted(s.by_level.items())
    )
    return f" (Trong đó, {parts})"


def _choose(pieces: dict[str, list[Para]], placed: Collection[str]) -> dict[str, list[Para]]:
    """Keep a line whole, or its parts when the office's text places any of them."""
    out = dict(pieces)
    for whole, parts in PARTS.items():
        if any(p in placed for p in parts):
            out.pop(whole, None)
        else:
            for p in parts:
                out.pop(p, None)
    return out


def funds_pieces(
    fig: ResourceFigures | None, *, placed: Collection[str] = ()
) -> dict[str, list[Para]]:
    """The named pieces of part I.7 (see the module); empty without any fund row."""
    if fig is None or not fig.funds:
        return {}
    by = _by_source(fig)
    letters = iter(LETTERS)
    pieces: dict[str, list[Para]] = {}
    dtpt, dp, sn = by.get(sources.TW_DTPT), by.get(sources.TW_DTPT_DP), by.get(sources.TW_SN)
    if dtpt is not None or sn is not None:
        total = sum((s.allocated for s in (dtpt, sn) if s is not None), Decimal(0))
        letter = next(letters)
        pieces["ngan_sach_tw"] = _body(
            Run(f"{letter}) Nguồn ngân sách Trung ương:", bold=True),
            Run(f" {money(total, places([total]))}. Trong đó:"),
        )
    if dtpt is not None:
        d = places([dtpt.allocated, dtpt.disbursed, dp.allocated if dp else None])
        amount = money(dtpt.allocated, d)
        contingency = money(dp.allocated, d) if dp is not None else ""
        paid = _disbursement(dtpt, d)
        text = f"- Vốn đầu tư phát triển: {amount}"
        if contingency:
            text += f" (Trong đó, có {contingency} vốn dự phòng)"
        text += "." if not paid else f". {paid}"
        pieces["von_dtpt"] = _body(Run(text), style="item")
        pieces["von_dtpt.so_tien"] = _inline(amount)
        pieces["von_dtpt.du_phong"] = _inline(contingency)
        pieces["von_dtpt.giai_ngan"] = _inline(paid)
    if sn is not None:
        d = places([sn.allocated, sn.disbursed])
        paid = _disbursement(sn, d)
        text = f"- Vốn sự nghiệp: {money(sn.allocated, d)}."
        pieces["von_sn"] = _body(Run(f"{text} {paid}" if paid else text), style="item")
    for source, name, heading in OTHER_LINES:
        s = by.get(source)
        if s is None:
            continue
        if heading is None:  # the local budget: the unit's own, or its levels'
            own = set(s.by_level) == {fig.unit_level}
            heading = (
                f"Nguồn ngân sách {scope_word(fig.unit_kind)}"
                if own
                else "Nguồn ngân sách địa phương"
            )
        d = places([s.allocated, *s.by_level.values()])
        amount = f"{money(s.allocated, d)}{_split(s, d)}"
        letter = next(letters)
        label = f"{letter}) {heading}:"
        pieces[name] = _body(Run(label, bold=True), Run(f" {amount}."))
        if source == sources.QUY_NTM:
            pieces["quy_ntm.muc"] = _body(Run(label, bold=True))
            pieces["quy_ntm.so_tien"] = _inline(amount)
    return _choose(pieces, placed)


def support_pieces(
    fig: ResourceFigures | None, *, placed: Collection[str] = ()
) -> dict[str, list[Para]]:
    """The named pieces of part I.8: what the units helping communes gave (``ho_tro``)."""
    if fig is None or not fig.supports:
        return {}
    total = fig.cash + fig.in_kind + fig.materials
    d = places([total, fig.cash, fig.in_kind, fig.materials])
    detail = (
        f"Hỗ trợ bằng tiền mặt {money(fig.cash, d)}; vật chất khác quy ra tiền "
        f"{money(fig.in_kind, d)}; vật liệu giá trị quy ra tiền {money(fig.materials, d)}"
    )
    pieces = {
        "ho_tro": _body(Run(f"Kết quả đã huy động được {money(total, d)}, cụ thể: {detail}.")),
        "ho_tro.tong": _inline(money(total, d)),
        "ho_tro.cu_the": _inline(detail),
    }
    return _choose(pieces, placed)
