"""The report's section on district-level units (huyện nông thôn mới), written from conditions."""

import io
from decimal import Decimal

import pytest
from docx import Document

from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
from ntm.evaluation.district import (
    COMMUNES_ADVANCED,
    COMMUNES_STANDARD,
    SATISFACTION,
    ConditionRule,
    DistrictFacts,
    district_conditions,
)
from ntm.reports import narrative
from ntm.reports.annual import report_document_build
from ntm.reports.data import DistrictLine, DistrictSection
from ntm.reports.renderers.docx import report_docx
from ntm.reports.selectors import district_section, report_data

RULES = [
    ConditionRule(COMMUNES_STANDARD, "Tỷ lệ xã đạt chuẩn nông thôn mới", percent=Decimal(100)),
    ConditionRule(COMMUNES_ADVANCED, "Tỷ lệ xã đạt chuẩn nâng cao", percent=Decimal(10)),
    ConditionRule(SATISFACTION, "Tỷ lệ hài lòng", percent=Decimal(90)),
]


def line(name, **kw):
    base = dict(
        communes=3,
        communes_standard=3,
        communes_advanced=1,
        towns=0,
        towns_civilised=None,
        satisfaction=Decimal(95),
        criteria_total=9,
        criteria_met=9,
        criteria_known=9,
    )
    results, standing = district_conditions(RULES, DistrictFacts(**{**base, **kw}))
    return DistrictLine(name, standing, tuple(results))


def test_the_paragraphs_count_the_qualifying_units_and_name_what_the_others_lack():
    section = DistrictSection(
        "Quyết định 320/QĐ-TTg ngày 08/3/2022",
        (
            line("huyện An"),
            line("huyện Bình", communes_standard=2),
            line("thành phố Cường", satisfaction=None),
        ),
    )
    text = "\n".join(p.text for p in narrative.district_paragraphs(section, year=2022))
    assert text.startswith(
        "Năm 2022, theo tiêu chí huyện nông thôn mới (Quyết định 320/QĐ-TTg ngày 08/3/2022), "
        "có 01/03 đơn vị cấp huyện đủ điều kiện: huyện An."
    )
    assert (
        "Chưa đủ điều kiện (01 đơn vị), chưa đạt: huyện Bình (tỷ lệ xã đạt chuẩn nông thôn mới 66,67%)."
        in text
    )
    assert (
        "Chưa đủ số liệu để kết luận (01 đơn vị), chưa có: thành phố Cường (tỷ lệ hài lòng)."
        in text
    )


def test_no_section_without_a_district_set():
    assert narrative.district_paragraphs(None, year=2026) == []


@pytest.mark.django_db
def test_the_word_report_of_a_province_has_the_district_section(small_province):
    criteria_set_load(path=CRITERIA_DIR / "huyen-ntm-2016-2020.yaml")
    p = small_province["province"]
    section = district_section(unit=p, year=2019)
    assert section is not None and section.legal_basis.startswith("Quyết định 558/QĐ-TTg")
    data = report_docx(report_document_build(report_data(unit=p, year=2019)))
    text = "\n".join(par.text for par in Document(io.BytesIO(data)).paragraphs)
    assert "đ) Kết quả xây dựng huyện nông thôn mới:" in text
    assert "có 00/02 đơn vị cấp huyện đủ điều kiện." in text
    assert "tỷ lệ xã trên địa bàn đạt chuẩn nông thôn mới 66,67%" in text  # TP Cao: 2 of 3


@pytest.mark.django_db
def test_a_report_without_a_district_set_has_no_district_section(small_province):
    p = small_province["province"]
    assert district_section(unit=p, year=2019) is None
    data = report_docx(report_document_build(report_data(unit=p, year=2019)))
    text = "\n".join(par.text for par in Document(io.BytesIO(data)).paragraphs)
    assert "huyện nông thôn mới:" not in text
