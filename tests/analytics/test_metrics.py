"""The report's maths, without a database: shares, changes, averages, bands, ranking."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.analytics import metrics
from ntm.analytics.metrics import YearCounts


def counts(year=2019, communes=177, sum_=0, dist=None, per=None, assessed=None, recognised=0):
    dist = dist or {}
    return YearCounts(
        year=year,
        communes=communes,
        assessed=communes if assessed is None else assessed,
        criteria_met_sum=sum_,
        distribution=dist,
        per_criterion=per or {},
        recognised=recognised,
    )


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (20, 177, Decimal("11.30")),  # the seed prints 11,3
        (61, 177, Decimal("34.46")),
        (177, 177, Decimal("100.00")),
        (1, 800, Decimal("0.13")),  # 0,125 rounds half away from zero, not to even
        (3, 800, Decimal("0.38")),  # 0,375
        (0, 177, Decimal("0.00")),
    ],
)
def test_a_share_is_rounded_half_away_from_zero_to_two_decimals(part, whole, expected):
    assert metrics.shown(metrics.percent(part, whole)) == expected


def test_a_share_of_nothing_is_unknown_not_zero():
    assert metrics.percent(5, 0) is None
    assert metrics.shown(metrics.percent(5, None)) is None


def test_a_change_is_computed_from_exact_values_then_rounded():
    # 33,333…% − 16,666…% = 16,666…% → 16,67, whereas the printed 33,33 − 16,67 = 16,66.
    assert metrics.shown(metrics.change(metrics.percent(1, 3), metrics.percent(1, 6))) == Decimal(
        "16.67"
    )


def test_a_negative_change_rounds_half_away_from_zero():
    assert metrics.shown(metrics.change(Fraction(0), Fraction(1, 8)), 2) == Decimal("-0.13")


@pytest.mark.parametrize(
    ("now", "before", "points"),
    [
        (61, 43, Decimal("10.17")),  # TC 2 Giao thông
        (141, 121, Decimal("11.30")),  # TC 3, the seed prints 11,3
        (168, 167, Decimal("0.56")),  # TC 19: 0,5649… → 0,56
        (58, 109, Decimal("-28.81")),  # a fall is a negative change
    ],
)
def test_the_change_of_a_criterion_is_in_percentage_points_of_the_communes(now, before, points):
    [row] = metrics.criterion_figures(
        criteria=[metrics.CriterionInfo(2, "Giao thông", "Giao thông", "II", "Hạ tầng")],
        now=counts(per={2: now}),
        before=counts(year=2018, per={2: before}),
        plan={"3.2": Decimal(85)},
        next_plan={},
    )
    assert row.change_points == points
    assert row.percent_of_plan == metrics.shown(metrics.percent(now, 85))


def test_the_ratio_of_the_average_to_plan_uses_the_printed_average():
    fig = metrics.average_figures(
        now=counts(sum_=1880), before=counts(year=2018, sum_=1690), plan=Decimal(11)
    )
    assert fig.value == Decimal("10.62")
    assert fig.percent_of_plan == Decimal("96.55")  # 10,62 / 11; exact 1880/177/11 is 96,56
    assert metrics.shown(metrics.percent(Fraction(1880, 177), 11)) == Decimal("96.56")
    assert fig.change == Decimal("1.07")


def test_the_change_of_the_average_uses_the_exact_averages():
    # 10,625 → 10,63 and 9,544… → 9,54: printed difference 1,09, exact difference 1,08.
    fig = metrics.average_figures(
        now=counts(communes=8, sum_=85), before=counts(communes=125, sum_=1193), plan=None
    )
    assert fig.value == Decimal("10.63")
    assert fig.previous == Decimal("9.54")
    assert fig.change == Decimal("1.08")


def test_without_data_last_year_there_is_no_change():
    fig = metrics.average_figures(now=counts(sum_=1880), before=None, plan=None)
    assert fig.change is None and fig.percent_of_plan is None


def test_new_communes_meeting_standard_compare_with_the_planned_increase():
    fig = metrics.standard_figures(
        criteria_count=19,
        now=counts(dist={19: 20, 10: 157}),
        before=counts(year=2018, dist={19: 15, 10: 162}),
        plan=Decimal(21),
    )
    assert (fig.standard, fig.previous, fig.new) == (20, 15, 5)
    assert fig.plan_new == Decimal(6)
    assert fig.new_percent_of_plan == Decimal("83.33")
    assert fig.percent_of_plan == Decimal("95.24")  # 20 / 21
    assert fig.share == Decimal("11.30")


def test_a_fall_in_communes_meeting_standard_is_a_negative_new_count():
    fig = metrics.standard_figures(
        criteria_count=19, now=counts(dist={19: 3}), before=counts(dist={19: 4}), plan=None
    )
    assert fig.new == -1
    assert fig.new_percent_of_plan is None


@pytest.mark.parametrize(
    ("n", "limits"),
    [
        (19, [(19, 19), (15, 18), (10, 14), (5, 9), (0, 4)]),
        (20, [(20, 20), (15, 19), (10, 14), (5, 9), (0, 4)]),
        (16, [(16, 16), (15, 15), (10, 14), (5, 9), (0, 4)]),
    ],
)
def test_bands_are_all_criteria_then_blocks_ending_at_multiples_of_five(n, limits):
    assert metrics.band_limits(n) == limits


def test_band_labels_read_as_in_reports():
    labels = [metrics.band_label(lo, hi) for lo, hi in metrics.band_limits(19)]
    assert labels == [
        "19 tiêu chí",
        "từ 15-18 tiêu chí",
        "từ 10-14 tiêu chí",
        "từ 5-9 tiêu chí",
        "dưới 5 tiêu chí",
    ]


@given(st.dictionaries(st.integers(0, 19), st.integers(0, 50), max_size=20))
def test_bands_share_out_every_commune_exactly_once(dist):
    total = sum(dist.values())
    result = metrics.bands(criteria_count=19, counts=counts(communes=total, dist=dist))
    assert sum(b.communes for b in result) == total


def test_districts_are_ranked_by_exact_average_and_equal_averages_share_a_rank():
    def sub(name, communes, sum_now, sum_before):
        return metrics.SubunitCounts(
            name,
            name,
            "huyen",
            counts(communes=communes, sum_=sum_now),
            counts(year=2018, communes=communes, sum_=sum_before),
        )

    rows = metrics.subunit_figures(
        criteria_count=19,
        rows=[sub("B", 3, 30, 27), sub("A", 3, 52, 47), sub("C", 6, 60, 60), sub("D", 7, 93, 84)],
    )
    assert [(r.name, r.rank) for r in rows] == [("A", 1), ("D", 2), ("B", 3), ("C", 3)]
    assert rows[0].average == Decimal("17.33") and rows[0].change == Decimal("1.67")
    assert rows[1].average == Decimal("13.29") and rows[1].change == Decimal("1.29")
    assert rows[3].change == Decimal("0.00")


def test_planned_communes_under_ten_criteria_need_every_row_of_the_plan():
    plan = {
        f"2.{19 - met + 1}": Decimal(v)
        for met, v in {9: 24, 8: 21, 7: 20, 6: 8, 5: 0, 4: 0, 3: 0, 2: 0, 1: 0}.items()
    }
    assert metrics.plan_below(plan, 19, 10) == 73
    del plan["2.13"]
    assert metrics.plan_below(plan, 19, 10) is None


def test_communes_below_a_limit_include_communes_without_assessment():
    assert metrics.below({0: 2, 4: 1, 9: 3, 10: 5}, 10) == 6


# --------------------------------------------------------------------------- campaign year


def opened(communes=177, assessed=2, appraised=0, **kw):
    """A year whose campaign has just opened: ``assessed`` files, ``appraised`` of them appraised."""
    files = metrics.FileCounts(
        opened=assessed, submitted=appraised, reviewed=appraised, appraised=appraised
    )
    return YearCounts(
        year=2020,
        communes=communes,
        assessed=assessed,
        criteria_met_sum=kw.pop("sum_", 0),
        files=files,
        **kw,
    )


def test_a_year_is_final_once_every_communes_file_is_appraised():
    assert opened(communes=3, assessed=3, appraised=3).final
    assert opened(communes=3, assessed=3, appraised=2).provisional
    assert opened(communes=3, assessed=2, appraised=2).provisional
    # Without the workflow's states, a year is final when every commune is assessed.
    assert counts(communes=3).final and counts(communes=3, assessed=2).provisional


def test_communes_without_a_file_are_not_assessed_and_in_no_band():
    now = opened(communes=177, assessed=2, sum_=31, distribution={19: 1, 12: 1})
    assert now.not_assessed == 175
    bands = metrics.bands(criteria_count=19, counts=now)
    assert sum(b.communes for b in bands) == 2
    assert bands[-1].communes == 0  # nobody "dưới 5 tiêu chí" for want of a file
    assert bands[0].share == Decimal("50.00")  # of the 2 communes assessed


def test_a_provisional_average_is_of_the_communes_assessed_and_has_no_change_nor_plan():
    before = counts(year=2019, communes=177, sum_=1880)
    now = opened(communes=177, assessed=2, sum_=31, distribution={19: 1, 12: 1})
    a = metrics.average_figures(now=now, before=before, plan=Decimal(11), next_plan=Decimal(12))
    assert a.value == Decimal("15.50") and (a.assessed, a.communes) == (2, 177)
    assert a.provisional
    assert a.previous == Decimal("10.62")  # last year's figure is still shown
    assert a.change is None and a.percent_of_plan is None and a.next_change is None


def test_a_provisional_year_withholds_new_communes_and_percentages_of_plan():
    before = counts(year=2019, dist={19: 20, 10: 157}, recognised=20)
    now = opened(distribution={19: 1, 12: 1}, recognised=21, recognised_not_met=20)
    s = metrics.standard_figures(criteria_count=19, now=now, before=before, plan=Decimal(28))
    # 21 decisions in force (one of them also meeting every criterion by its file) and no other.
    assert (s.standard, s.recognised, s.assessed_standard) == (21, 21, 1)
    assert s.provisional
    assert s.new is None and s.share_change is None
    assert s.percent_of_plan is None and s.new_percent_of_plan is None
    assert s.share == Decimal("11.86")  # 21 / 177: decisions are facts, not estimates


def test_a_final_year_after_a_final_year_keeps_its_changes():
    before = counts(year=2019, dist={19: 20, 10: 157}, recognised=20)
    now = counts(year=2020, dist={19: 25, 10: 152}, recognised=25)
    s = metrics.standard_figures(criteria_count=19, now=now, before=before, plan=Decimal(28))
    assert s.new == 5 and s.new_percent_of_plan == Decimal("62.50")
    assert not s.provisional


def test_a_change_from_a_provisional_year_is_withheld():
    before = opened(communes=177, assessed=177, appraised=100, sum_=1880)
    now = counts(year=2020, communes=177, sum_=2000)
    a = metrics.average_figures(now=now, before=before, plan=None)
    assert a.change is None and a.value == Decimal("11.30")


def test_a_criterion_share_is_of_the_communes_whose_file_gives_it_a_result():
    now = YearCounts(
        year=2020,
        communes=10,
        assessed=4,
        criteria_met_sum=0,
        per_criterion={2: 1},
        per_criterion_assessed={2: 2},
        files=metrics.FileCounts(opened=4),
    )
    info = metrics.CriterionInfo(2, "Giao thông", "Giao thông", "II", "Hạ tầng")
    [row] = metrics.criterion_figures(
        criteria=[info], now=now, before=None, plan={"3.2": Decimal(5)}, next_plan={}
    )
    assert (row.communes, row.assessed, row.not_assessed) == (1, 2, 8)
    assert row.share == Decimal("50.00") and row.percent_of_plan is None


def test_the_completeness_of_a_year_counts_each_stage_with_its_share():
    now = YearCounts(
        year=2020,
        communes=177,
        assessed=9,
        criteria_met_sum=0,
        files=metrics.FileCounts(opened=9, submitted=5, reviewed=3, appraised=2, recognised=1),
    )
    c = metrics.completeness(now)
    assert (c.opened, c.submitted, c.reviewed, c.appraised, c.recognised) == (9, 5, 3, 2, 1)
    assert c.not_assessed == 168 and c.provisional
    assert c.opened_share == Decimal("5.08") and c.appraised_share == Decimal("1.13")
