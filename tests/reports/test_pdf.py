"""The PDF of the report (LibreOffice): footnote marks are superscript, in the text and at the foot.

Skipped where LibreOffice or poppler's ``pdftohtml`` is not installed (PDF export then
says so to the user, ``reports.pdf``).
"""

import re
import shutil
import subprocess

import pytest

from ntm.reports.document import Para, ReportDocument, Run
from ntm.reports.pdf import docx_to_pdf, soffice_path
from ntm.reports.renderers.docx import report_docx

pytestmark = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftohtml") is None,
    reason="LibreOffice or pdftohtml not installed",
)

_TEXT = re.compile(
    r'<text top="(\d+)" left="\d+" width="\d+" height="(\d+)" font="\d+">(.*?)</text>'
)


def _pieces(pdf: bytes, tmp_path) -> list[tuple[int, int, str]]:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(path)], capture_output=True, check=True
    ).stdout.decode()
    return [(int(t), int(h), re.sub("<[^>]+>", "", s)) for t, h, s in _TEXT.findall(xml)]


def test_footnote_marks_are_superscript_in_the_pdf(tmp_path):
    doc = ReportDocument(
        issuer_parent="UBND TỈNH THỬ",
        issuer="BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG",
        number="Số: 05/BC-BCĐ",
        place_date="Thử, ngày 07 tháng 02 năm 2020",
        title="BÁO CÁO",
        subtitle="Kết quả thực hiện năm 2019",
        body=(
            Para(
                (
                    Run("Hoàn thành chỉ tiêu"),
                    Run(footnote="Theo Nghị quyết số 1/NQ."),
                    Run(" của năm."),
                )
            ),
        ),
        recipients=("- Lưu: VT.",),
        signature_authority=("TM. BAN CHỈ ĐẠO",),
        signer="Trần Văn Ký",
    )
    pieces = _pieces(docx_to_pdf(report_docx(doc)), tmp_path)
    marks = [p for p in pieces if p[2] == "1"]
    assert len(marks) == 2  # the call in the text, the mark before the note
    body = next(p for p in pieces if "Hoàn thành chỉ tiêu" in p[2])
    note = next(p for p in pieces if "Nghị quyết số 1/NQ." in p[2])
    for mark, line in zip(sorted(marks), (body, note), strict=True):
        assert mark[1] < line[1]  # smaller than the line's letters
        assert mark[0] + mark[1] < line[0] + line[1]  # and raised above its baseline
