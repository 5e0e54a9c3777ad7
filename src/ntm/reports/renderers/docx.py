"""The annual report as a Word document in the administrative format (Nghị định 30/2020/NĐ-CP).

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14
(13 in the header block); the header block (issuing body on the left, national
title and motto on the right, each underlined by a short rule), number and
place-date; title; body with first-line indent; footnotes; "Nơi nhận" and the
signature block; page numbers at the top centre from page 2; the appendix
table in a landscape section with the same margins, its pages numbered on their
own (from 1, the first not shown); the file's properties: title (the report's
subtitle), author (the issuing body), created and modified (the day it is
made). Takes a prepared ``ReportDocument``; never queries.
"""

import datetime
import io
from decimal import Decimal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ntm.evaluation.numbers import format_number
from ntm.reports.appendix import AppendixTable, Cell
from ntm.reports.document import Image, Para, ReportDocument, office_text

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
INDENT = Cm(1)
FOOTNOTE_STYLE = "footnote reference"
FOOTNOTE_STYLE_ID = "FootnoteReference"

#: Nghị định 30/2020/NĐ-CP, Phụ lục I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm;
#: the appendix's landscape pages keep them (the left edge is the bound one).
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
LANDSCAPE_MARGINS = MARGINS


# --------------------------------------------------------------------------- helpers


def _fonts(rpr_parent: object, *, size: float | None = None) -> None:
    """Times New Roman for every script (Word picks the East Asian slot for some letters)."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _run(
    p: Paragraph, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False
) -> None:
    r = p.add_run(office_text(text))
    r.font.name = FONT
    r.font.size = Pt(size)
    r.font.bold = bold
    r.font.italic = italic
    _fonts(r._r)


def _mark_size(p: Paragraph, size: float) -> None:
    """The size of the paragraph mark, which sets the height of an empty line (e.g. a table cell)."""
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="{int(size * 2)}"/></w:rPr>'))


def _format(
    p: Paragraph,
    *,
    align: int | None = None,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
    line: float | None = None,
    keep_next: bool = False,
) -> None:
    pf = p.paragraph_format
    if align is not None:
        p.alignment = align
    pf.first_line_indent = INDENT if indent else None
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line
    pf.keep_with_next = keep_next


def _rule(container: DocxDocument | _Cell, *, length_cm: float, width_cm: float) -> None:
    """A short centred horizontal rule (NĐ 30: a solid line under the issuer and the motto)."""
    p = container.add_paragraph()
    side = max((width_cm - length_cm) / 2, 0)
    pf = p.paragraph_format
    pf.left_indent = Cm(side)
    pf.right_indent = Cm(side)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
            'w:color="000000"/></w:pBdr>'
        )
    )


def _no_borders(table: object) -> None:
    tbl = table._tbl  # type: ignore[attr-defined]
    tbl_pr = tbl.tblPr
    tbl_pr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(
                f'<w:{side} w:val="nil"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )


def _widths(table: object, widths_cm: list[float]) -> None:
    """Column widths in the grid (LibreOffice reads it) and in every cell (Word reads those)."""
    table.autofit = False  # type: ignore[attr-defined]
    tbl = table._tbl  # type: ignore[attr-defined]
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(w).twips)))
    tbl_w = tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl.tblPr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, w in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(w)


def _cell_para(cell: _Cell, first: bool) -> Paragraph:
    return cell.paragraphs[0] if first else cell.add_paragraph()


# --------------------------------------------------------------------------- footnotes

_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


class _Footnotes:
    """A footnotes part added to the package (python-docx has no footnote API)."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.part: XmlPart | None = None
        self.next_id = 1

    def _ensure(self) -> XmlPart:
        if self.part is None:
            # Word's built-in character style of footnote marks, superscript: LibreOffice (the
            # PDF) draws the marks with it, in the text and at the foot of the page alike.
            style = self.document.styles.add_style(FOOTNOTE_STYLE, WD_STYLE_TYPE.CHARACTER)
            style.font.superscript = True
            style.element.set(qn("w:styleId"), FOOTNOTE_STYLE_ID)
            doc_part = self.document.part
            self.part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CT.WML_FOOTNOTES,
                parse_xml(_FOOTNOTES_XML),
                doc_part.package,
            )
            doc_part.relate_to(self.part, RT.FOOTNOTES)
        return self.part

    def add(self, paragraph: Paragraph, text: str) -> None:
        part = self._ensure()
        fid = self.next_id
        self.next_id += 1
        ref = parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{FOOTNOTE_STYLE_ID}"/>'
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            f'<w:vertAlign w:val="superscript"/><w:sz w:val="{BODY_PT * 2}"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>'
        )
        paragraph._p.append(ref)
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:spacing w:after="0"/>'
            '<w:jc w:val="both"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_STYLE_ID}"/>'
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            '<w:vertAlign w:val="superscript"/><w:sz w:val="24"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            '<w:sz w:val="24"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        note.findall(".//" + qn("w:t"))[-1].text = " " + office_text(text)
        part.element.append(note)


