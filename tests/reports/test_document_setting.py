"""An office's document setting and reference figures, as the signed report shows them.

A province of the tests (not the demo) sets its own header, number and symbol,
signature, recipients and headings; the Word file carries them, with the
decree's margins on every section and the file's properties. The settings page
is its office's alone, and a stale page is refused.
"""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from ntm.analytics.metrics import ComparisonFigures
from ntm.core.concurrency import StaleEdit
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.reports.annual import report_document_build
from ntm.reports.issuing import Reference
from ntm.reports.models import DocumentSetting, ReferenceFigure, ReportText
from ntm.reports.references import reference_pieces
from ntm.reports.renderers.docx import report_docx
from ntm.reports.selectors import report_data
from ntm.reports.services import document_setting_save
from tests.factories import document_version

pytestmark = pytest.mark.django_db

SETTING = {
    "issuer_parent": "UBND TỈNH THỬ NGHIỆM",
    "issuer": "BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG\nTỈNH THỬ NGHIỆM",
    "symbol": "BC-BCĐTN",
    "number": "5",
    "place": "Thành Thử",
    "date": datetime.date(2020, 2, 7),
    "signature": "TM. BAN CHỈ ĐẠO\nKT. TRƯỞNG BAN\nPHÓ CHỦ TỊCH UBND TỈNH",
    "signer": "Trần Văn Ký",
    "recipients": "- Văn phòng Điều phối NTM Trung ương;\n- Lưu: VT.",
    "headings": {"I.2": "Kiện toàn bộ máy chỉ đạo theo Quyết định số 12/QĐ-UBND ngày 03/3/2017"},
}


def _docx_text(d) -> str:
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture
def province(small_province):
    p = small_province["province"]
    ReportText.objects.create(unit=p, year=2019, section="I.2", text="Đã kiện toàn.")
    document_setting_save(unit=p, values=SETTING)
    return p


@pytest.fixture
def word(province):
    doc = report_document_build(report_data(unit=province, year=2019))
    now = datetime.datetime(2020, 2, 7, 8, 0, tzinfo=datetime.UTC)
    return doc, Document(io.BytesIO(report_docx(doc, now=now)))


def test_the_report_carries_the_offices_header_number_signature_and_recipients(word):
    doc, d = word
    text = _docx_text(d)
    assert "UBND TỈNH THỬ NGHIỆM" in text
    assert "BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG\nTỈNH THỬ NGHIỆM" in text
    assert "Số: 05/BC-BCĐTN" in text  # NĐ 30/2020: a number under 10 with a leading 0
    assert "Thành Thử, ngày 07 tháng 02 năm 2020" in text
    closing = next(t for t in d.tables if t.cell(0, 0).text.startswith("Nơi nhận"))
    signature = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signature == [
        "TM. BAN CHỈ ĐẠO",
        "KT. TRƯỞNG BAN",
        "PHÓ CHỦ TỊCH UBND TỈNH",
        "Trần Văn Ký",
    ]
    recipients = [p.text for p in closing.cell(0, 0).paragraphs if p.text]
    assert recipients == ["Nơi nhận:", "- Văn phòng Điều phối NTM Trung ương;", "- Lưu: VT."]
    assert not [w for w in doc.warnings if "người ký" in w]


def test_the_offices_heading_replaces_ntms(word):
    _doc, d = word
    headings = [p.text for p in d.paragraphs]
    assert "1. Kiện toàn bộ máy chỉ đạo theo Quyết định số 12/QĐ-UBND ngày 03/3/2017:" in headings
    assert "1. Thành lập, kiện toàn bộ máy chỉ đạo thực hiện Chương trình:" not in headings


def test_a_number_given_when_making_the_report_replaces_the_settings(province):
    doc = report_document_build(report_data(unit=province, year=2019), number="215")
    assert doc.number == "Số: 215/BC-BCĐTN"


def test_the_file_has_the_decrees_margins_and_its_properties(word):
    doc, d = word
    for section in d.sections:  # the body, and the appendix's landscape pages
        margins = [
            round(m.mm)
            for m in (
                section.top_margin,
                section.bottom_margin,
                section.left_margin,
                section.right_margin,
            )
        ]
        assert margins == [20, 20, 30, 15]
    appendix = d.sections[-1]
    assert appendix.page_width > appendix.page_height
    # Its pages are numbered on their own from 1, the first not shown (NĐ 30/2020, Phụ lục I).
    assert appendix.different_first_page_header_footer
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    props = d.core_properties
    assert props.title == doc.subtitle
    assert props.title.startswith(
        "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2019"
    )
    assert props.author.startswith("Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh")
    assert props.created == datetime.datetime(2020, 2, 7, 8, 0, tzinfo=datetime.UTC)
    assert props.modified == props.created


