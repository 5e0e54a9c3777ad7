"""A district's conditions applied by the pure rules (no database)."""

from decimal import Decimal
from fractions import Fraction

from ntm.evaluation.district import (
    COMMUNES_ADVANCED,
    COMMUNES_STANDARD,
    DISTRICT_CRITERIA,
    SATISFACTION,
    TOWNS_CIVILISED,
    ConditionRule,
    DistrictFacts,
    district_conditions,
)

RULES = [
    ConditionRule(COMMUNES_STANDARD, "xã đạt chuẩn", percent=Decimal(100)),
    ConditionRule(COMMUNES_ADVANCED, "xã nâng cao", percent=Decimal(10)),
    ConditionRule(TOWNS_CIVILISED, "thị trấn văn minh", percent=Decimal(100)),
    ConditionRule(SATISFACTION, "hài lòng", percent=Decimal(90)),
    ConditionRule(DISTRICT_CRITERIA, "tiêu chí huyện"),
]


def facts(**kw):
    base = dict(
        communes=10,
        communes_standard=10,
        communes_advanced=1,
        towns=1,
        towns_civilised=1,
        satisfaction=Decimal("90"),
        criteria_total=9,
        criteria_met=9,
        criteria_known=9,
    )
    return DistrictFacts(**{**base, **kw})


def by_code(results):
    return {r.rule.code: r for r in results}


def test_a_district_meeting_every_condition_at_the_limits_qualifies():
    results, standing = district_conditions(RULES, facts())
    assert standing is True
    got = by_code(results)
    assert got[COMMUNES_ADVANCED].share == Fraction(10)
    assert got[COMMUNES_STANDARD].part == 10 and got[COMMUNES_STANDARD].whole == 10


def test_one_commune_short_fails_the_district():
    results, standing = district_conditions(RULES, facts(communes_standard=9))
    assert standing is False
    assert by_code(results)[COMMUNES_STANDARD].met is False
    assert by_code(results)[COMMUNES_STANDARD].share == Fraction(90)


def test_advanced_share_below_ten_percent_fails():
    results, standing = district_conditions(RULES, facts(communes=11, communes_standard=11))
    assert by_code(results)[COMMUNES_ADVANCED].met is False  # 1/11 = 9,09%
    assert standing is False


def test_no_survey_is_not_known_never_not_met():
    results, standing = district_conditions(RULES, facts(satisfaction=None))
    assert by_code(results)[SATISFACTION].met is None
    assert standing is None


def test_a_failed_condition_outweighs_an_unknown_one():
    _, standing = district_conditions(RULES, facts(satisfaction=None, communes_standard=3))
    assert standing is False


def test_district_criteria_partly_declared_are_not_known_until_one_fails():
    results, _ = district_conditions(RULES, facts(criteria_met=5, criteria_known=5))
    assert by_code(results)[DISTRICT_CRITERIA].met is None
    results, _ = district_conditions(RULES, facts(criteria_met=5, criteria_known=6))
    assert by_code(results)[DISTRICT_CRITERIA].met is False


def test_a_district_without_towns_meets_the_towns_condition_and_unknown_towns_are_unknown():
    results, _ = district_conditions(RULES, facts(towns=0, towns_civilised=None))
    assert by_code(results)[TOWNS_CIVILISED].met is True
    results, _ = district_conditions(RULES, facts(towns=2, towns_civilised=None))
    assert by_code(results)[TOWNS_CIVILISED].met is None


def test_satisfaction_just_under_the_threshold_fails():
    results, _ = district_conditions(RULES, facts(satisfaction=Decimal("89.99")))
    assert by_code(results)[SATISFACTION].met is False
