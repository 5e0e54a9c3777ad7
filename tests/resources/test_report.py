"""Parts I.7 and I.8 of the annual report, written from the funds and the support of any province.

The sentences follow the provinces' reports (Cao Bằng 2019 as the model); the letters
follow the sources present; a district's or a commune's rows count in their province's totals.
"""

import datetime
from decimal import Decimal

import pytest

from ntm.reports import narrative_resources as nr
from ntm.reports.annual import report_document_build
from ntm.reports.data import FundSum, ResourceFigures
from ntm.reports.document import text_filled, text_markers
from ntm.reports.models import ReportText
from ntm.reports.selectors import report_data
from ntm.resources.services import fund_save, support_save

END = datetime.date(2024, 12, 31)


def _fig(*funds: FundSum, **support) -> ResourceFigures:
    return ResourceFigures(year=2024, unit_level=1, unit_kind="tinh", funds=funds, **support)


def _texts(pieces) -> list[str]:
    return [p.text for p in text_filled("", pieces).blocks]


def test_the_central_budget_totals_its_two_capitals_and_states_their_disbursement():
    fig = _fig(
        FundSum("tw_dtpt", 1, Decimal(1000), Decimal(836), END),
        FundSum("tw_dtpt_dp", 1, Decimal(100), None, None),
        FundSum("tw_sn", 1, Decimal(200), None, None),
    )
    assert _texts(nr.funds_pieces(fig)) == [
        "a) Nguồn ngân sách Trung ương: 1.200 triệu đồng. Trong đó:",
        "- Vốn đầu tư phát triển: 1.000 triệu đồng (Trong đó, có 100 triệu đồng vốn dự phòng). "
        "Đến 31/12/2024, giải ngân được 836 triệu đồng (bằng 83,60%).",
        "- Vốn sự nghiệp: 200 triệu đồng.",
    ]


def test_letters_follow_the_sources_present_skipping_d_stroke_as_the_model_report():
    fig = _fig(
        FundSum("dia_phuong", 1, Decimal(5), None, None),
        FundSum("tin_dung", 1, Decimal(6), None, None),
        FundSum("doanh_nghiep", 1, Decimal(7), None, None),
        FundSum("cong_dong", 1, Decimal(8), None, None),
        FundSum("quy_ntm", 1, Decimal("0.5"), None, None),
        FundSum("khac", 1, Decimal(9), None, None),
    )
    assert _texts(nr.funds_pieces(fig)) == [
        "a) Nguồn ngân sách tỉnh: 5 triệu đồng.",
        "b) Tín dụng: 6 triệu đồng.",
        "c) Doanh nghiệp, hợp tác xã: 7 triệu đồng.",
        "d) Huy động từ cộng đồng dân cư: 8 triệu đồng.",
        "e) Nguồn huy động, vận động ủng hộ Quỹ xây dựng nông thôn mới: 0,50 triệu đồng.",
        "g) Nguồn khác: 9 triệu đồng.",
    ]


def test_the_local_budget_of_several_levels_is_split_by_level():
    fig = _fig(
        FundSum("dia_phuong", 1, Decimal("10.5"), None, None),
        FundSum("dia_phuong", 2, Decimal(4), None, None),
    )
    assert _texts(nr.funds_pieces(fig)) == [
        "a) Nguồn ngân sách địa phương: 14,50 triệu đồng (Trong đó, cấp tỉnh 10,50 triệu đồng, "
        "cấp huyện 4,00 triệu đồng)."
    ]


def test_the_office_places_parts_of_a_line_around_its_own_words():
    fig = _fig(
        FundSum("tw_dtpt", 1, Decimal(1000), None, None),
        FundSum("tw_dtpt_dp", 1, Decimal(100), None, None),
    )
    text = "- Vốn đầu tư phát triển: {{von_dtpt.so_tien}} (có {{von_dtpt.du_phong}} dự phòng 2021-2025)."
    filled = text_filled(text, nr.funds_pieces(fig, placed=text_markers(text)))
    assert [p.text for p in filled.blocks] == [
        "a) Nguồn ngân sách Trung ương: 1.000 triệu đồng. Trong đó:",
        "- Vốn đầu tư phát triển: 1.000 triệu đồng (có 100 triệu đồng dự phòng 2021-2025).",
    ]


