"""Golden files of the renderers: the extracted content and structure, not the bytes.

Set ``NTM_UPDATE_GOLDEN=1`` to rewrite a golden file after an intended change,
then read the diff before committing it.
"""

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

GOLDEN = Path(__file__).resolve().parent / "golden"


def check(name: str, data: Any) -> None:
    """``data`` equals the golden file ``name``; a missing file fails (only the update writes)."""
    path = GOLDEN / name
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("NTM_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}; NTM_UPDATE_GOLDEN=1 writes it, then read it"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), (
        f"{name} differs from the golden file; NTM_UPDATE_GOLDEN=1 rewrites it"
    )


def xlsx_structure(data: bytes) -> dict[str, Any]:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    cells = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            if c.value is None:
                continue
            cells.append(
                {
                    "cell": c.coordinate,
                    "value": c.value,
                    "format": c.number_format,
                    "bold": bool(c.font.bold),
                    "italic": bool(c.font.italic),
                    "font": c.font.name,
                    "size": float(c.font.sz),
                    "align": c.alignment.horizontal,
                    "border": c.border.left.style,
                }
            )
    return {
        "sheets": wb.sheetnames,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {k: v.width for k, v in sorted(ws.column_dimensions.items())},
        "print_titles": ws.print_title_rows,
        "paper": ws.page_setup.paperSize,
        "orientation": ws.page_setup.orientation,
        "freeze": ws.freeze_panes,
        "cells": cells,
    }


def _runs(p) -> dict[str, Any]:
    return {
        "text": p.text,
        "bold": sorted({bool(r.bold) for r in p.runs if r.text.strip()}),
        "italic": sorted({bool(r.italic) for r in p.runs if r.text.strip()}),
        "align": str(p.alignment) if p.alignment is not None else None,
        "footnotes": len(p._p.findall(".//" + qn("w:footnoteReference"))),
        "images": len(p._p.findall(".//" + qn("w:drawing"))),
    }


def docx_structure(data: bytes) -> dict[str, Any]:
    d = Document(io.BytesIO(data))
    body = []
    for child in d.element.body.iterchildren():
        if child.tag == qn("w:p"):
            from docx.text.paragraph import Paragraph

            p = Paragraph(child, d)
            if p.text.strip() or p._p.findall(".//" + qn("w:drawing")):
                body.append(_runs(p))
        elif child.tag == qn("w:tbl"):
            from docx.table import Table

            t = Table(child, d)
            body.append({"table": [[c.text for c in row.cells] for row in t.rows]})
    sections = [
        {
            "orientation": str(s.orientation),
            "page_mm": [round(s.page_width.mm), round(s.page_height.mm)],
            "margins_mm": [
                round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
            ],
            "first_page_different": s.different_first_page_header_footer,
        }
        for s in d.sections
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footnotes_xml = (
            z.read("word/footnotes.xml").decode() if "word/footnotes.xml" in z.namelist() else ""
        )
    notes = []
    if footnotes_xml:
        from lxml import etree

        root = etree.fromstring(footnotes_xml.encode())
        for fn in root.findall(qn("w:footnote")):
            if int(fn.get(qn("w:id"))) > 0:
                notes.append("".join(t.text or "" for t in fn.iter(qn("w:t"))).strip())
    fonts = sorted({r.font.name for p in d.paragraphs for r in p.runs if r.font.name})
    sizes = sorted({r.font.size.pt for p in d.paragraphs for r in p.runs if r.font.size})
    normal = d.styles["Normal"].font
    return {
        "sections": sections,
        "normal_font": [normal.name, normal.size.pt if normal.size else None],
        "fonts": fonts,
        "sizes": sizes,
        "body": body,
        "footnotes": notes,
    }
