"""The rule clauses of the engine, one case each (docs/criteria/rulebook.md)."""

from decimal import Decimal

import pytest

from ntm.evaluation.engine import (
    evaluate_commune,
    evaluate_criterion,
    evaluate_indicator,
    resolve_threshold,
)
from ntm.evaluation.model import RuleSet

from .builders import DELTA, NO_REGION, NORTH, criterion, flag, income, rule, t, value

D = Decimal

# (case, op, threshold, value, expected status)
COMPARISONS = [
    ("at least: above the threshold is met", ">=", 70, "70.5", "met"),
    ("at least: exactly on the threshold is met", ">=", 70, "70", "met"),
    ("at least: just below the threshold is not met", ">=", 70, "69.9999", "not_met"),
    ("at most: below the ceiling is met", "<=", 12, "11", "met"),
    ("at most: exactly on the ceiling is met", "<=", 12, "12.0000", "met"),
    ("at most: just above the ceiling is not met", "<=", 12, "12.0001", "not_met"),
    ("more than: exactly on the threshold is not met", ">", 5, "5", "not_met"),
    ("more than: above the threshold is met", ">", 5, "5.0001", "met"),
    ("less than: exactly on the ceiling is not met", "<", 5, "5", "not_met"),
    ("less than: below the ceiling is met", "<", 5, "4.9999", "met"),
    ("equal: the same number is met", "=", 3, "3", "met"),
    ("equal: another number is not met", "=", 3, "2", "not_met"),
    ("equal to 100%: all is met", "=", 100, "100", "met"),
    ("equal to 100%: almost all is not met", "=", 100, "99.99", "not_met"),
]


@pytest.mark.parametrize(
    "op,threshold,given,expected", [c[1:] for c in COMPARISONS], ids=[c[0] for c in COMPARISONS]
)
def test_comparison(op, threshold, given, expected):
    r = rule(op=op, national=t(threshold))
    assert evaluate_indicator(r, NORTH, value(given)).status == expected


def test_equal_on_an_amount_is_strict_even_at_100():
    r = rule(kind="amount", op="=", national=t(100), unit="km")
    assert evaluate_indicator(r, NORTH, value("101")).status == "not_met"


def test_a_ratio_above_100_meets_equal_to_100():
    r = rule(op="=", national=t(100))
    assert evaluate_indicator(r, NORTH, value("100.5")).status == "met"


def test_missing_value_is_missing_not_met():
    result = evaluate_indicator(income(), NORTH, None)
    assert result.status == "missing"
    assert result.reason_vi == "Thu nhập: chưa có số liệu"


def test_no_threshold_anywhere_makes_the_indicator_not_applicable():
    r = rule(national=t(None), regions={"TDMNPB": t(None)})
    result = evaluate_indicator(r, NORTH, value("50"))
    assert result.status == "not_applicable"
    assert "chưa có ngưỡng" in result.reason_vi


def test_region_with_an_empty_cell_falls_back_to_the_national_threshold():
    r = rule(national=t(95), regions={"TDMNPB": t(None), "DBSH": t(98)})
    result = evaluate_indicator(r, NORTH, value("96"))
    assert result.status == "met"
    assert result.threshold.number == 95
    assert result.threshold.scope == "national"


def test_commune_without_region_is_judged_on_the_national_threshold():
    assert resolve_threshold(income(), NO_REGION).number == 45


def test_region_decides_the_threshold():
    assert evaluate_indicator(income(), NORTH, value("40")).status == "met"
    assert evaluate_indicator(income(), DELTA, value("40")).status == "not_met"


def test_province_own_threshold_beats_the_region():
    r = rule(
        "10.1", kind="amount", national=t(45), regions={"TDMNPB": t(36)}, provinces={"04": t(38)}
    )
    result = evaluate_indicator(r, NORTH, value("37"))
    assert result.status == "not_met"
    assert result.threshold.scope == "province"
    assert "ngưỡng riêng của tỉnh Cao Bằng" in result.reason_vi


