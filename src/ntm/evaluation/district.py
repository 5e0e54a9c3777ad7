"""A district's conditions (huyện nông thôn mới), or a province's for completing the programme's
task: computed from its communes (and a province's districts), its survey and its own criteria.

A district set (QĐ 558/QĐ-TTg for 2016-2020, QĐ 320/QĐ-TTg for 2021-2025)
recognises a district when every condition holds: a share of its communes
holding the commune title, a share holding the advanced title, a share of its
towns meeting the civilised-town standard, the residents' satisfaction, and
the district's own criteria. Each condition is data in the set
(``CriteriaSet.conditions``); this module only applies them. A condition whose
facts are missing is "not known", never "not met".
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

#: The conditions NTM can apply, by code.
COMMUNES_STANDARD = "communes_standard"
COMMUNES_ADVANCED = "communes_advanced"
TOWNS_CIVILISED = "towns_civilised"
SATISFACTION = "satisfaction"
DISTRICT_CRITERIA = "district_criteria"
#: A province's: the share of its district-level units meeting their own conditions.
DISTRICTS_QUALIFIED = "districts_qualified"
CONDITION_CODES = (
    COMMUNES_STANDARD,
    COMMUNES_ADVANCED,
    TOWNS_CIVILISED,
    SATISFACTION,
    DISTRICT_CRITERIA,
    DISTRICTS_QUALIFIED,
)
#: Conditions that compare a percentage with the set's ``percent``.
SHARE_CONDITIONS = (
    COMMUNES_STANDARD,
    COMMUNES_ADVANCED,
    TOWNS_CIVILISED,
    SATISFACTION,
    DISTRICTS_QUALIFIED,
)


@dataclass(frozen=True)
class ConditionRule:
    """One condition of a district set, as the set's file gives it."""

    code: str
    name_vi: str
    name_en: str = ""
    percent: Decimal | None = None  # at least this share (for the share conditions)
    verified: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class DistrictFacts:
    """What is known of a district in a year.

    ``towns_civilised`` and ``satisfaction`` are None when not recorded;
    ``criteria_met`` counts the district criteria met, ``criteria_known`` those
    with a result.
    """

    communes: int
    communes_standard: int
    communes_advanced: int
    towns: int
    towns_civilised: int | None
    satisfaction: Decimal | None
    criteria_total: int
    criteria_met: int
    criteria_known: int
    districts: int = 0  # a province's district-level units that year
    districts_qualified: int = 0  # of which meeting their conditions


@dataclass(frozen=True)
class ConditionResult:
    """A condition applied: ``met`` is None when the facts are not known."""

    rule: ConditionRule
    met: bool | None
    part: int | None = None
    whole: int | None = None
    share: Fraction | None = None  # a percentage, exact
    reason_vi: str = ""
    reason_en: str = ""


def _share(part: int, whole: int) -> Fraction:
    return Fraction(part * 100, whole)


def _at_least(rule: ConditionRule, share: Fraction) -> bool:
    return rule.percent is not None and share >= Fraction(rule.percent)


def condition_apply(rule: ConditionRule, facts: DistrictFacts) -> ConditionResult:
    """Apply one condition to the facts of a district."""
    if rule.code in (COMMUNES_STANDARD, COMMUNES_ADVANCED):
        part = (
            facts.communes_standard if rule.code == COMMUNES_STANDARD else facts.communes_advanced
        )
        if facts.communes == 0:
            return ConditionResult(
                rule, None, 0, 0, None, "Huyện không có xã trong năm.", "No commune that year."
            )
        share = _share(part, facts.communes)
        return ConditionResult(rule, _at_least(rule, share), part, facts.communes, share)
    if rule.code == TOWNS_CIVILISED:
        if facts.towns == 0:
            return ConditionResult(
                rule, True, 0, 0, None, "Huyện không có thị trấn.", "The district has no town."
            )
        if facts.towns_civilised is None:
            return ConditionResult(
                rule,
                None,
                None,
                facts.towns,
                None,
                "Chưa có số liệu thị trấn đạt chuẩn đô thị văn minh.",
                "No record of towns meeting the civilised-town standard.",
            )
        share = _share(facts.towns_civilised, facts.towns)
        return ConditionResult(
            rule, _at_least(rule, share), facts.towns_civilised, facts.towns, share
        )
    if rule.code == SATISFACTION:
        if facts.satisfaction is None:
            return ConditionResult(
                rule,
                None,
                reason_vi="Chưa ghi kết quả lấy ý kiến sự hài lòng của người dân.",
                reason_en="No satisfaction survey recorded.",
            )
        share = Fraction(facts.satisfaction)
        return ConditionResult(rule, _at_least(rule, share), share=share)
    if rule.code == DISTRICTS_QUALIFIED:
        if facts.districts == 0:
            return ConditionResult(
                rule,
                None,
                0,
                0,
                None,
                "Không có đơn vị cấp huyện trong năm.",
                "No district-level unit that year.",
            )
        share = _share(facts.districts_qualified, facts.districts)
        return ConditionResult(
            rule, _at_least(rule, share), facts.districts_qualified, facts.districts, share
        )
    if rule.code == DISTRICT_CRITERIA:
        failed = facts.criteria_known - facts.criteria_met
        met: bool | None
        if facts.criteria_total == 0 or failed > 0:
            met = False if failed > 0 else None
        else:
            met = True if facts.criteria_known == facts.criteria_total else None
        return ConditionResult(rule, met, facts.criteria_met, facts.criteria_total)
    raise ValueError(f"unknown district condition {rule.code!r}")


def standing(results: list[ConditionResult]) -> bool | None:
    """The district as a whole: not met if one condition fails, not known if one is not known."""
    if any(r.met is False for r in results):
        return False
    if not results or any(r.met is None for r in results):
        return None
    return True


def district_conditions(
    rules: list[ConditionRule], facts: DistrictFacts
) -> tuple[list[ConditionResult], bool | None]:
    """Every condition of the set applied, and the district's standing."""
    results = [condition_apply(rule, facts) for rule in rules]
    return results, standing(results)