# --------------------------------------------------------------------------- blocks


def _setup(d: DocxDocument) -> None:
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.orientation = WD_ORIENT.PORTRAIT
    for name, value in MARGINS.items():
        setattr(sec, f"{name}_margin", value)
    sec.header_distance = Mm(10)
    # Page numbers at the top centre, not on the first page (NĐ 30/2020, Phụ lục I).
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = hp.add_run()
    r.font.size = Pt(HEADER_PT)
    r.font.name = FONT
    for xml in (
        f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>',
    ):
        r._r.append(parse_xml(xml))


def _header_block(d: DocxDocument, doc: ReportDocument) -> None:
    left_w, right_w = 7.0, 10.0
    table = d.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [left_w, right_w])
    left, right = table.cell(0, 0), table.cell(0, 1)

    p = _cell_para(left, True)
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(p, doc.issuer_parent, size=HEADER_PT)
    for line in doc.issuer.splitlines() or [""]:
        p = left.add_paragraph()
        _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, line, size=HEADER_PT, bold=True)
    _rule(left, length_cm=2.6, width_cm=left_w)

    p = _cell_para(right, True)
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    p = right.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(p, "Độc lập - Tự do - Hạnh phúc", size=BODY_PT, bold=True)
    _rule(right, length_cm=6.0, width_cm=right_w)

    p = _cell_para(table.cell(1, 0), True)
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=6)
    _run(p, doc.number, size=HEADER_PT)
    p = _cell_para(table.cell(1, 1), True)
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=6)
    _run(p, doc.place_date, size=BODY_PT, italic=True)

    p = d.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=18)
    _run(p, doc.title, bold=True)
    p = d.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(p, doc.subtitle, bold=True)
    _rule(d, length_cm=4.0, width_cm=16.5)
    p = d.add_paragraph()
    _format(p, after=0)


_STYLE = {
    "heading1": {"keep_next": True},
    "heading2": {"keep_next": True},
    "heading3": {"keep_next": True},
}


def _para(d: DocxDocument, block: Para, notes: _Footnotes) -> None:
    p = d.add_paragraph()
    _format(
        p,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent=True,
        before=6,
        line=1.1,
        **_STYLE.get(block.style, {}),
    )
    for run in block.runs:
        if run.footnote is not None:
            notes.add(p, run.footnote)
            continue
        bold = run.bold or block.style.startswith("heading")
        _run(p, run.text, bold=bold, italic=run.italic)


def _image(d: DocxDocument, block: Image) -> None:
    p = d.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, keep_next=True)
    p.add_run().add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
    p = d.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _run(p, block.caption, size=12, italic=True)