def test_without_a_setting_the_report_says_who_signs_is_missing(small_province):
    doc = report_document_build(report_data(unit=small_province["province"], year=2019))
    assert doc.signer == ""
    assert any("người ký" in w for w in doc.warnings)
    assert doc.number.endswith("/BC-BCĐ")


def test_a_year_of_its_own_replaces_the_units_setting_for_that_year(province):
    document_setting_save(unit=province, year=2019, values={**SETTING, "signer": "Lê Thị Năm"})
    assert report_document_build(report_data(unit=province, year=2019)).signer == "Lê Thị Năm"
    assert report_document_build(report_data(unit=province, year=2018)).signer == "Trần Văn Ký"


# --------------------------------------------------------------------------- reference figures


def _reference(key: str, value: str) -> dict:
    return {
        "value": value,
        "unit_label": "tiêu chí/xã" if key == "region_average" else "%",
        "subject": "khu vực miền núi phía Bắc",
        "source": "Báo cáo của Văn phòng Điều phối nông thôn mới Trung ương",
    }


@pytest.mark.parametrize(
    ("region", "word"),
    [("14.5", "thấp hơn so với"), ("12.28", "cao hơn so với"), ("13.14", "bằng")],
)
def test_lower_or_higher_than_the_region_follows_from_the_figures(province, region, word):
    # The province's average is 92/7 = 13,14 criteria per commune.
    ReportText.objects.create(unit=province, year=2019, section="I.9.b", text="{{region_average}}")
    document_setting_save(
        unit=province,
        values=SETTING,
        references={"region_average": _reference("region_average", region)},
        reference_year=2019,
    )
    doc = report_document_build(report_data(unit=province, year=2019), with_charts=False)
    text = "\n".join(p.text for p in doc.paragraphs())
    value = region.replace(".", ",")
    assert (
        f"Số tiêu chí bình quân của tỉnh {word} bình quân chung của khu vực miền núi phía Bắc "
        f"({value} tiêu chí/xã)." in text
    )
    assert not [w for w in doc.warnings if "region_average" in w]


def test_the_share_of_the_regions_communes_is_written_where_the_office_places_it(province):
    ReportText.objects.create(
        unit=province, year=2019, section="I.9.a", text="Vượt chỉ tiêu. {{region_share_recognised}}"
    )
    document_setting_save(
        unit=province,
        values=SETTING,
        references={"region_share_recognised": _reference("region_share_recognised", "3.3")},
        reference_year=2019,
    )
    doc = report_document_build(report_data(unit=province, year=2019), with_charts=False)
    text = "\n".join(p.text for p in doc.paragraphs())
    assert (
        "Vượt chỉ tiêu. Số xã đạt chuẩn của tỉnh chiếm 3,3% số xã đạt chuẩn nông thôn mới "
        "khu vực miền núi phía Bắc." in text
    )


def test_a_reference_figure_needs_its_source(province):
    with pytest.raises(ApplicationError, match="nguồn"):
        document_setting_save(
            unit=province,
            values=SETTING,
            references={"region_average": {**_reference("region_average", "12.28"), "source": ""}},
            reference_year=2019,
        )
    assert not ReferenceFigure.objects.exists()


def test_an_entered_figure_that_differs_from_the_computed_one_is_named_in_a_warning():
    computed = ComparisonFigures(
        name="Trung du và miền núi phía Bắc",
        kind="vung",
        communes=2000,
        standard=600,
        average=Decimal("12.31"),
        unit_share_of_standard=Decimal("3.33"),
    )
    entered = {
        "region_average": Reference(
            "region_average", Decimal("12.28"), "tiêu chí/xã", "khu vực miền núi phía Bắc", "BC"
        ),
        "region_share_recognised": Reference(
            "region_share_recognised", Decimal("3.33"), "%", "khu vực miền núi phía Bắc", "BC"
        ),
    }
    pieces, warnings = reference_pieces(
        entered, unit_kind="tinh", average=Decimal("10.62"), comparison=computed
    )
    # The computed figures are already in part I.9's sentences: nothing is said twice.
    assert pieces == {"region_share_recognised": [], "region_average": []}
    assert len(warnings) == 1
    assert "12,28" in warnings[0] and "12,31" in warnings[0]


