"""The interchange formats without a database: recognising headers and reading cells."""

from decimal import Decimal

import pytest

from ntm.evaluation.numbers import parse_number, parse_verdict
from ntm.interchange.formats import (
    STATUSES,
    TARGETS,
    VALUES,
    CellError,
    ambiguous_number,
    cell_text,
    format_detect,
    parse_code,
    parse_met,
    parse_year,
)
from ntm.plans.rows import PLAN_ROWS, target_row_ids


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (["year", "commune_code", "criterion", "met"], STATUSES),
        (["met", "criterion", "commune_code", "year"], STATUSES),
        (["\ufeffyear", " Commune_Code ", "CRITERION", "met"], STATUSES),
        (["year", "commune_code", "indicator", "value"], VALUES),
        (["year", "commune_code", "indicator", "value", "secondary_value"], VALUES),
        (["year", "province_code", "row_id", "value"], TARGETS),
        (["year", "district_code", "row_id", "value"], TARGETS),
    ],
)
def test_a_file_kind_is_recognised_by_its_header_in_any_order_and_case(header, kind):
    detection = format_detect(header)
    assert detection.problems == []
    assert detection.format is not None and detection.format.kind == kind


def test_a_missing_column_is_named():
    detection = format_detect(["year", "commune_code", "criterion"])
    assert detection.format is not None and detection.format.kind == STATUSES
    assert [column for column, _ in detection.problems] == ["met"]
    assert "thiếu cột “met”" in detection.problems[0][1]


def test_an_unknown_extra_column_is_refused_by_name():
    detection = format_detect(["year", "commune_code", "criterion", "met", "note"])
    assert [column for column, _ in detection.problems] == ["note"]


def test_a_header_of_no_known_kind_lists_the_three_known_headers():
    detection = format_detect(["name", "value"])
    assert detection.format is None
    message = detection.problems[0][1]
    for header in (
        "year,commune_code,criterion,met",
        "year,commune_code,indicator,value",
        "year,province_code,row_id,value",
    ):
        assert header in message


def test_a_semicolon_separated_header_is_explained():
    detection = format_detect(["year;commune_code;criterion;met"])
    assert detection.format is None
    assert "dấu phẩy" in detection.problems[0][1]


def test_a_repeated_column_is_refused():
    detection = format_detect(["year", "commune_code", "criterion", "met", "met"])
    assert any("hai lần" in message for _, message in detection.problems)


@pytest.mark.parametrize("text", ["2019", "1990", "2100"])
def test_years_in_full_are_read(text):
    assert parse_year(text) == int(text)


@pytest.mark.parametrize("text", ["19", "20x9", "2019.5", "1989", "2101", "năm 2019", ""])
def test_anything_but_a_year_is_refused(text):
    with pytest.raises(CellError, match="năm không hợp lệ"):
        parse_year(text)


def test_commune_codes_are_read_with_or_without_leading_zeros():
    assert parse_code("01849") == parse_code("1849") == "1849"
    with pytest.raises(CellError):
        parse_code("18A9")


@pytest.mark.parametrize(("text", "met"), [("1", True), ("0", False)])
def test_met_is_one_or_zero(text, met):
    assert parse_met(text) is met


@pytest.mark.parametrize("text", ["2", "yes", "Đạt", "1.0", "-1", ""])
def test_met_refuses_anything_else(text):
    with pytest.raises(CellError, match="1 .* hoặc 0"):
        parse_met(text)


def test_numbers_take_a_decimal_point_and_a_decimal_comma_is_explained():
    """A file's number has a decimal point; one a person typed in the workbook, a comma."""
    assert parse_number("31.25", typed=False) == Decimal("31.25")
    with pytest.raises(CellError, match="dấu chấm thập phân"):
        parse_number("31,25", typed=False)
    assert parse_number("31,25", typed=True) == Decimal("31.25")
    with pytest.raises(CellError):
        parse_number("1,234.5", typed=True)


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("Đạt", True),
        ("đạt", True),
        ("Không đạt", False),
        ("KHÔNG ĐẠT", False),
        ("khong dat", False),
        ("Khoˆng đạt", None),
        ("Dat", True),
    ],
)
def test_verdicts_are_dat_or_khong_dat(text, met):
    if met is None:
        with pytest.raises(CellError):
            parse_verdict(text)
    else:
        assert parse_verdict(text) is met


def test_decomposed_unicode_verdicts_are_read():
    import unicodedata

    assert parse_verdict(unicodedata.normalize("NFD", "Không đạt")) is False


def test_spreadsheet_numbers_become_the_text_a_csv_would_hold():
    assert cell_text(2019.0) == "2019"
    assert cell_text(85.5) == "85.5"
    assert cell_text(None) == ""
    assert cell_text(" 01849 ") == "01849"


def test_target_rows_follow_the_number_of_criteria():
    ids = target_row_ids(19)
    assert ids[:4] == ("tong_so_xa", "1", "2.1", "2.1.qd")
    assert "2.19" in ids and "3.19" in ids and "2.20" not in ids and "3.20" not in ids
    small = target_row_ids(3)
    assert small == (
        "tong_so_xa",
        "1",
        "2.1",
        "2.1.qd",
        "2.2",
        "2.3",
        "3",
        "3.1",
        "3.2",
        "3.3",
        "ocop.3sao",
        "ocop.huyen",
        *(r.key for r in PLAN_ROWS),  # the plan's other targets of section III.1
    )


def test_a_code_stored_as_a_number_is_ambiguous_only_when_a_longer_code_exists():
    ids = frozenset(target_row_ids(19))
    assert ambiguous_number("2.1", ids) == "2.10"
    assert ambiguous_number("2.2", ids) is None