def test_another_province_threshold_does_not_apply():
    r = rule(
        "10.1", kind="amount", national=t(45), regions={"DBSH": t(50)}, provinces={"04": t(38)}
    )
    assert resolve_threshold(r, DELTA).number == 50


def test_gap_is_said_in_words_with_the_region():
    result = evaluate_indicator(income(), NORTH, value("31.2"))
    assert result.status == "not_met"
    assert result.gap == D("4.8")
    assert result.reason_vi == (
        "Thu nhập 31,2 triệu đồng/người, thấp hơn ngưỡng 36 (vùng Trung du và miền núi phía Bắc)"
    )
    assert result.reason_en == (
        "Income 31.2 million VND/person, below the threshold of 36 "
        "(Northern Midlands and Mountains region)"
    )


def test_ceiling_gap_is_how_far_above():
    r = rule("11.1", op="<=", national=t(6), regions={"TDMNPB": t(12)}, label="Tỷ lệ hộ nghèo")
    result = evaluate_indicator(r, NORTH, value("14.25"))
    assert result.gap == D("2.25")
    assert result.reason_vi.startswith("Tỷ lệ hộ nghèo 14,25%, cao hơn ngưỡng 12%")


def test_numerator_and_denominator_give_the_ratio():
    r = rule(national=t(70))
    result = evaluate_indicator(r, NORTH, value(numerator="35", denominator="50"))
    assert result.status == "met"
    assert result.value == D("70")
    assert result.value_source == "ratio"
    assert "(35/50)" in result.reason_vi


def test_ratio_is_exact_not_rounded_before_comparing():
    # 2/3 = 66.666…%: below 66.67 even though it would show as 66,67 at two decimals,
    # so the reason shows as many decimals as it takes to see the difference.
    r = rule(national=t("66.67"))
    result = evaluate_indicator(r, NORTH, value(numerator="2", denominator="3"))
    assert result.status == "not_met"
    assert "66,667%" in result.reason_vi


def test_zero_denominator_is_missing():
    r = rule(national=t(70))
    assert evaluate_indicator(r, NORTH, value(numerator="0", denominator="0")).status == "missing"


def test_an_entered_value_is_used_before_numerator_and_denominator():
    r = rule(national=t(70))
    result = evaluate_indicator(r, NORTH, value("80", numerator="1", denominator="2"))
    assert (result.status, result.value_source) == ("met", "value")


def water() -> object:
    return rule(
        "17.1",
        op=">=",
        national=t(95, secondary=60),
        regions={"TDMNPB": t(90, secondary=50), "DHNTB": t(None, secondary=60)},
        secondary_op=">=",
        secondary_label="trong đó nước sạch",
        label="Nước hợp vệ sinh",
    )


def test_compound_indicator_needs_its_inner_share_too():
    result = evaluate_indicator(water(), NORTH, value("92", secondary="45"))
    assert result.status == "not_met"
    assert result.gap == D("5")
    assert "trong đó nước sạch 45%, thấp hơn ngưỡng 50%" in result.reason_vi


def test_compound_indicator_met_on_both_parts():
    result = evaluate_indicator(water(), NORTH, value("90", secondary="50"))
    assert result.status == "met"


def test_compound_indicator_without_inner_share_is_judged_on_the_main_value_and_says_so():
    result = evaluate_indicator(water(), NORTH, value("91"))
    assert result.status == "met"
    assert "chưa kiểm tra" in result.reason_vi


def test_inner_threshold_is_resolved_on_its_own():
    region = NORTH.__class__(region_code="DHNTB", region_name="Duyên hải Nam Trung Bộ")
    resolved = resolve_threshold(water(), region)
    assert (resolved.number, resolved.scope, resolved.secondary) == (95, "national", 60)


@pytest.mark.parametrize(
    "text,given,expected",
    [
        ("Đạt", True, "met"),
        ("Đạt", False, "not_met"),
        ("Không", True, "met"),
        ("Không", False, "not_met"),
    ],
    ids=[
        "Đạt reported Đạt",
        "Đạt reported Không đạt",
        "none required and none",
        "none required, some",
    ],
)
def test_boolean_indicators(text, given, expected):
    assert evaluate_indicator(flag(text=text), NORTH, value(given)).status == expected


