"""The appendix table (Biểu chi tiết): rows from the criteria set, values from the data and plans."""

from decimal import Decimal

import pytest

from ntm.analytics import metrics
from ntm.criteria.models import CriteriaSet, Criterion, CriterionGroup
from ntm.reports import appendix, selectors
from ntm.reports.renderers.csv import appendix_csv
from tests.analytics.builders import assess, first, target
from tests.reports import published


def test_columns_are_the_base_year_last_year_this_year_and_next_years_plan():
    assert appendix.appendix_columns(base_year=2015, year=2019) == [
        ("TH", 2015),
        ("TH", 2018),
        ("TH", 2019),
        ("KH", 2020),
    ]
    assert appendix.appendix_columns(base_year=2015, year=2016) == [
        ("TH", 2015),
        ("TH", 2016),
        ("KH", 2017),
    ]


def test_rows_and_labels_follow_the_published_table_for_19_criteria():
    from tests.reports.test_narrative import criteria_2016

    rows = appendix.appendix_rows_build(
        criteria=criteria_2016(),
        actuals=[published.year_counts("th_2019", year=2019)],
        plan={},
    )
    printed = published.appendix_rows()
    assert [(r.row_id, r.label, r.unit) for r in rows] == [
        (p["row_id"], p["label_vi"], p["unit"]) for p in printed
    ]


@pytest.mark.django_db
def test_the_table_of_a_small_province(small_province):
    target(small_province["province"], 2020, "3.2", 7)
    target(small_province["province"], 2020, "tong_so_xa", 7)
    table = selectors.appendix_table(unit=small_province["province"], year=2019)
    assert table.columns == ("TH 2015", "TH 2018", "TH 2019", "KH 2020")
    assert len(table.rows) == 43
    assert table.row("tong_so_xa").values == (7, 7, 7, 7)
    # 2015 has no assessment: its figures are unknown, not zero.
    assert table.row("1").values == (None, Decimal("11.57"), Decimal("13.14"), Decimal("15.50"))
    # 2018: X1 meets every criterion and Y1 holds its decision (revoked only in 2019).
    assert table.row("2.1").values == (None, 2, 3, 5)
    assert table.row("2.1.qd").values == (None, 2, 2, None)
    assert table.row("2.5").values == (None, 0, 1, None)  # 15 criteria
    assert table.row("2.19").values == (None, 0, 0, None)  # 1 criterion; Y4 with 0 is in no row
    assert table.row("3").values == (None, Decimal("11.57"), Decimal("13.14"), None)
    assert table.row("3.2").values == (None, 7, 6, 7)
    assert table.row("3.19").label == "Số xã đạt TC số 19 về Quốc phòng và AN"
    assert "tỉnh Thử Nghiệm" in table.caption


@pytest.mark.django_db
def test_rows_follow_the_number_of_criteria_of_the_set(small_province):
    cset = CriteriaSet.objects.create(
        code="thu-2016-2020-tinh",
        name="Bộ thử",
        legal_basis="QĐ thử",
        period_start=2016,
        period_end=2020,
        province=small_province["province"],
    )
    group = CriterionGroup.objects.create(criteria_set=cset, code="I", name="Nhóm")
    for n, short in [(1, "Một"), (2, "Hai"), (3, "Ba")]:
        Criterion.objects.create(
            criteria_set=cset, group=group, number=n, name=short, short_name=short
        )
    u = small_province
    for name in ["X1", "X2", "X3", "Y1", "Y2", "Y3", "Y4"]:
        u[name].assessments.filter(year=2019).delete()
    assess(u["X1"], 2019, first(3), cset)
    assess(u["X2"], 2019, {1, 3}, cset)
    table = selectors.appendix_table(unit=u["province"], year=2019)
    assert [r.row_id for r in table.rows] == [
        "",
        "1",
        "2",
        "2.1",
        "",
        "2.2",
        "2.3",
        "3",
        "3.1",
        "3.2",
        "3.3",
    ]
    assert table.row("2.1").label == "Số xã đạt chuẩn (3 tiêu chí) NTM"
    assert table.row("2.3").label == "Số xã đạt 01 tiêu chí"
    # X1 meets all three; X2 meets two but holds its 2019 decision, so it meets the standard.
    assert table.row("2.1").values[-2] == 2
    assert table.row("2.2").values[-2] == 1
    assert table.columns[-2] == "TH 2019 (tạm tính)"  # five communes have no file
    [note] = table.notes
    assert note.startswith("Số liệu năm 2019 là số liệu tạm tính: 2/7 xã đã đánh giá")
    assert "01 xã có quyết định" not in note and "1 xã có quyết định công nhận" in note
    assert table.row("3.3").label == "Số xã đạt TC số 3 về Ba"
    assert table.row("3.3").values[-2] == 2


def test_csv_has_the_header_and_numbers_with_a_decimal_point():
    table = appendix.AppendixTable(
        title="T",
        caption="C",
        unit_label="tỉnh X",
        year=2019,
        columns=("TH 2015", "TH 2018", "TH 2019", "KH 2020"),
        rows=(
            appendix.AppendixRow(
                "",
                "tong_so_xa",
                "Tổng số xã thực hiện Chương trình NTM",
                "xã",
                "count",
                (177, 177, 177, None),
            ),
            appendix.AppendixRow(
                "1",
                "1",
                "Bình quân số tiêu chí đạt chuẩn/xã",
                "xã",
                "average",
                (Decimal("6.50"), Decimal("9.55"), Decimal("10.62"), Decimal("12.00")),
            ),
            appendix.AppendixRow(
                "2", "2", "Mức độ đạt chuẩn của các xã", "", "heading", (None,) * 4
            ),
        ),
    )
    assert appendix_csv(table) == (
        "row_id,label,unit,TH 2015,TH 2018,TH 2019,KH 2020\n"
        ",Tổng số xã thực hiện Chương trình NTM,xã,177,177,177,\n"
        "1,Bình quân số tiêu chí đạt chuẩn/xã,xã,6.50,9.55,10.62,12.00\n"
        "2,Mức độ đạt chuẩn của các xã,,,,,\n"
    )


def test_the_average_rows_use_the_same_rounding_as_the_text():
    c = metrics.YearCounts(2019, 177, 177, 1880, {}, {1: 1880})
    rows = appendix.appendix_rows_build(
        criteria=[metrics.CriterionInfo(1, "A", "A", "I", "I")], actuals=[c], plan={}
    )
    assert rows[1].values[0] == Decimal("10.62") == metrics.shown(metrics.average(1880, 177))


def test_the_test_copy_of_the_published_table_is_the_shared_seed():
    """The copy is the seed as recorded, on every machine; and so is shared/seed where it is."""
    assert published.sha256(published.DATA / "appendix-2019.csv") == published.SEED_APPENDIX_SHA256
    seed = published.SHARED_SEED / "appendix-2019.csv"
    assert not seed.exists() or published.sha256(seed) == published.SEED_APPENDIX_SHA256
