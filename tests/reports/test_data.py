"""The report's plain data: the chart's series, the names and the number it writes (no database)."""

from decimal import Decimal

import pytest

from ntm.analytics.metrics import YearCounts
from ntm.reports.data import AveragePoint, average_series
from ntm.reports.names import (
    DEFAULT_SYMBOL,
    KIND_PREFIX,
    ReportUnit,
    kind_prefix,
    report_reference,
    unit_label,
)
from ntm.units.models import AdminUnit


def test_the_average_series_skips_years_without_data_and_rounds_as_printed():
    counts = {
        2015: YearCounts(2015, 177, 177, 1150),
        2016: YearCounts(2016, 177, 0, 0),
        2018: YearCounts(2018, 177, 177, 1690),
        2019: YearCounts(2019, 177, 177, 1880),
    }
    assert average_series(counts, first=2015, last=2019) == (
        AveragePoint(2015, Decimal("6.50")),
        AveragePoint(2018, Decimal("9.55")),
        AveragePoint(2019, Decimal("10.62")),
    )
    assert average_series(counts, first=2018, last=2018) == (AveragePoint(2018, Decimal("9.55")),)


def test_every_kind_the_report_names_is_a_kind_of_unit():
    assert set(KIND_PREFIX) <= set(AdminUnit.Kind.values)
    assert kind_prefix("thanh_pho") == "thành phố" and kind_prefix("thon") == ""


def test_a_unit_is_named_with_its_kind_and_its_issuer():
    assert unit_label("huyen", "Hà Quảng") == "huyện Hà Quảng"
    unit = ReportUnit(code="04", name="Cao Bằng", kind="tinh", is_province=True)
    assert unit.label == "tỉnh Cao Bằng"
    assert unit.issuer == "BAN CHỈ ĐẠO CÁC CTMTQG"
    assert unit.issuer_name == "Ban Chỉ đạo các Chương trình mục tiêu quốc gia tỉnh Cao Bằng"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("215", "215/BC-BCĐ"),
        (" 215 ", "215/BC-BCĐ"),
        ("215/BC-BCĐ", "215/BC-BCĐ"),
        ("215/BC-BCĐCTMTQG", "215/BC-BCĐCTMTQG"),
        ("", "…/BC-BCĐ"),
        ("5", "05/BC-BCĐ"),  # NĐ 30/2020: a number under 10 with a leading 0
        ("05", "05/BC-BCĐ"),
        ("10", "10/BC-BCĐ"),
    ],
)
def test_a_number_with_its_symbol_is_printed_as_given_else_the_symbol_is_added(typed, printed):
    assert report_reference(typed) == printed


def test_the_symbol_added_is_the_units():
    assert report_reference("7", symbol="BC-BCĐCTMTQG") == "07/BC-BCĐCTMTQG"  # NĐ 30/2020
    assert report_reference("", blank="   ") == "   /" + DEFAULT_SYMBOL
