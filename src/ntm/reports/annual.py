"""Building the annual report of a province or district for a year, ready to render.

The structure is the provinces' report (Cao Bằng 2019): I. implementation,
whose last part (results of the criteria set) NTM writes from the data; II. the
general assessment, which is judgement and comes from the office's texts
(``reports.ReportText``); III. next year's direction, whose targets NTM writes
from the plans, followed by the office's text. A section whose text the office
has not written is left out and the next ones are renumbered; the report's
``warnings`` say which.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ntm.analytics import selectors
from ntm.analytics.metrics import UnitFigures
from ntm.reports import charts, narrative
from ntm.reports.appendix import appendix_table, unit_label
from ntm.reports.document import Block, Image, Para, ReportDocument, para, text_blocks
from ntm.reports.models import ReportText
from ntm.units.models import AdminUnit


@dataclass(frozen=True)
class Section:
    """A section of the report: its text key (ReportText.section) and heading."""

    key: str
    heading: str
    children: tuple["Section", ...] = ()
    generated: bool = False


#: The report's outline. Keys are stable identifiers of the office's texts;
#: printed numbers follow from which sections have content.
REPORT_SECTIONS: tuple[Section, ...] = (
    Section(
        "I",
        "TÌNH HÌNH TRIỂN KHAI",
        (
            Section("I.1", "Công tác truyền thông trong xây dựng nông thôn mới"),
            Section("I.2", "Thành lập, kiện toàn bộ máy chỉ đạo thực hiện Chương trình"),
            Section("I.3", "Công tác chỉ đạo, điều hành"),
            Section("I.4", "Công tác đào tạo, tập huấn"),
            Section("I.5", "Chương trình mỗi xã một sản phẩm (OCOP)"),
            Section("I.6", "Phát triển sản xuất theo chuỗi giá trị"),
            Section("I.7", "Nguồn lực thực hiện Chương trình"),
            Section("I.8", "Kết quả hỗ trợ các xã được phân công phụ trách"),
            Section("I.9", "Kết quả thực hiện Bộ tiêu chí xã nông thôn mới", generated=True),
        ),
    ),
    Section(
        "II",
        "ĐÁNH GIÁ CHUNG",
        (
            Section("II.1", "Những kết quả đã đạt được"),
            Section("II.2", "Những tồn tại, hạn chế"),
            Section("II.3", "Nguyên nhân"),
        ),
    ),
    Section(
        "III",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP NĂM {next_year}",
        (
            Section("III.1", "Phương hướng, nhiệm vụ trọng tâm", generated=True),
            Section("III.2", "Giải pháp thực hiện chương trình"),
        ),
    ),
)

#: Texts the office may add after the parts NTM writes, and the closing blocks.
EXTRA_TEXTS: dict[str, str] = {
    "I.9.a": "Bổ sung sau phần kết quả đạt chuẩn (I.9.a)",
    "I.9.b": "Bổ sung sau phần bình quân tiêu chí (I.9.b)",
    "I.9.c": "Bổ sung sau phần kết quả từng tiêu chí (I.9.c)",
    "noi_nhan": "Nơi nhận (mỗi dòng một nơi)",
    "chu_ky": "Thẩm quyền ký (mỗi dòng một dòng; dòng cuối là họ tên người ký)",
}

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def report_text_keys() -> list[tuple[str, str]]:
    """Every key of ReportText the report reads, with a label (for the office's editing form)."""
    out: list[tuple[str, str]] = []
    for top in REPORT_SECTIONS:
        for sub in top.children:
            if sub.generated:
                label = f"{sub.heading} (bổ sung sau phần NTM tự viết)"
            else:
                label = sub.heading
            out.append((sub.key, f"{sub.key}. {label}"))
    out.extend(EXTRA_TEXTS.items())
    return out


def upper(text: str) -> str:
    return text.upper()


def report_date_text(place: str, date: datetime.date | None, year: int) -> str:
    """ "Cao Bằng, ngày 05 tháng 02 năm 2020" (Nghị định 30/2020/NĐ-CP: days under 10, months 1-2 with 0)."""
    if date is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def _issuer(unit: AdminUnit) -> tuple[str, str, str]:
    """(parent body, issuing body, long name used in the closing sentence)."""
    label = unit_label(unit)
    parent = f"UBND {upper(label)}"
    return (
        parent,
        "BAN CHỈ ĐẠO CÁC CTMTQG",
        f"Ban Chỉ đạo các Chương trình mục tiêu quốc gia {label}",
    )


def _default_recipients(unit: AdminUnit) -> tuple[str, ...]:
    if unit.level == AdminUnit.Level.PROVINCE:
        return (
            "- Văn phòng Điều phối nông thôn mới Trung ương;",
            "- TT. Tỉnh ủy;",
            "- TT. HĐND tỉnh;",
            "- CT, các PCT UBND tỉnh;",
            "- Thành viên BCĐ tỉnh;",
            "- UBND các huyện, thành phố;",
            "- Văn phòng Điều phối NTM tỉnh;",
            "- Lưu: VT.",
        )
    return (
        "- BCĐ các CTMTQG tỉnh;",
        "- Văn phòng Điều phối NTM tỉnh;",
        "- TT. Huyện ủy;",
        "- TT. HĐND huyện;",
        "- Thành viên BCĐ huyện;",
        "- UBND các xã;",
        "- Lưu: VT.",
    )


def _criteria_section(
    fig: UnitFigures,
    *,
    unit: AdminUnit,
    texts: dict[str, str],
    with_charts: bool,
    figure_no: list[int],
) -> list[Block]:
    year = fig.year
    criteria_count = fig.criteria_count
    blocks: list[Block] = []

    def image(png: bytes, caption: str) -> None:
        figure_no[0] += 1
        blocks.append(Image(png, f"Hình {figure_no[0]}. {caption}"))

    blocks.append(para("a) Kết quả đạt chuẩn xã nông thôn mới:", "heading3", bold=True))
    blocks.append(
        narrative.standard_paragraph(
            fig,
            new_communes=selectors.standard_communes_new(
                unit=unit, year=year, criteria_count=criteria_count
            ),
            missed_communes=selectors.target_communes_missed(
                unit=unit, year=year, criteria_count=criteria_count
            ),
        )
    )
    blocks.extend(text_blocks(texts.get("I.9.a", "")))

    blocks.append(para("b) Kết quả đạt bình quân tiêu chí:", "heading3", bold=True))
    blocks.append(narrative.average_paragraph(fig))
    if with_charts and fig.average.value is not None:
        points = selectors.average_series(unit=unit, years=range(fig.base_year, year + 1))
        plan = (year + 1, fig.average.next_plan) if fig.average.next_plan is not None else None
        image(charts.average_chart(points, plan=plan), "Bình quân số tiêu chí đạt/xã qua các năm")
    district_paras = narrative.subunit_paragraphs(fig)
    blocks.extend(district_paras)
    if with_charts and district_paras:
        image(
            charts.district_chart(fig.subunits, year=year),
            f"Bình quân tiêu chí/xã của các huyện năm {year} so với năm {year - 1}",
        )
    blocks.extend(text_blocks(texts.get("I.9.b", "")))

    blocks.append(
        para(
            "c) Kết quả thực hiện bộ tiêu chí quốc gia về xã nông thôn mới:", "heading3", bold=True
        )
    )
    blocks.extend(narrative.criteria_paragraphs(fig))
    if with_charts and fig.now.has_data:
        image(
            charts.criteria_share_chart(fig.criteria, year=year),
            f"Tỷ lệ xã đạt từng tiêu chí năm {year} so với năm {year - 1}",
        )
    blocks.extend(text_blocks(texts.get("I.9.c", "")))
    blocks.append(para("(Có biểu chi tiết kèm theo)", "body", italic=True))
    return blocks


def annual_report_build(
    *,
    unit: AdminUnit,
    year: int,
    number: str = "",
    date: datetime.date | None = None,
    with_charts: bool = True,
    with_appendix: bool = True,
    user: Any = None,
    progress: Callable[[int, str], None] | None = None,
) -> ReportDocument:
    """The annual report of ``unit`` for ``year``, from the data, the plans and the office's texts.

    ``progress(percent, message)`` is told how far the work is (for report jobs).
    """

    def step(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    step(5, "Đang tính các số liệu của năm và năm trước.")
    fig = selectors.unit_figures(unit=unit, year=year, user=user)
    step(30, "Đang viết các mục số liệu và vẽ biểu đồ.")
    texts = {
        k: v
        for k, v in ReportText.objects.filter(unit=unit, year=year).values_list("section", "text")
        if v.strip()
    }
    parent, issuer, issuer_long = _issuer(unit)
    warnings: list[str] = []
    body: list[Block] = []
    figure_no = [0]
    fmt = {"year": year, "next_year": year + 1}
    top_no = 0
    for top in REPORT_SECTIONS:
        children: list[tuple[Section, list[Block]]] = []
        for sub in top.children:
            own = text_blocks(texts.get(sub.key, ""))
            if sub.key == "I.9":
                content = _criteria_section(
                    fig, unit=unit, texts=texts, with_charts=with_charts, figure_no=figure_no
                )
                content = own + content
            elif sub.key == "III.1":
                content = (
                    narrative.targets_paragraphs(
                        fig, target_communes=selectors.target_communes(unit=unit, year=year + 1)
                    )
                    + own
                )
            else:
                content = own
            if not content:
                warnings.append(
                    f"Chưa có nội dung mục {sub.key}. {sub.heading}: mục này được bỏ qua."
                )
                continue
            children.append((sub, content))
        if not children:
            continue
        body.append(para(f"{ROMAN[top_no]}. {top.heading.format(**fmt)}", "heading1", bold=True))
        top_no += 1
        for i, (sub, content) in enumerate(children, start=1):
            body.append(para(f"{i}. {sub.heading.format(**fmt)}:", "heading2", bold=True))
            body.extend(content)
    closing = narrative.closing_paragraph(year=year, issuer=issuer_long)
    last = body[-1] if body else None
    if not (isinstance(last, Para) and last.text.startswith(closing.text[:20])):
        # Unless the office's last text already closes the report ("Trên đây là báo cáo …").
        body.append(closing)

    recipients = tuple(
        line.strip() for line in texts.get("noi_nhan", "").splitlines() if line.strip()
    ) or _default_recipients(unit)
    signature_lines = [
        line.strip() for line in texts.get("chu_ky", "").splitlines() if line.strip()
    ]
    if signature_lines:
        authority, signer = tuple(signature_lines[:-1]), signature_lines[-1]
    else:
        authority, signer = ("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"), ""
        warnings.append("Chưa có thẩm quyền ký và họ tên người ký (mục chu_ky).")
    place = unit.name
    step(60, "Đang lập biểu chi tiết.")
    return ReportDocument(
        issuer_parent=parent,
        issuer=issuer,
        number=f"Số: {number or '      '}/BC-BCĐ",
        place_date=report_date_text(place, date, date.year if date else year + 1),
        title="BÁO CÁO",
        subtitle=(
            f"Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm {year}, "
            f"phương hướng nhiệm vụ năm {year + 1}"
        ),
        body=tuple(body),
        recipients=recipients,
        signature_authority=authority,
        signer=signer,
        appendix=appendix_table(
            unit=unit,
            year=year,
            report_number=number,
            report_date=date.strftime("%d/%m/%Y") if date else "",
        )
        if with_appendix
        else None,
        warnings=tuple(warnings),
    )


__all__ = ["REPORT_SECTIONS", "Para", "annual_report_build", "report_text_keys"]