def test_the_support_sentence_writes_its_amounts_alike():
    pieces = nr.support_pieces(
        _fig(
            supports=2,
            cash=Decimal("7105.86"),
            in_kind=Decimal("32514.84"),
            materials=Decimal(4740),
        )
    )
    assert _texts(pieces) == [
        "Kết quả đã huy động được 44.360,70 triệu đồng, cụ thể: Hỗ trợ bằng tiền mặt 7.105,86 "
        "triệu đồng; vật chất khác quy ra tiền 32.514,84 triệu đồng; vật liệu giá trị quy ra "
        "tiền 4.740,00 triệu đồng."
    ]


def test_no_rows_no_pieces():
    assert nr.funds_pieces(_fig()) == {}
    assert nr.support_pieces(_fig()) == {}
    assert nr.funds_pieces(None) == {}


def _section(doc, heading: str) -> list[str]:
    paras = doc.paragraphs()
    start = next(i for i, p in enumerate(paras) if p.text.endswith(f"{heading}:"))
    end = next(
        i for i in range(start + 1, len(paras)) if paras[i].style in ("heading1", "heading2")
    )
    return [p.text for p in paras[start + 1 : end]]


@pytest.mark.django_db
def test_another_province_gets_its_own_part_i7_and_i8(small_province):
    u = small_province
    province, district, commune = u["province"], u["Đồi"], u["Y1"]
    fund_save(
        user=None,
        year=2019,
        unit=province,
        source="tw_sn",
        allocated=Decimal(500),
        disbursed=Decimal(400),
    )
    fund_save(user=None, year=2019, unit=province, source="dia_phuong", allocated=Decimal(30))
    fund_save(user=None, year=2019, unit=district, source="dia_phuong", allocated=Decimal(12))
    fund_save(user=None, year=2019, unit=commune, source="cong_dong", allocated=Decimal("2.5"))
    fund_save(user=None, year=2018, unit=province, source="tin_dung", allocated=Decimal(99))
    support_save(
        user=None,
        year=2019,
        sponsor="Sở Xây dựng",
        commune=commune,
        cash=Decimal(3),
        in_kind=Decimal(1),
        materials=Decimal(0),
    )
    ReportText.objects.create(
        unit=province,
        year=2019,
        section="I.8",
        text="Các sở giúp xã; kết quả đã huy động được {{ho_tro.tong}}, cụ thể: {{ho_tro.cu_the}}.",
    )
    doc = report_document_build(report_data(unit=province, year=2019), with_charts=False)
    assert _section(doc, "Nguồn lực thực hiện Chương trình") == [
        "a) Nguồn ngân sách Trung ương: 500 triệu đồng. Trong đó:",
        "- Vốn sự nghiệp: 500 triệu đồng. Đến 31/12/2019, giải ngân được 400 triệu đồng "
        "(bằng 80,00%).",
        "b) Nguồn ngân sách địa phương: 42 triệu đồng (Trong đó, cấp tỉnh 30 triệu đồng, "
        "cấp huyện 12 triệu đồng).",
        "c) Huy động từ cộng đồng dân cư: 2,50 triệu đồng.",
    ]
    assert _section(doc, "Kết quả hỗ trợ các xã được phân công phụ trách") == [
        "Các sở giúp xã; kết quả đã huy động được 4 triệu đồng, cụ thể: Hỗ trợ bằng tiền mặt "
        "3 triệu đồng; vật chất khác quy ra tiền 1 triệu đồng; vật liệu giá trị quy ra tiền "
        "0 triệu đồng."
    ]
    # The district's report counts its own rows and its communes', not the province's.
    doc = report_document_build(report_data(unit=district, year=2019), with_charts=False)
    assert _section(doc, "Nguồn lực thực hiện Chương trình") == [
        "a) Nguồn ngân sách huyện: 12 triệu đồng.",
        "b) Huy động từ cộng đồng dân cư: 2,50 triệu đồng.",
    ]
