"""Part III.1 writes next year's targets as the plan states them, and warns where they disagree.

A small province (two districts, seven communes; tests/analytics/conftest.py): 2 communes
below 10 criteria in 2019, an average of 13,14 and a 2020 plan of 15,5.
"""

import dataclasses
from decimal import Decimal

import pytest

from ntm.plans.models import Target
from ntm.reports import narrative_targets
from ntm.reports.annual import report_document_build
from ntm.reports.data import PlanTarget
from ntm.reports.selectors import report_data


def _target(unit, row_id, value, high=None, note="", year=2020):
    return Target.objects.create(
        unit=unit,
        year=year,
        row_id=row_id,
        value=Decimal(str(value)),
        high=None if high is None else Decimal(str(high)),
        note=note,
    )


def _lines(data):
    report = report_document_build(data, with_charts=False, with_appendix=False)
    return [p.text for p in report.paragraphs()], list(report.warnings)


@pytest.mark.django_db
def test_the_districts_targets_are_named_and_summed_into_the_provinces_sentence(small_province):
    u = small_province
    _target(u["Đồi"], "duoi10.giam", 2)
    _target(u["TP Cao"], "duoi10.giam", 1)
    lines, warnings = _lines(report_data(unit=u["province"], year=2019))
    assert (
        "- Giảm 03 xã đạt dưới 10 tiêu chí, mỗi huyện 01-02 xã gồm các huyện Đồi (02 xã), thành phố Cao."
        in lines
    )
    assert not [w for w in warnings if "duoi10.giam" in w or "huyện cộng lại" in w]


@pytest.mark.django_db
def test_the_provinces_stated_figure_is_written_and_the_districts_sum_is_warned(small_province):
    u = small_province
    _target(u["province"], "duoi10.giam", 4)
    _target(u["Đồi"], "duoi10.giam", 2)
    _target(u["TP Cao"], "duoi10.giam", 1)
    lines, warnings = _lines(report_data(unit=u["province"], year=2019))
    assert any(t.startswith("- Giảm 04 xã đạt dưới 10 tiêu chí, mỗi huyện 01-02 xã") for t in lines)
    assert (
        "Mục III.1: kế hoạch năm 2020 ghi giảm 04 xã đạt dưới 10 tiêu chí cho toàn tỉnh, còn "
        "chỉ tiêu của 02 huyện cộng lại là 03 xã. Báo cáo ghi số của toàn tỉnh (04 xã); "
        "xin kiểm tra lại."
    ) in warnings


@pytest.mark.django_db
def test_a_stated_fall_that_the_plans_table_contradicts_is_written_and_warned(small_province):
    u = small_province
    # The table's rows of communes below 10 criteria (2.11 … 2.19) plan 1 such commune for
    # 2020 against 2 in 2019: a fall of 1, while the plan states 2.
    for k in range(11, 20):
        _target(u["province"], f"2.{k}", 1 if k == 11 else 0)
    _target(u["province"], "duoi10.giam", 2)
    lines, warnings = _lines(report_data(unit=u["province"], year=2019))
    assert "- Giảm 02 xã đạt dưới 10 tiêu chí." in lines
    assert not any("xuống còn" in t for t in lines)
    (warning,) = [w for w in warnings if "duoi10.giam" in w]
    assert "ghi giảm 02 xã" in warning and "cho 01 xã năm 2020 so với 02 xã năm 2019" in warning
    assert "tức giảm 01 xã" in warning


@pytest.mark.django_db
def test_without_a_stated_fall_the_table_gives_it(small_province):
    u = small_province
    for k in range(11, 20):
        _target(u["province"], f"2.{k}", 1 if k == 11 else 0)
    lines, warnings = _lines(report_data(unit=u["province"], year=2019))
    assert (
        "- Giảm 01 xã đạt dưới 10 tiêu chí (từ 02 xã năm 2019 xuống còn 01 xã năm 2020)." in lines
    )
    assert not [w for w in warnings if "duoi10.giam" in w]


