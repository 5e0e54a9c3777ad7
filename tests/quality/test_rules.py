"""Data-quality rules as data: a left side, an operator, a right side, an importance."""

from decimal import Decimal as D

import pytest

from ntm.evaluation.quality_rules import FileFigures, RuleError, files_check, rule_read, violations


def _file(**kw) -> FileFigures:
    base = dict(
        file_id=1,
        values={"10.1": D("30")},
        previous={"10.1": D("18")},
        met={1: True, 2: False},
        criteria_met=18,
        criteria_total=19,
    )
    return FileFigures(**{**base, **kw})


INCOME = {
    "id": "thu-nhap",
    "importance": "medium",
    "description": "Thu nhập biến động mạnh",
    "left": 'abs(v("10.1") - prev("10.1"))',
    "op": "<=",
    "right": '0.5 * prev("10.1")',
}


def test_a_comparison_broken_is_a_violation_with_both_sides() -> None:
    rule = rule_read(INCOME)
    found = violations(rule, _file())
    assert found is not None
    assert (found.left, found.right) == (D("12"), D("9.0"))
    assert found.detail == "12 > 9"
    assert violations(rule, _file(values={"10.1": D("20")})) is None


def test_a_rule_naming_what_a_file_lacks_is_not_applied_not_assessed_is_no_violation() -> None:
    rule = rule_read(INCOME)
    assert violations(rule, _file(previous={})) is None
    assert violations(rule, _file(values={})) is None
    met_rule = rule_read(
        {"id": "m", "importance": "low", "left": "met(3)", "op": "==", "right": "1"}
    )
    assert violations(met_rule, _file()) is None  # criterion 3 not assessed


def test_the_two_kinds_of_their_own() -> None:
    declared = rule_read({"id": "d", "importance": "high", "kind": "declared_against_values"})
    assert violations(declared, _file(disagreements=(4, 7))).detail == "TC 4, TC 7"
    assert violations(declared, _file()) is None
    recognised = rule_read({"id": "r", "importance": "high", "kind": "recognised_not_met"})
    assert violations(recognised, _file(recognised=True)).detail == "TC 2"
    assert violations(recognised, _file(recognised=False)) is None


@pytest.mark.parametrize(
    "spec,message",
    [
        ({"left": "__import__('os')", "op": "<=", "right": "1"}, "chỉ dùng được"),
        ({"left": "x.y", "op": "<=", "right": "1"}, "không dùng được"),
        ({"left": "population", "op": "<=", "right": "1"}, "không có đại lượng"),
        ({"left": "1", "op": "~", "right": "1"}, "phép so sánh"),
        ({"left": "1 +", "op": "<=", "right": "1"}, "không đọc được"),
        ({"kind": "magic"}, "loại"),
        ({"left": "min()", "op": "<=", "right": "1"}, "ít nhất một"),
        ({"left": 'met("a")', "op": "<=", "right": "1"}, "số tiêu chí"),
        ({"left": 'v("1", "2")', "op": "<=", "right": "1"}, "đúng một mã"),
        ({"left": '"a" + 1', "op": "<=", "right": "1"}, "mã chỉ tiêu"),
    ],
)
def test_a_rules_file_is_data_never_code(spec, message) -> None:
    with pytest.raises(RuleError, match=message):
        rule_read({"id": "x", "importance": "low", **spec})


def test_rules_apply_to_their_criteria_sets_and_come_most_important_first() -> None:
    rules = [
        rule_read({**INCOME, "criteria_sets": ["xa-ntm-2016-2020"]}),
        rule_read({"id": "d", "importance": "high", "kind": "declared_against_values"}),
    ]
    files = [_file(disagreements=(2,))]
    assert [v.rule.id for v in files_check(rules, files, "xa-ntm-2016-2020")] == ["d", "thu-nhap"]
    assert [v.rule.id for v in files_check(rules, files, "xa-ntm-2026-2030")] == ["d"]


@pytest.mark.django_db
def test_the_page_lists_the_rules_broken_within_the_officers_units(small_province, client):
    from ntm.assessments.models import CriterionStatus
    from tests.factories import user_make

    # Y1's file declares criterion 3 met though its values are not (computed not met)
    status = CriterionStatus.objects.get(
        assessment__commune=small_province["Y1"], assessment__year=2019, criterion__number=3
    )
    CriterionStatus.objects.filter(pk=status.pk).update(declared_met=True, computed_met=False)
    province = small_province["province"]
    client.force_login(user_make("tinh99", "province", province))
    page = client.get(f"/quality/checks/?unit={province.pk}&year=2019")
    rows = page.context["rows"]
    assert [(r.violation.rule.id, r.commune.pk) for r in rows] == [
        ("khai-bao-trai-so-lieu", small_province["Y1"].pk)
    ]
    assert "TC 3" in page.content.decode()
    district = small_province["X1"].parent
    client.force_login(user_make("huyen99", "district", district))
    assert client.get(f"/quality/checks/?unit={district.pk}&year=2019").context["rows"] == []
