"""The Excel appendix and the Word report against golden files of their content and layout."""

import datetime
from decimal import Decimal

import pytest

from ntm.reports import appendix
from ntm.reports.annual import report_document_build
from ntm.reports.models import DocumentSetting, ReportText
from ntm.reports.renderers.docx import cell_text, report_docx
from ntm.reports.renderers.xlsx import AVERAGE_FORMAT, COUNT_FORMAT, appendix_xlsx
from ntm.reports.selectors import report_data
from tests.reports import golden, published
from tests.reports.test_narrative import criteria_2016


def published_table() -> appendix.AppendixTable:
    plan = {
        r["row_id"]: Decimal(r["kh_2020"])
        for r in published.appendix_rows()
        if r["row_id"] and r["kh_2020"]
    }
    rows = appendix.appendix_rows_build(
        criteria=criteria_2016(),
        actuals=[
            published.year_counts(c, year=y)
            for c, y in (("th_2015", 2015), ("th_2018", 2018), ("th_2019", 2019))
        ],
        plan=plan,
    )
    return appendix.AppendixTable(
        title="BIỂU CHI TIẾT KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI NĂM 2019",
        caption="(Kèm theo Báo cáo số …/BC-BCĐ ngày … của Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh Cao Bằng)",
        unit_label="tỉnh Cao Bằng",
        year=2019,
        columns=("TH 2015", "TH 2018", "TH 2019", "KH 2020"),
        rows=tuple(rows),
    )


def test_the_excel_appendix_matches_its_golden_file():
    golden.check("appendix-2019.xlsx.json", golden.xlsx_structure(appendix_xlsx(published_table())))


def test_the_excel_appendix_is_laid_out_as_the_official_table():
    s = golden.xlsx_structure(appendix_xlsx(published_table()))
    assert s["merged"] == ["A1:G1", "A2:G2"]
    assert s["print_titles"] == "$4:$4"  # the header row repeats on every page
    assert s["paper"] == 9 and s["orientation"] == "portrait"  # A4
    cells = {c["cell"]: c for c in s["cells"]}
    assert [cells[f"{col}4"]["value"] for col in "ABCDEFG"] == [
        "STT",
        "Chỉ tiêu",
        "ĐVT",
        "TH 2015",
        "TH 2018",
        "TH 2019",
        "KH 2020",
    ]
    assert cells["B5"]["value"] == "Tổng số xã thực hiện Chương trình NTM" and cells["B5"]["bold"]
    assert cells["D5"]["value"] == 177 and cells["D5"]["format"] == COUNT_FORMAT
    assert cells["A6"]["value"] == "1" and cells["D6"]["value"] == 6.5
    assert cells["D6"]["format"] == AVERAGE_FORMAT == "[$-42A]#,##0.00"  # shown 6,50
    assert cells["B9"]["italic"]  # "Trong đó số xã đã có QĐ công nhận đạt chuẩn NTM"
    assert {c["font"] for c in s["cells"]} == {"Times New Roman"}
    assert all(c["border"] == "thin" for c in s["cells"] if int(c["cell"][1:]) >= 4)


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (1234, "count", "1.234"),
        (Decimal("10.62"), "average", "10,62"),
        (Decimal("12"), "average", "12,00"),
        (None, "count", ""),
        (Decimal("28"), "count", "28"),
    ],
)
def test_numbers_in_the_word_appendix_are_written_the_vietnamese_way(value, kind, text):
    assert cell_text(value, kind) == text


@pytest.fixture
def report_bytes(small_province):
    p = small_province["province"]
    ReportText.objects.create(
        unit=p,
        year=2019,
        section="II.1",
        text="Hoàn thành **chỉ tiêu** năm[^Theo Nghị quyết số 1/NQ.].\n- Ý một;\n- Ý hai.",
    )
    DocumentSetting.objects.create(
        unit=p,
        signature="TM. BAN CHỈ ĐẠO\nKT. TRƯỞNG BAN\nPHÓ CHỦ TỊCH UBND TỈNH",
        signer="Nguyễn Văn A",
    )
    doc = report_document_build(
        report_data(unit=p, year=2019), number="45", date=datetime.date(2020, 3, 5)
    )
    return report_docx(doc)


