"""A campaign year just opened (2 of 30 communes with a file): the report and appendix say so."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from ntm.reports import narrative
from ntm.reports.annual import report_document_build
from ntm.reports.renderers.csv import appendix_csv
from ntm.reports.renderers.docx import report_docx
from ntm.reports.renderers.xlsx import appendix_xlsx
from ntm.reports.selectors import appendix_table, report_data


def _texts(paras) -> list[str]:
    return ["".join(r.text for r in p.runs) for p in paras]


@pytest.mark.django_db
def test_the_report_of_an_unfinished_year_states_its_completeness_and_no_change(
    campaign_opened,
):
    p = campaign_opened["province"]
    texts = _texts(narrative.figure_paragraphs(report_data(unit=p, year=2020)))
    opening = texts[0]
    assert opening.startswith("Số liệu năm 2020 dưới đây là số liệu tạm tính: 2/30 xã")
    assert "(28 xã chưa đánh giá)" in opening and "tỉnh đã thẩm định: 0" in opening
    assert "A 1/10 xã đã đánh giá" in opening and "C 0/10 xã đã đánh giá" in opening
    standard = texts[1]
    # The three recognised communes are counted; the drafts' one commune meeting all is named apart.
    assert "toàn tỉnh có 03 xã đạt chuẩn nông thôn mới" in standard
    assert "tạm tính; hồ sơ năm 2020 đã đánh giá đạt đủ 19 tiêu chí: 01 xã" in standard
    assert "so với kế hoạch" not in standard and "giảm" not in standard
    average = texts[2]
    assert "(tạm tính, trên 2/30 xã đã đánh giá)" in average and "15,50" in average
    assert "so với năm 2019" not in average and "so với kế hoạch" not in average
    criteria = "\n".join(texts)
    assert "so với năm 2019" not in criteria.split("chưa được tính")[1]
    assert "số xã đã đánh giá, 28 xã chưa đánh giá" in criteria


@pytest.mark.django_db
def test_the_word_report_and_its_appendix_say_tam_tinh(campaign_opened):
    p = campaign_opened["province"]
    document = report_document_build(report_data(unit=p, year=2020))
    captions = [b.caption for b in document.body if hasattr(b, "caption")]
    assert captions and all(c.endswith("(số liệu năm 2020 tạm tính)") for c in captions)
    data = report_docx(document)
    text = "\n".join(par.text for par in Document(io.BytesIO(data)).paragraphs)
    assert "số liệu tạm tính: 2/30 xã đã đánh giá" in text
    assert "Ghi chú: Số liệu năm 2020 là số liệu tạm tính" in text


@pytest.mark.django_db
def test_the_excel_appendix_of_an_unfinished_year_heads_it_provisional_with_its_completeness(
    campaign_opened,
):
    p = campaign_opened["province"]
    table = appendix_table(unit=p, year=2020)
    assert table.columns == ("TH 2015", "TH 2019", "TH 2020 (tạm tính)", "KH 2021")
    assert table.row("tong_so_xa").values[1:3] == (30, 30)
    assert table.row("2.1").values[1:3] == (3, 3)  # decisions in force, whatever the drafts say
    assert table.row("2.1.qd").values[1:3] == (3, 3)
    assert table.row("2.8").values[1:3] == (0, 1)  # 12 criteria: B1's draft
    assert table.row("2.10").values[1:3] == (27, 0)  # 10 criteria: nobody assessed yet
    ws = load_workbook(io.BytesIO(appendix_xlsx(table))).active
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "TH 2020 (tạm tính)" in cells
    [note] = [c for c in cells if c.startswith("Ghi chú:")]
    assert "2/30 xã đã đánh giá (28 xã chưa đánh giá)" in note
    assert "tỉnh đã thẩm định: 0" in note
    assert appendix_csv(table).splitlines()[-1].startswith('ghi_chu,"Số liệu năm 2020')


@pytest.mark.django_db
def test_a_finished_year_has_no_note_and_reads_as_before(campaign_opened):
    table = appendix_table(unit=campaign_opened["province"], year=2019)
    assert table.notes == () and table.columns[-2] == "TH 2019"
    fig = report_data(unit=campaign_opened["province"], year=2019).figures
    assert narrative.completeness_paragraph(fig) is None