def test_no_temporary_houses_reads_as_none():
    result = evaluate_indicator(flag("9.1", "Không", "Nhà tạm, dột nát"), NORTH, value(True))
    assert result.reason_vi == "Nhà tạm, dột nát: Không (đạt)"


def test_a_number_for_a_boolean_indicator_is_not_counted_as_met():
    assert evaluate_indicator(flag(), NORTH, value("1")).status == "missing"


def test_a_verdict_for_a_numeric_indicator_is_not_counted_as_met():
    assert evaluate_indicator(income(), NORTH, value(True)).status == "missing"


# Criterion aggregation: (case, statuses of the indicators' inputs, expected)
A = rule("3.1", national=t(80))
B = flag("3.2")
NA = rule("3.3", national=t(None))
AGGREGATION = [
    ("all applicable indicators met: met", {"3.1": value("85"), "3.2": value(True)}, "met", True),
    ("one not met beats one missing: not met", {"3.1": value("50")}, "not_met", False),
    ("none failed but one missing: not assessed", {"3.1": value("85")}, "not_assessed", None),
    ("nothing reported: not assessed", {}, "not_assessed", None),
]


@pytest.mark.parametrize(
    "inputs,status,computed", [c[1:] for c in AGGREGATION], ids=[c[0] for c in AGGREGATION]
)
def test_criterion_aggregation(inputs, status, computed):
    result = evaluate_criterion(criterion(3, A, B, NA), NORTH, inputs)
    assert (result.status, result.computed_met, result.met) == (status, computed, computed)


def test_indicator_without_threshold_does_not_block_the_criterion():
    result = evaluate_criterion(criterion(3, A, NA), NORTH, {"3.1": value("85")})
    assert result.status == "met"
    assert [i.status for i in result.indicators] == ["met", "not_applicable"]


def test_criterion_with_no_applicable_indicator_is_not_assessed():
    result = evaluate_criterion(criterion(3, NA), NORTH, {"3.3": value("85")})
    assert result.status == "not_assessed"


def test_declaration_decides_but_the_disagreement_is_shown():
    result = evaluate_criterion(
        criterion(10, income()), NORTH, {"10.1": value("30")}, declared=True
    )
    assert (result.met, result.computed_met, result.source, result.disagrees) == (
        True,
        False,
        "declared",
        True,
    )
    assert "Khai báo khác với kết quả tính từ chỉ tiêu" in result.reason_vi


def test_declaration_without_indicator_data_is_no_disagreement():
    result = evaluate_criterion(criterion(10, income()), NORTH, {}, declared=False)
    assert (result.met, result.computed_met, result.disagrees) == (False, None, False)


def test_declaration_that_agrees_is_no_disagreement():
    result = evaluate_criterion(
        criterion(10, income()), NORTH, {"10.1": value("40")}, declared=True
    )
    assert (result.met, result.disagrees) == (True, False)


def _set() -> RuleSet:
    return RuleSet(code="test", criteria=(criterion(1, flag()), criterion(10, income())))


def test_commune_meets_the_standard_when_every_criterion_is_met():
    result = evaluate_commune(_set(), NORTH, {"1.1": value(True), "10.1": value("36")})
    assert (result.met_count, result.total, result.meets_standard) == (2, 2, True)


def test_commune_missing_one_criterion_does_not_meet_the_standard():
    result = evaluate_commune(_set(), NORTH, {"1.1": value(True), "10.1": value("35.9")})
    assert (result.met_count, result.meets_standard) == (1, False)


def test_a_declared_criterion_counts():
    result = evaluate_commune(_set(), NORTH, {"1.1": value(True)}, declared={10: True})
    assert (result.met_count, result.meets_standard) == (2, True)


def test_an_empty_set_is_never_met():
    assert evaluate_commune(RuleSet(code="empty", criteria=()), NORTH, {}).meets_standard is False
