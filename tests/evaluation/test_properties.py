"""Properties that must hold for any value and threshold (hypothesis)."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from ntm.evaluation.engine import evaluate_commune, evaluate_criterion, evaluate_indicator
from ntm.evaluation.model import CommuneContext, IndicatorInput, RuleSet

from .builders import criterion, flag, rule, t

# Values as stored: up to 12 whole digits and 4 decimals, never negative.
values = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)
ordering_ops = st.sampled_from([">=", ">", "<=", "<"])
kinds = st.sampled_from(["ratio", "amount", "count"])
regions = st.sampled_from(["TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL"])


def _context(region: str) -> CommuneContext:
    return CommuneContext(region_code=region, region_name=region)


@given(op=ordering_ops, kind=kinds, threshold=values, start=values, step=values, region=regions)
def test_improving_a_value_never_turns_met_into_not_met(op, kind, threshold, start, step, region):
    r = rule(kind=kind, op=op, national=t(threshold))
    better = start + step if op in (">=", ">") else max(start - step, Decimal(0))
    before = evaluate_indicator(r, _context(region), IndicatorInput(value=start))
    after = evaluate_indicator(r, _context(region), IndicatorInput(value=better))
    if before.status == "met":
        assert after.status == "met"


@given(threshold=values, extra=values)
def test_improving_a_ratio_towards_all_keeps_equal_100_met(threshold, extra):
    r = rule(op="=", national=t(100))
    assert (
        evaluate_indicator(r, _context("TN"), IndicatorInput(value=Decimal(100) + extra)).status
        == "met"
    )


@given(op=st.sampled_from([">=", "<="]), kind=kinds, threshold=values, region=regions)
def test_a_value_exactly_on_an_inclusive_threshold_is_met(op, kind, threshold, region):
    r = rule(kind=kind, op=op, national=t(threshold))
    assert evaluate_indicator(r, _context(region), IndicatorInput(value=threshold)).status == "met"


@given(
    op=st.sampled_from([">=", "<=", ">", "<"]),
    by_region=st.dictionaries(regions, values, min_size=2),
    national=values,
    given_value=values,
    data=st.data(),
)
def test_switching_region_switches_the_threshold(op, by_region, national, given_value, data):
    r = rule(
        op=op, kind="amount", national=t(national), regions={k: t(v) for k, v in by_region.items()}
    )
    region = data.draw(st.sampled_from(sorted(by_region)))
    result = evaluate_indicator(r, _context(region), IndicatorInput(value=given_value))
    assert result.threshold.number == by_region[region]
    assert result.threshold.scope == "region"
    expected = {
        ">=": given_value >= by_region[region],
        "<=": given_value <= by_region[region],
        ">": given_value > by_region[region],
        "<": given_value < by_region[region],
    }[op]
    assert (result.status == "met") is expected


@given(
    op=st.sampled_from([">=", "<=", ">", "<", "="]),
    kind=st.sampled_from(["ratio", "amount", "count", "boolean"]),
    threshold=values,
    secondary=st.none() | values,
    declared_other=st.booleans(),
)
def test_a_missing_value_never_counts_as_met(op, kind, threshold, secondary, declared_other):
    ind = flag("5.1") if kind == "boolean" else rule("5.1", kind=kind, op=op, national=t(threshold))
    other = flag("5.2")
    given_input = IndicatorInput(value=None, secondary=secondary)
    result = evaluate_indicator(ind, _context("TN"), given_input)
    assert result.status == "missing"
    crit = evaluate_criterion(
        criterion(5, ind, other), _context("TN"), {"5.1": given_input, "5.2": IndicatorInput(True)}
    )
    assert crit.computed_met is not True
    commune = evaluate_commune(
        RuleSet(code="x", criteria=(criterion(5, ind, other),)),
        _context("TN"),
        {"5.1": given_input},
    )
    assert commune.met_count == 0 and not commune.meets_standard


@given(
    numerator=st.integers(min_value=0, max_value=10**6),
    denominator=st.integers(min_value=1, max_value=10**6),
    threshold=st.decimals(min_value=0, max_value=100, places=2),
)
def test_a_ratio_from_numerator_and_denominator_is_compared_exactly(
    numerator, denominator, threshold
):
    r = rule(op=">=", national=t(threshold))
    given_input = IndicatorInput(numerator=Decimal(numerator), denominator=Decimal(denominator))
    result = evaluate_indicator(r, _context("BTB"), given_input)
    exact = Fraction(100 * numerator, denominator) >= Fraction(threshold)
    assert (result.status == "met") is exact
