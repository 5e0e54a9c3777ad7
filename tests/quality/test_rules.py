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


def test_a_value_its_indicators_kind_cannot_hold_is_impossible() -> None:
    rule = rule_read({"id": "i", "importance": "high", "kind": "impossible_values"})
    kinds = {"3.1": "ratio", "5.1": "count", "10.1": "amount", "6.1": "boolean"}
    fine = {"3.1": D("100"), "5.1": D("4"), "10.1": D("0"), "6.1": D("1")}
    assert violations(rule, _file(values=fine, kinds=kinds)) is None
    wrong = {"3.1": D("140"), "5.1": D("2.5"), "10.1": D("-3"), "6.1": D("1")}
    found = violations(rule, _file(values=wrong, kinds=kinds))
    assert found.detail == "10.1 = -3, 3.1 = 140, 5.1 = 2,5"
    # a value whose indicator's kind is not known is not judged
    assert violations(rule, _file(values={"9.9": D("-1")})) is None


def test_files_holding_the_same_values_are_duplicates_of_each_other() -> None:
    rule = rule_read(
        {"id": "t", "importance": "medium", "kind": "duplicate_values", "min_values": 3}
    )
    same = {"1.1": D("1"), "2.1": D("50"), "3.1": D("80.0")}
    files = [
        _file(file_id=1, values=same),
        _file(file_id=2, values={**same, "3.1": D("80")}),  # 80,0 and 80 are the same value
        _file(file_id=3, values={**same, "3.1": D("81")}),
        _file(file_id=4, values={"1.1": D("1"), "2.1": D("50")}),  # too few to tell
        _file(file_id=5, values={"1.1": D("1"), "2.1": D("50")}),
    ]
    found = files_check([rule], files, "xa-ntm-2016-2020")
    assert sorted((v.file_id, v.others) for v in found) == [(1, (2,)), (2, (1,))]
    with pytest.raises(RuleError, match="min_values"):
        rule_read({"id": "t", "importance": "low", "kind": "duplicate_values", "min_values": 0})


@pytest.mark.django_db
def test_the_page_names_a_copied_file_and_an_impossible_value(small_province, client):
    from ntm.assessments.models import IndicatorValue
    from ntm.criteria.models import Indicator
    from tests.factories import user_make

    files = {name: small_province[name].assessments.get(year=2019) for name in ("X3", "Y2", "Y3")}
    indicators = list(
        Indicator.objects.filter(criterion__criteria_set=small_province["cset"])
        .exclude(kind="boolean")
        .order_by("code")[:6]
    )
    for name in ("Y2", "Y3"):
        IndicatorValue.objects.filter(assessment=files[name]).delete()
        IndicatorValue.objects.bulk_create(
            IndicatorValue(assessment=files[name], indicator=i, value_number=D(n + 1))
            for n, i in enumerate(indicators)
        )
    ratio = Indicator.objects.filter(
        criterion__criteria_set=small_province["cset"], kind="ratio"
    ).first()
    IndicatorValue.objects.update_or_create(
        assessment=files["X3"], indicator=ratio, defaults={"value_number": D("140")}
    )
    province = small_province["province"]
    client.force_login(user_make("tinh99", "province", province))
    page = client.get(f"/quality/checks/?unit={province.pk}&year=2019")
    rows = {(r.violation.rule.id, r.commune.name): r for r in page.context["rows"]}
    assert rows[("gia-tri-khong-the-co", "X3")].violation.detail == f"{ratio.code} = 140"
    assert [o.name for o in rows[("so-lieu-trung-nhau", "Y2")].others] == ["Y3"]
    assert [o.name for o in rows[("so-lieu-trung-nhau", "Y3")].others] == ["Y2"]
    assert "Trùng số liệu với:" in page.content.decode()
