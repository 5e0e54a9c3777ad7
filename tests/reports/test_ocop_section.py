"""Part I.5 of the report opens with the OCOP registry's figures of the year."""

import datetime
import io

import pytest
from docx import Document

from ntm.ocop.rules import OcopFigures
from ntm.reports import narrative
from ntm.reports.annual import report_document_build
from ntm.reports.renderers.docx import report_docx
from ntm.reports.selectors import report_data


def test_the_ocop_paragraph_counts_stars_first_certifications_and_expiring_certificates():
    fig = OcopFigures(
        year=2024,
        on=datetime.date(2024, 12, 31),
        rated=12,
        by_stars={3: 7, 4: 4, 5: 1},
        new=5,
        certified=30,
        expiring=3,
    )
    (p,) = narrative.ocop_paragraphs(fig)
    assert p.text == (
        "Năm 2024, có 12 sản phẩm OCOP được đánh giá, phân hạng (07 sản phẩm 3 sao, "
        "04 sản phẩm 4 sao, 01 sản phẩm 5 sao), trong đó 05 sản phẩm lần đầu đạt từ 3 sao "
        "trở lên; đến ngày 31/12/2024 có 30 sản phẩm có giấy chứng nhận OCOP còn hiệu lực, "
        "trong đó 03 sản phẩm hết hạn trong 90 ngày tới."
    )


def test_no_ocop_paragraph_without_products():
    assert narrative.ocop_paragraphs(OcopFigures(2024, datetime.date(2024, 12, 31), 0)) == []
    assert narrative.ocop_paragraphs(None) == []


@pytest.mark.django_db
def test_a_province_without_ocop_data_keeps_its_part_i5_as_the_office_wrote_it(small_province):
    data = report_data(unit=small_province["province"], year=2019)
    assert data.ocop is not None and not data.ocop.any
    text = "\n".join(
        p.text for p in Document(io.BytesIO(report_docx(report_document_build(data)))).paragraphs
    )
    assert "sản phẩm OCOP được đánh giá" not in text
