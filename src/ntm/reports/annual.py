"""Building the annual report of a province or district for a year, ready to render.

The structure is the provinces' report (Cao Bằng 2019): I. implementation,
whose last part (results of the criteria set) NTM writes from the data; II. the
general assessment, which is judgement and comes from the office's texts
(``reports.ReportText``); III. next year's direction, whose targets NTM writes
from the plans, followed by the office's text. A section whose text the office
has not written is left out and the next ones are renumbered; the report's
``warnings`` say which.

Pure (no Django): ``report_document_build`` takes the report's data, read
once by ``reports.selectors.report_data``, and queries nothing.
"""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from ntm.reports import (
    charts,
    narrative,
    narrative_activities,
    narrative_resources,
    narrative_targets,
)
from ntm.reports.appendix import appendix_caption
from ntm.reports.data import ReportData
from ntm.reports.document import (
    Block,
    Image,
    Para,
    ReportDocument,
    para,
    text_blocks,
    text_filled,
    text_markers,
)
from ntm.reports.names import ReportUnit, report_reference
from ntm.reports.references import reference_pieces


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
    "I.9.d": "Bổ sung sau phần xã nông thôn mới nâng cao, kiểu mẫu (I.9.d)",
}

#: The sections NTM writes in part from data, each as named pieces that the office's
#: text places with ``{{name}}`` (``document.text_filled``); unplaced pieces go first.
SECTION_PIECES: dict[str, Callable[[ReportData], dict[str, list[Para]]]] = {
    "I.7": lambda data: narrative_resources.funds_pieces(
        data.resources, placed=text_markers(data.text("I.7"))
    ),
    "I.8": lambda data: narrative_resources.support_pieces(
        data.resources, placed=text_markers(data.text("I.8"))
    ),
    "I.5": lambda data: {
        "ocop": narrative.ocop_paragraphs(data.ocop),
        **narrative_activities.ocop_course_pieces(data.activities, text=data.text("I.5")),
    },
    "I.1": lambda data: narrative_activities.communication_pieces(data.activities),
    "I.3": lambda data: narrative_activities.directive_pieces(
        data.activities, text=data.text("I.3")
    ),
    "I.4": lambda data: narrative_activities.training_pieces(
        data.activities, year=data.year, text=data.text("I.4")
    ),
    "I.6": lambda data: narrative_activities.value_chain_pieces(data.activities),
    # Next year's targets as the plan states them (narrative_targets.PIECES): dat_chuan,
    # binh_quan, duoi_10, ocop, thon, hoan_thanh.
    "III.1": narrative_targets.targets_pieces,
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


def report_date_text(place: str, date: datetime.date | None, year: int) -> str:
    """ "Cao Bằng, ngày 05 tháng 02 năm 2020" (Nghị định 30/2020/NĐ-CP: days under 10, months 1-2 with 0)."""
    if date is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def _default_recipients(unit: ReportUnit) -> tuple[str, ...]:
    if unit.is_province:
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


def section_heading(data: ReportData, section: Section) -> str:
    """The heading of ``section`` as the office set it (``DocumentSetting.headings``), else NTM's."""
    return data.setting.headings.get(section.key) or section.heading


def _criteria_section(
    data: ReportData, *, with_charts: bool, figure_no: list[int], warnings: list[str]
) -> list[Block]:
    fig = data.figures
    year = fig.year
    blocks: list[Block] = []
    references, reference_warnings = reference_pieces(
        data.references,
        unit_kind=fig.unit_kind,
        average=fig.average.value,
        comparison=fig.comparison,
    )
    warnings.extend(reference_warnings)

    def office_text(key: str, piece: str) -> list[Para]:
        # The office's text with the reference figure it names put in (``{{piece}}``).
        filled = text_filled(data.text(key), {piece: references[piece]})
        warnings.extend(
            f"Mục {key}: không có số liệu nào tên {{{{{name}}}}}; chỗ này được bỏ trống."
            for name in filled.unknown
        )
        return filled.blocks

    def image(png: bytes, caption: str) -> None:
        figure_no[0] += 1
        if fig.provisional:
            caption += f" (số liệu năm {year} tạm tính)"
        blocks.append(Image(png, f"Hình {figure_no[0]}. {caption}"))

    opening = narrative.completeness_paragraph(fig)
    if opening is not None:
        blocks.append(opening)
    blocks.append(para("a) Kết quả đạt chuẩn xã nông thôn mới:", "heading3", bold=True))
    blocks.append(
        narrative.standard_paragraph(
            fig, new_communes=data.new_communes, missed_communes=data.missed_communes
        )
    )
    blocks.extend(office_text("I.9.a", "region_share_recognised"))

    blocks.append(para("b) Kết quả đạt bình quân tiêu chí:", "heading3", bold=True))
    blocks.append(narrative.average_paragraph(fig))
    if with_charts and fig.average.value is not None:
        plan = (year + 1, fig.average.next_plan) if fig.average.next_plan is not None else None
        image(
            charts.average_chart(data.average_series, plan=plan),
            "Bình quân số tiêu chí đạt/xã qua các năm",
        )
    district_paras = narrative.subunit_paragraphs(fig)
    blocks.extend(district_paras)
    if with_charts and district_paras:
        image(
            charts.district_chart(fig.subunits, year=year),
            f"Bình quân tiêu chí/xã của các huyện năm {year} so với năm {year - 1}",
        )
    if with_charts and data.map is not None:
        source = data.map.source
        image(
            charts.map_chart(data.map),
            f"{data.map.title} (bản đồ “{source.name}”, danh mục đơn vị {source.list_name}; "
            f"ranh giới: {source.source}; giấy phép: {source.licence})",
        )
    blocks.extend(office_text("I.9.b", "region_average"))

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
    blocks.extend(text_blocks(data.text("I.9.c")))

    # d) only where the unit has advanced or model communes (decisions or files), or the office
    # wrote about them: the report of a province without any reads as before.
    titles = narrative.higher_titles_paragraphs(data.higher_titles, unit_kind=fig.unit_kind)
    extra = text_blocks(data.text("I.9.d"))
    if titles or extra:
        blocks.append(
            para(
                "d) Kết quả xây dựng xã nông thôn mới nâng cao, xã nông thôn mới kiểu mẫu:",
                "heading3",
                bold=True,
            )
        )
        blocks.extend(titles)
        blocks.extend(extra)
    districts = narrative.district_paragraphs(data.districts, year=year)
    if districts:
        blocks.append(para("đ) Kết quả xây dựng huyện nông thôn mới:", "heading3", bold=True))
        blocks.extend(districts)
    blocks.append(para("(Có biểu chi tiết kèm theo)", "body", italic=True))
    return blocks


def report_document_build(
    data: ReportData,
    *,
    number: str = "",
    date: datetime.date | None = None,
    with_charts: bool = True,
    with_appendix: bool = True,
) -> ReportDocument:
    """The annual report from its data (figures, plans, the office's texts): pure, no query.

    ``number`` is the report's number as the office gives it: "215" is printed
    with the unit's symbol ("215/BC-BCĐ"), "215/BC-BCĐCTMTQG" as given, "5" as
    "05/…"; given, it and ``date`` replace those of the office's setting
    (``data.setting``), which also gives the header, signature, recipients and headings.
    """
    year = data.year
    unit = data.unit
    warnings: list[str] = []
    body: list[Block] = []
    figure_no = [0]
    fmt = {"year": year, "next_year": year + 1}
    top_no = 0
    for top in REPORT_SECTIONS:
        children: list[tuple[Section, list[Block]]] = []
        for sub in top.children:
            own: list[Block] = list(text_blocks(data.text(sub.key)))
            content: list[Block]
            if sub.key == "I.9":
                content = own + _criteria_section(
                    data, with_charts=with_charts, figure_no=figure_no, warnings=warnings
                )
            elif sub.key in SECTION_PIECES:
                filled = text_filled(data.text(sub.key), SECTION_PIECES[sub.key](data))
                content = [*filled.blocks]
                warnings.extend(
                    f"Mục {sub.key}: không có số liệu nào tên {{{{{name}}}}}; chỗ này được bỏ trống."
                    for name in filled.unknown
                )
            else:
                content = own
            if sub.key == "III.1":
                warnings.extend(narrative_targets.target_warnings(data))
            if not content:
                warnings.append(
                    f"Chưa có nội dung mục {sub.key}. {section_heading(data, sub)}: "
                    "mục này được bỏ qua."
                )
                continue
            children.append((sub, content))
        if not children:
            continue
        top_heading = section_heading(data, top).format(**fmt)
        body.append(para(f"{ROMAN[top_no]}. {top_heading}", "heading1", bold=True))
        top_no += 1
        for i, (sub, content) in enumerate(children, start=1):
            sub_heading = section_heading(data, sub).format(**fmt)
            body.append(para(f"{i}. {sub_heading}:", "heading2", bold=True))
            body.extend(content)
    closing = narrative.closing_paragraph(year=year, issuer=unit.issuer_name)
    last = body[-1] if body else None
    if not (isinstance(last, Para) and last.text.startswith(closing.text[:20])):
        # Unless the office's last text already closes the report ("Trên đây là báo cáo …").
        body.append(closing)

    setting = data.setting
    number = number.strip() or setting.number
    date = date or setting.date
    recipients = setting.recipients or _default_recipients(unit)
    authority = setting.signature_lines or ("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN")
    signer = setting.signer
    if not setting.signature_lines or not signer:
        warnings.append(
            "Chưa có thẩm quyền ký hoặc họ tên người ký (trang Thể thức báo cáo của đơn vị)."
        )
    appendix = None
    if with_appendix:
        caption = appendix_caption(
            unit=unit, number=number, date=date.strftime("%d/%m/%Y") if date else ""
        )
        appendix = dataclasses.replace(data.appendix, caption=caption)
    return ReportDocument(
        issuer_parent=setting.issuer_parent or f"UBND {unit.label.upper()}",
        issuer=unit.issuer,
        number=f"Số: {report_reference(number, symbol=unit.symbol, blank='      ')}",
        place_date=report_date_text(
            setting.place or unit.name, date, date.year if date else year + 1
        ),
        title="BÁO CÁO",
        subtitle=(
            f"Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm {year}, "
            f"phương hướng nhiệm vụ năm {year + 1}"
        ),
        body=tuple(body),
        recipients=recipients,
        signature_authority=authority,
        signer=signer,
        appendix=appendix,
        warnings=tuple(warnings),
        author=unit.issuer_name,
    )


__all__ = ["REPORT_SECTIONS", "report_document_build", "report_text_keys", "section_heading"]
