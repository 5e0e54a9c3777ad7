"""Thresholds chosen by a commune's group (2026-2030) or moved by a classification (QĐ 318)."""

import dataclasses
from decimal import Decimal

from ntm.evaluation.engine import context_for, evaluate_criterion, resolve_threshold
from ntm.evaluation.model import CriterionRule, IndicatorRule, RegionRule, RuleSet

from .builders import DELTA, NORTH, rule, t, value

D = Decimal
QD318 = "Quyết định 318/QĐ-TTg ngày 08/3/2022"
QD_GROUPS = "Quyết định 123/QĐ-UBND ngày 01/3/2026"


def _grouped() -> IndicatorRule:
    base = rule("2.1", national=t(90), regions={"TDMNPB": t(80)})
    return dataclasses.replace(base, by_group={"1": t(100), "3": t(70)})


def _set(ind: IndicatorRule, **kw: object) -> RuleSet:
    return RuleSet(
        code="test",
        criteria=(CriterionRule(number=ind.criterion, name="Hạ tầng", indicators=(ind,)),),
        **kw,  # type: ignore[arg-type]
    )


def test_the_commune_group_chooses_the_threshold_and_the_reason_names_its_decision():
    ind = _grouped()
    rules = _set(ind, group_classification="nhom_xa")
    group3 = context_for(rules, dataclasses.replace(NORTH, classes=(("nhom_xa", "3", QD_GROUPS),)))
    resolved = resolve_threshold(ind, group3)
    assert (resolved.scope, resolved.number) == ("group", D(70))
    assert resolved.scope_label_vi == f"xã nhóm 3 (theo {QD_GROUPS})"
    result = evaluate_criterion(rules.criteria[0], group3, {"2.1": value("75")})
    assert result.met is True
    assert "xã nhóm 3" in result.indicators[0].reason_vi

    group1 = context_for(rules, dataclasses.replace(NORTH, classes=(("nhom_xa", "1", QD_GROUPS),)))
    assert evaluate_criterion(rules.criteria[0], group1, {"2.1": value("95")}).met is False


def test_a_group_without_its_own_value_and_an_unclassified_commune_fall_back_in_order():
    ind = _grouped()
    rules = _set(ind, group_classification="nhom_xa")
    group2 = context_for(rules, dataclasses.replace(NORTH, classes=(("nhom_xa", "2", QD_GROUPS),)))
    assert resolve_threshold(ind, group2).scope == "region"
    unclassified = context_for(rules, DELTA)
    assert unclassified.group_code is None
    assert resolve_threshold(ind, unclassified).number == D(90)


def test_a_set_without_groups_ignores_a_commune_group():
    ind = _grouped()
    rules = _set(ind)  # 2016-2025 sets choose by region only
    ctx = context_for(rules, dataclasses.replace(NORTH, classes=(("nhom_xa", "1", QD_GROUPS),)))
    assert resolve_threshold(ind, ctx).number == D(80)


def test_an_extremely_disadvantaged_commune_applies_the_northern_thresholds_and_says_why():
    ind = rule("15.3", op="<=", regions={"TDMNPB": t(24), "DBSH": t("16.5")})
    rules = _set(
        ind,
        region_rules=(
            RegionRule(
                classification="xa_dbkk",
                region_code="TDMNPB",
                basis=QD318,
                classification_name="Xã đặc biệt khó khăn",
                region_name="Trung du và miền núi phía Bắc",
            ),
        ),
    )
    plain = context_for(rules, DELTA)
    assert evaluate_criterion(rules.criteria[0], plain, {"15.3": value("20")}).met is False
    poor = context_for(
        rules, dataclasses.replace(DELTA, classes=(("xa_dbkk", "", "QĐ 612/QĐ-UBDT"),))
    )
    result = evaluate_criterion(rules.criteria[0], poor, {"15.3": value("20")})
    assert result.met is True
    label = result.indicators[0].threshold.scope_label_vi
    assert label.startswith(
        "vùng Trung du và miền núi phía Bắc (Xã đặc biệt khó khăn, theo " + QD318
    )
    assert "QĐ 612/QĐ-UBDT" in label


def test_a_rule_limited_to_some_classes_leaves_the_others_alone():
    ind = rule("15.3", op="<=", regions={"TDMNPB": t(24), "DBSH": t("16.5")})
    atk = RegionRule(
        classification="an_toan_khu", region_code="TDMNPB", basis=QD318, values=("huyen_ngheo",)
    )
    rules = _set(ind, region_rules=(atk,))
    other = context_for(rules, dataclasses.replace(DELTA, classes=(("an_toan_khu", "", "x"),)))
    assert other.region_code == "DBSH"
    poor = context_for(
        rules, dataclasses.replace(DELTA, classes=(("an_toan_khu", "huyen_ngheo", "x"),))
    )
    assert poor.region_code == "TDMNPB"


def test_an_incomplete_criterion_is_never_computed_met_but_can_be_not_met_or_declared():
    ind = rule("15.3", op="<=", regions={"TDMNPB": t(24)})
    crit = CriterionRule(number=15, name="Y tế", indicators=(ind,), complete=False)
    met_part = evaluate_criterion(crit, NORTH, {"15.3": value("20")})
    assert (met_part.status, met_part.met) == ("not_assessed", None)
    assert "chưa có đủ danh mục chỉ tiêu" in met_part.reason_vi
    failed = evaluate_criterion(crit, NORTH, {"15.3": value("30")})
    assert (failed.status, failed.met) == ("not_met", False)
    declared = evaluate_criterion(crit, NORTH, {}, declared=True)
    assert (declared.met, declared.source) == (True, "declared")
    empty = CriterionRule(number=1, name="Quy hoạch", indicators=(), complete=False)
    assert evaluate_criterion(empty, NORTH, {}).reason_en.startswith("Not computed")