def _signature(d: DocxDocument, doc: ReportDocument) -> None:
    table = d.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [8.0, 8.5])
    left, right = table.cell(0, 0), table.cell(0, 1)
    p = _cell_para(left, True)
    _format(p, before=12)
    _run(p, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in doc.recipients:
        p = left.add_paragraph()
        _format(p)
        _run(p, line, size=11)
    first = True
    for line in doc.signature_authority:
        p = _cell_para(right, first)
        _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=12 if first else 0)
        _run(p, line, bold=True)
        first = False
    for _ in range(4):
        _format(right.add_paragraph())
    p = right.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(p, doc.signer, bold=True)


# --------------------------------------------------------------------------- appendix


def cell_text(value: Cell, kind: str) -> str:
    """A number of the appendix the Vietnamese way: 177, 1.234, 10,62."""
    if value is None:
        return ""
    if kind == "average":
        return format_number(value, 2)
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return format_number(value, 2)
    return format_number(value)


def _appendix(d: DocxDocument, table_data: AppendixTable) -> None:
    sec = d.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    for name, value in LANDSCAPE_MARGINS.items():
        setattr(sec, f"{name}_margin", value)
    # NĐ 30/2020, Phụ lục I: an appendix's pages are numbered on their own, from 1, at the top
    # centre, the first not shown (as the report's): the same header, counting again from 1.
    sec.different_first_page_header_footer = True
    sect_pr = sec._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    after = [sect_pr.find(qn(f"w:{tag}")) for tag in ("cols", "formProt", "vAlign", "titlePg")]
    following = next((el for el in after if el is not None), None)
    if following is not None:
        following.addprevious(pg)  # the schema's order of a section's properties
    else:
        sect_pr.append(pg)
    p = d.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(p, table_data.title, size=HEADER_PT, bold=True)
    p = d.add_paragraph()
    _format(p, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _run(p, table_data.caption, size=HEADER_PT, italic=True)

    headers = ["STT", "Chỉ tiêu", "ĐVT", *table_data.columns]
    table = d.add_table(rows=1 + len(table_data.rows), cols=len(headers))
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [1.4, 11.5, 1.4] + [2.8] * len(table_data.columns)
    _widths(table, widths)
    hdr = table.rows[0]
    hdr._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, text in zip(hdr.cells, headers, strict=True):
        p = cell.paragraphs[0]
        _format(p, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, text, size=12, bold=True)
    for row, data in zip(table.rows[1:], table_data.rows, strict=True):
        texts = [
            data.row_id,
            data.label,
            data.unit,
            *(cell_text(v, data.kind) for v in data.values),
        ]
        aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER] + [
            WD_ALIGN_PARAGRAPH.RIGHT
        ] * len(data.values)
        for cell, text, align in zip(row.cells, texts, aligns, strict=True):
            p = cell.paragraphs[0]
            _format(p, align=align)
            _mark_size(p, 12)
            _run(p, text, size=12, bold=data.bold, italic=data.italic)
    for note in table_data.notes:
        p = d.add_paragraph()
        _format(p, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
        _run(p, f"Ghi chú: {note}", size=12, italic=True)


# --------------------------------------------------------------------------- entry point


def _properties(d: DocxDocument, doc: ReportDocument, now: datetime.datetime) -> None:
    props = d.core_properties
    props.title = office_text(doc.subtitle)
    props.author = office_text(doc.author or " ".join(doc.issuer.splitlines()))
    props.last_modified_by = props.author
    props.subject = office_text(doc.title)
    props.created = now
    props.modified = now
    props.revision = 1


def report_docx(doc: ReportDocument, *, now: datetime.datetime | None = None) -> bytes:
    """The Word file of the report; ``now`` (default: the present moment) is its date made."""
    d = Document()
    _setup(d)
    _properties(d, doc, now or datetime.datetime.now(datetime.UTC).replace(microsecond=0))
    _header_block(d, doc)
    notes = _Footnotes(d)
    for block in doc.body:
        if isinstance(block, Image):
            _image(d, block)
        else:
            _para(d, block, notes)
    _signature(d, doc)
    if doc.appendix is not None:
        _appendix(d, doc.appendix)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


__all__ = ["cell_text", "report_docx"]