# --------------------------------------------------------------------------- the page


def _page(unit, year=2019):
    return reverse("reports:document_setting") + f"?unit={unit.pk}&year={year}"


def _form(unit, **changes):
    data = {
        "issuer_parent": "UBND TỈNH THỬ NGHIỆM",
        "symbol": "BC-BCĐTN",
        "signer": "Trần Văn Ký",
        "h_I_5": "Xây dựng đề án Chương trình mỗi xã một sản phẩm (OCOP)",
        "r_region_average_value": "12,28",
        "r_region_average_unit_label": "tiêu chí/xã",
        "r_region_average_subject": "khu vực miền núi phía Bắc",
        "r_region_average_source": "Báo cáo năm 2019 của tỉnh",
        "version": document_version(unit, 2019),
    }
    return data | changes


def test_the_office_sets_its_report_on_the_page_and_the_change_is_recorded(world, login):
    p = world.province
    client = login("tinh")
    page = client.get(_page(p))
    assert page.status_code == 200
    assert 'placeholder="Chương trình mỗi xã một sản phẩm (OCOP)"' in page.content.decode()
    response = client.post(_page(p), _form(p))
    assert response.status_code == 302
    setting = DocumentSetting.objects.get(unit=p, year=None)
    assert setting.signer == "Trần Văn Ký"
    assert setting.headings == {"I.5": "Xây dựng đề án Chương trình mỗi xã một sản phẩm (OCOP)"}
    figure = ReferenceFigure.objects.get(unit=p, year=2019, key="region_average")
    assert figure.value == Decimal("12.28")
    records = ChangeRecord.objects.filter(
        object_type__in=["reports.documentsetting", "reports.referencefigure"]
    )
    assert records.count() == 2
    assert all(r.user.username == "tinh" for r in records)
    assert "Trần Văn Ký" in client.get(_page(p)).content.decode()


def test_only_the_units_own_office_sets_it(world, login):
    district = world.d1
    response = login("tinh").post(_page(district), _form(district))
    assert response.status_code == 302
    assert not DocumentSetting.objects.filter(unit=district).exists()
    # The district's own office does.
    assert login("huyen").post(_page(district), _form(district)).status_code == 302
    assert DocumentSetting.objects.filter(unit=district).exists()
    # Outside one's units the page is not found.
    assert login("huyen").get(_page(world.other_province)).status_code == 404


def test_a_page_opened_before_someone_elses_change_is_refused(world, login):
    p = world.province
    opened = _form(p, signer="Người Thứ Nhất")
    document_setting_save(unit=p, values={"signer": "Người Thứ Hai"})
    response = login("tinh").post(_page(p), opened)
    assert response.status_code == 409
    assert "người khác đã thay đổi" in response.content.decode()
    assert DocumentSetting.objects.get(unit=p, year=None).signer == "Người Thứ Hai"
    with pytest.raises(StaleEdit):
        document_setting_save(
            unit=p, values={"signer": "Ba"}, version=opened["version"], user=world.users["province"]
        )


def test_the_closing_texts_move_to_the_setting(world):
    p = world.province
    migration = importlib.import_module(
        "ntm.reports.migrations.0004_move_closing_texts_to_document_setting"
    )
    for year, signer in ((2018, "Cũ"), (2019, "Mới")):
        ReportText.objects.create(
            unit=p, year=year, section="chu_ky", text=f"TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN\n{signer}"
        )
        ReportText.objects.create(unit=p, year=year, section="noi_nhan", text="- Lưu: VT.")
    migration.forwards(apps, None)
    latest = DocumentSetting.objects.get(unit=p, year=None)
    assert (latest.signature, latest.signer, latest.recipients) == (
        "TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN",
        "Mới",
        "- Lưu: VT.",
    )
    assert DocumentSetting.objects.get(unit=p, year=2018).signer == "Cũ"
    assert not ReportText.objects.filter(section__in=["chu_ky", "noi_nhan"]).exists()


def test_the_appendix_alone_names_the_offices_symbol(province):
    from ntm.reports.selectors import appendix_table

    assert "/BC-BCĐTN" in appendix_table(unit=province, year=2019).caption
