"""The report's data read once: what ``report_data`` gathers, and how few queries it takes."""

import datetime
from decimal import Decimal

import pytest

from ntm.analytics import selectors as figures_selectors
from ntm.core.errors import ApplicationError
from ntm.reports import selectors
from ntm.reports.annual import report_document_build
from ntm.reports.data import AveragePoint
from ntm.reports.models import ReportText
from ntm.reports.renderers.docx import report_docx

#: Queries of building the whole report of the small province (data, document with its
#: three charts, Word file). Before the one read it took 75; it took 15 then, and the advanced
#: and model titles of the appendix's years and of section I.9.d add two (one read for all),
#: the district set's look-up one and the OCOP registry's three reads (part I.5) the rest.
#: The loaded boundaries of the sub-units (the map figure) add one; the funds by source and the
#: communes' support (parts I.7, I.8) two sums; the activities five (courses, events,
#: directives, value chains, their communes); the office's document setting and its
#: reference figures one each. None of them grows with the districts, the products, the
#: funds or the activities.
REPORT_QUERIES = 34


@pytest.mark.django_db
def test_new_and_missed_communes_of_the_plan(small_province):
    u = small_province
    new = selectors.standard_communes_new(unit=u["province"], year=2019, criteria_count=19)
    assert [c.name for c in new] == ["X2", "Y1"]
    missed = selectors.target_communes_missed(unit=u["province"], year=2019, criteria_count=19)
    assert [(c.name, c.parent_name, c.parent_kind) for c in missed] == [("Y2", "Đồi", "huyen")]
    assert [c.name for c in selectors.target_communes(unit=u["province"], year=2020)] == ["X3"]


@pytest.mark.django_db
def test_the_report_data_hold_each_year_from_the_base_year_counted_once(small_province):
    p = small_province["province"]
    data = selectors.report_data(unit=p, year=2019)
    assert sorted(data.counts) == [2015, 2016, 2017, 2018, 2019]
    assert data.counts == figures_selectors.unit_counts(unit=p, years=range(2015, 2020))
    assert data.plan == {"2.1": Decimal(4), "1": Decimal(14), "3.2": Decimal(7)}
    assert data.next_plan == {"2.1": Decimal(5), "1": Decimal("15.50")}
    assert [s.name for s in data.source.subunits] == ["Cao", "Đồi"]
    assert [c.name for c in data.new_communes] == ["X2", "Y1"]
    assert [c.name for c in data.missed_communes] == ["Y2"]
    assert [c.name for c in data.target_communes] == ["X3"]
    assert data.average_series == (
        AveragePoint(2018, Decimal("11.57")),
        AveragePoint(2019, Decimal("13.14")),
    )
    assert data.unit.label == "tỉnh Thử Nghiệm" and data.unit.is_province


@pytest.mark.django_db
def test_the_report_shows_the_dashboards_figures_and_its_appendix_the_same(small_province):
    p = small_province["province"]
    data = selectors.report_data(unit=p, year=2019)
    assert data.figures == figures_selectors.unit_figures(unit=p, year=2019)
    assert data.appendix == selectors.appendix_table(unit=p, year=2019)
    average = data.appendix.row("1").values
    assert average[1:] == (
        data.figures.average.previous,
        data.figures.average.value,
        Decimal("15.50"),
    )
    assert data.appendix.row("2.1").values[2] == data.figures.standard.standard


@pytest.mark.django_db
def test_the_offices_empty_texts_are_left_out(small_province):
    p = small_province["province"]
    ReportText.objects.create(unit=p, year=2019, section="II.1", text="Hoàn thành.")
    ReportText.objects.create(unit=p, year=2019, section="II.2", text="  \n ")
    ReportText.objects.create(unit=p, year=2018, section="II.3", text="Năm trước.")
    assert selectors.report_data(unit=p, year=2019).texts == {"II.1": "Hoàn thành."}


@pytest.mark.django_db
def test_a_district_report_is_compared_with_its_province(small_province):
    data = selectors.report_data(unit=small_province["Đồi"], year=2019)
    assert not data.unit.is_province and data.unit.label == "huyện Đồi"
    assert data.figures.comparison.name == "Thử Nghiệm"
    assert data.figures.subunits == []
    assert data.appendix.row("tong_so_xa").values == (4, 4, 4, None)


@pytest.mark.django_db
def test_the_report_data_respect_the_users_scope(small_province, django_user_model):
    from ntm.accounts.models import Profile

    user = django_user_model.objects.create_user("huyen", password="x")
    Profile.objects.create(user=user, unit=small_province["Đồi"], role="district")
    selectors.report_data(unit=small_province["Đồi"], year=2019, user=user)
    with pytest.raises(ApplicationError):
        selectors.report_data(unit=small_province["province"], year=2019, user=user)
    with pytest.raises(ApplicationError):
        selectors.appendix_table(unit=small_province["province"], year=2019, user=user)


@pytest.mark.django_db
@pytest.mark.parametrize("unit", ["province", "Đồi"])
def test_the_whole_report_is_built_from_a_few_queries(
    small_province, django_assert_max_num_queries, unit
):
    with django_assert_max_num_queries(REPORT_QUERIES):
        data = selectors.report_data(unit=small_province[unit], year=2019)
        report_docx(report_document_build(data, number="45"))


@pytest.mark.django_db
def test_building_the_document_from_its_data_queries_nothing(
    small_province, django_assert_num_queries
):
    data = selectors.report_data(unit=small_province["province"], year=2019)
    with django_assert_num_queries(0):
        report_docx(report_document_build(data, number="45"))


@pytest.mark.django_db
def test_the_appendix_alone_reads_less_than_the_report(
    small_province, django_assert_max_num_queries
):
    # 8, two for the higher titles' rows (decisions, files: every TH year at once), and the
    # office's document setting (the symbol of the caption).
    with django_assert_max_num_queries(11):
        selectors.appendix_table(unit=small_province["province"], year=2019)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("215", "215/BC-BCĐ"),
        ("215/BC-BCĐ", "215/BC-BCĐ"),
        ("215/BC-BCĐCTMTQG", "215/BC-BCĐCTMTQG"),
    ],
)
def test_the_reports_number_and_the_appendix_caption_carry_the_symbol_once(
    small_province, typed, printed
):
    data = selectors.report_data(unit=small_province["province"], year=2019)
    doc = report_document_build(data, number=typed, date=datetime.date(2020, 3, 5))
    assert doc.number == f"Số: {printed}"
    assert doc.appendix.caption == (
        f"(Kèm theo Báo cáo số {printed} ngày 05/03/2020 của Ban Chỉ đạo các Chương trình "
        "mục tiêu quốc gia tỉnh Thử Nghiệm)"
    )


@pytest.mark.django_db
def test_without_a_number_its_place_is_left_blank(small_province):
    data = selectors.report_data(unit=small_province["province"], year=2019)
    doc = report_document_build(data)
    assert doc.number == "Số:       /BC-BCĐ"
    assert doc.appendix.caption.startswith("(Kèm theo Báo cáo số …/BC-BCĐ ngày … của ")
    assert data.appendix.caption == doc.appendix.caption