@pytest.mark.django_db
def test_the_word_report_matches_its_golden_file(report_bytes):
    golden.check("report-small-province.docx.json", golden.docx_structure(report_bytes))


@pytest.mark.django_db
def test_the_word_report_follows_the_administrative_format(report_bytes):
    s = golden.docx_structure(report_bytes)
    portrait, landscape = s["sections"]
    assert portrait["page_mm"] == [210, 297] and portrait["margins_mm"] == [20, 20, 30, 15]
    assert portrait["first_page_different"]  # page numbers from page 2
    assert landscape["page_mm"] == [297, 210] and "LANDSCAPE" in landscape["orientation"]
    assert s["normal_font"] == ["Times New Roman", 14.0]
    assert s["fonts"] == ["Times New Roman"]
    assert set(s["sizes"]) <= {11.0, 12.0, 13.0, 14.0}
    header = s["body"][0]["table"]
    assert header == [
        [
            "UBND TỈNH THỬ NGHIỆM\nBAN CHỈ ĐẠO CÁC CTMTQG\n",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
        ],
        ["Số: 45/BC-BCĐ", "Thử Nghiệm, ngày 05 tháng 3 năm 2020"],
    ]
    texts = [b.get("text") for b in s["body"]]
    assert texts[1:3] == [
        "BÁO CÁO",
        "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2019, phương hướng nhiệm vụ năm 2020",
    ]
    assert "I. TÌNH HÌNH TRIỂN KHAI" in texts and "II. ĐÁNH GIÁ CHUNG" in texts
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP NĂM 2020" in texts
    assert "1. Những kết quả đã đạt được:" in texts
    assert "- Ý một;" in texts
    assert sum(b.get("images", 0) for b in s["body"]) == 3
    assert s["footnotes"][0].startswith(
        "02 xã đạt chuẩn nông thôn mới gồm: Xã X2, thành phố Cao; xã Y1, huyện Đồi."
    )
    signature = next(
        b["table"] for b in s["body"] if "table" in b and "Nơi nhận:" in b["table"][0][0]
    )
    assert signature[0][1].split("\n")[:3] == [
        "TM. BAN CHỈ ĐẠO",
        "KT. TRƯỞNG BAN",
        "PHÓ CHỦ TỊCH UBND TỈNH",
    ]
    assert signature[0][1].rstrip().endswith("Nguyễn Văn A")
    table = s["body"][-1]["table"]
    assert table[0] == ["STT", "Chỉ tiêu", "ĐVT", "TH 2015", "TH 2018", "TH 2019", "KH 2020"]
    assert table[2] == [
        "1",
        "Bình quân số tiêu chí đạt chuẩn/xã",
        "xã",
        "",
        "11,57",
        "13,14",
        "15,50",
    ]


def test_the_offices_text_markup():
    from ntm.reports.document import Run, text_blocks

    [p, item] = text_blocks("Có **04 kế hoạch**[^ (1) Chanh leo; (2) Sả. ] đã duyệt.\n\n  - Ý một;")
    assert p.runs == (
        Run("Có "),
        Run("04 kế hoạch", bold=True),
        Run(footnote="(1) Chanh leo; (2) Sả."),
        Run(" đã duyệt."),
    )
    assert (item.style, item.text) == ("item", "- Ý một;")


@pytest.mark.django_db
def test_a_footnote_of_the_offices_text_is_a_word_footnote(report_bytes):
    s = golden.docx_structure(report_bytes)
    assert "Theo Nghị quyết số 1/NQ." in s["footnotes"]
    assert any(
        b.get("text") == "Hoàn thành chỉ tiêu năm." and b["footnotes"] == 1 for b in s["body"]
    )