@pytest.mark.django_db
def test_a_range_of_the_average_is_written_from_to_and_checked_against_the_plans_average(
    small_province,
):
    u = small_province
    _target(u["province"], "1.tang", 1, high="1.5")
    lines, warnings = _lines(report_data(unit=u["province"], year=2019))
    assert (
        "- Số tiêu chí bình quân/xã tăng thêm từ 1-1,5 tiêu chí so với năm 2019; "
        "bình quân tiêu chí toàn tỉnh đạt 15,5 tiêu chí/xã." in lines
    )
    # 15,5 against 13,14 is a rise of 2,36, outside 1-1,5.
    assert any("tăng thêm 1-1,5 tiêu chí" in w and "tăng 2,36" in w for w in warnings)


@pytest.mark.django_db
def test_villages_ocop_advanced_and_a_completing_district_read_in_the_plans_order(
    small_province,
):
    u = small_province
    _target(u["province"], "nc.phan_dau", 0)
    _target(u["province"], "ocop.huyen.min", 1)
    _target(u["province"], "ocop.3sao", 5, high=10)
    _target(u["province"], "thon.bien_gioi", 12, note="Danh sách các thôn theo Kế hoạch số 1/KH.")
    _target(u["TP Cao"], "huyen.hoan_thanh", 1)
    lines, _ = _lines(report_data(unit=u["province"], year=2019))
    start = next(i for i, t in enumerate(lines) if "Phương hướng" in t) + 1
    items = [t for t in lines[start:] if t.startswith("- ")]
    assert items[0].endswith("đã đạt chuẩn nông thôn mới, phấn đấu đạt xã nông thôn mới nâng cao.")
    assert items[2:5] == [
        "- Mỗi huyện, thành phố chuẩn hóa công nhận, chứng nhận ít nhất 01 sản phẩm OCOP cấp "
        "huyện (đạt 02 sao). Cấp tỉnh chuẩn hóa 5-10 sản phẩm cấp tỉnh (đạt 03 sao).",
        "- 12 thôn của xã đặc biệt khó khăn khu vực biên giới phấn đấu đạt chuẩn nông thôn mới. "
        "Danh sách các thôn theo Kế hoạch số 1/KH.",
        "- Phấn đấu Thành phố Cao hoàn thành nhiệm vụ xây dựng nông thôn mới năm 2020.",
    ]


@pytest.mark.django_db
def test_the_office_places_a_target_with_its_marker(small_province):
    u = small_province
    data = report_data(unit=u["province"], year=2019)
    data = dataclasses.replace(
        data,
        texts={**data.texts, "III.1": "- Việc của văn phòng.\n{{thon}}"},
        plan_targets=(PlanTarget("thon.bien_gioi", Decimal(7)),),
    )
    lines, _ = _lines(data)
    mine = lines.index("- Việc của văn phòng.")
    assert lines[mine + 1] == (
        "- 07 thôn của xã đặc biệt khó khăn khu vực biên giới phấn đấu đạt chuẩn nông thôn mới."
    )


def test_a_range_is_written_low_high_without_trailing_zeros():
    assert narrative_targets.span(PlanTarget("1.tang", Decimal("1.00"), Decimal("1.50"))) == "1-1,5"
    assert narrative_targets.span(PlanTarget("ocop.3sao", Decimal(5))) == "5"


@pytest.mark.django_db
def test_only_next_years_targets_and_the_districts_plan_rows_are_read(small_province):
    from ntm.reports.selectors import plan_targets

    u = small_province
    _target(u["Đồi"], "duoi10.giam", 2)
    _target(u["Đồi"], "2.1", 1)  # the district's own table: its report, not the province's
    _target(u["TP Cao"], "duoi10.giam", 1, year=2021)
    read = plan_targets(unit=u["province"], year=2020)
    assert [t for t in read if not t.own] == [
        PlanTarget("duoi10.giam", Decimal(2), own=False, unit_name="Đồi", unit_kind="huyen")
    ]
    assert {t.row_id for t in read if t.own} == {"2.1", "1"}  # the province's own 2020 plan
