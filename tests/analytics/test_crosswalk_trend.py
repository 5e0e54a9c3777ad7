"""A criterion's trend across periods: continued through the crosswalk, broken where it must be."""

import pytest
from django.urls import reverse

from ntm.analytics import metrics, selectors
from ntm.criteria.models import CriterionLink
from ntm.criteria.services import (
    CRITERIA_DIR,
    criteria_set_load,
    criterion_link_save,
    crosswalk_load,
)
from tests.analytics.builders import assess, province_with


def _counts(year: int, period: int, per: dict[int, int]) -> metrics.YearCounts:
    return metrics.YearCounts(
        year=year,
        communes=4,
        assessed=4,
        criteria_met_sum=sum(per.values()),
        per_criterion=per,
        period=period,
    )


def _step(period: int, numbers: tuple[int, ...], relation: str, verified: bool):
    return metrics.CrosswalkStep(
        period=period,
        period_end=period + 4,
        numbers=numbers,
        names=tuple(f"TC {n}" for n in numbers),
        relation=relation,
        verified=verified,
    )


def test_a_verified_same_definition_continues_the_series_a_changed_one_breaks_it() -> None:
    counts = {2020: _counts(2020, 2016, {13: 1}), 2021: _counts(2021, 2021, {13: 3})}
    same = metrics.criterion_trend(
        number=13, period=2021, counts=counts, steps=[_step(2016, (13,), "same", True)]
    )
    assert [p.communes for p in same] == [1, 3]
    assert same[0].series == same[1].series  # no break
    changed = metrics.criterion_trend(
        number=13, period=2021, counts=counts, steps=[_step(2016, (13,), "changed", True)]
    )
    assert [p.communes for p in changed] == [1, 3]
    assert changed[0].series != changed[1].series
    unverified = metrics.criterion_trend(
        number=13, period=2021, counts=counts, steps=[_step(2016, (13,), "same", False)]
    )
    assert unverified[0].series != unverified[1].series


def test_a_merged_criterion_has_no_older_figure_and_the_older_criterion_is_counted() -> None:
    counts = {2025: _counts(2025, 2021, {11: 2, 2: 4}), 2026: _counts(2026, 2026, {6: 1, 2: 3})}
    poverty = metrics.criterion_trend(
        number=6, period=2026, counts=counts, steps=[_step(2021, (11,), "changed", False)]
    )
    assert [(p.year, p.communes, p.number) for p in poverty] == [(2025, 2, 11), (2026, 1, 6)]
    merged = metrics.criterion_trend(
        number=2, period=2026, counts=counts, steps=[_step(2021, (2, 3, 4), "merged", False)]
    )
    assert merged[0].communes is None and merged[0].step is not None  # never criterion 2 alone
    assert merged[0].series != merged[1].series


@pytest.fixture
def three_periods(db):
    """Four communes assessed 2019-2020 (QĐ 1980), 2021 and 2025 (QĐ 318), 2026 (QĐ 51/2025).

    Criterion 13 (and 1) met by 1 commune in 2019 and 2020, 2 in 2021, 3 in
    2025; criterion 11 by 2 in 2025; criterion 6 of 2026 by 4.
    """
    sets = {
        code: criteria_set_load(path=CRITERIA_DIR / f"xa-ntm-{code}.yaml").criteria_set
        for code in ("2016-2020", "2021-2025", "2026-2030")
    }
    for name in ("2016-2020-2021-2025", "2021-2025-2026-2030"):
        crosswalk_load(path=CRITERIA_DIR / f"crosswalk-xa-ntm-{name}.yaml")
    u = province_with({"Một": ["A", "B", "C", "D"]})
    communes = [u["A"], u["B"], u["C"], u["D"]]
    for year, code, meeting in (
        (2019, "2016-2020", 1),
        (2020, "2016-2020", 1),
        (2021, "2021-2025", 2),
        (2025, "2021-2025", 3),
    ):
        for i, commune in enumerate(communes):
            met = {1, 13} if i < meeting else set()
            if year == 2025 and i < 2:
                met.add(11)
            assess(commune, year, met, sets[code])
    for commune in communes:
        assess(commune, 2026, {6}, sets["2026-2030"])
    u["sets"] = sets
    return u


def test_criterion_13_runs_back_into_2016_2020_with_a_break_where_its_definition_changed(
    three_periods,
):
    p = three_periods["province"]
    trend = selectors.criterion_trend(unit=p, year=2025, number=13, years=[2019, 2020, 2021, 2025])
    assert [(t.year, t.communes, t.number) for t in trend] == [
        (2019, 1, 13),
        (2020, 1, 13),
        (2021, 2, 13),
        (2025, 3, 13),
    ]
    assert trend[0].series == trend[1].series != trend[2].series == trend[3].series
    assert trend[0].step is not None and trend[0].step.names == ("Tổ chức sản xuất",)
    assert trend[0].step.relation == CriterionLink.Relation.CHANGED and trend[0].step.verified


def test_a_criterion_an_officer_verified_as_the_same_continues_without_a_break(
    three_periods, django_user_model
):
    link = CriterionLink.objects.get(
        criterion__criteria_set=three_periods["sets"]["2021-2025"], criterion__number=1
    )
    link.verified = True
    criterion_link_save(link=link, user=django_user_model.objects.create_user("cb"), reason="x")
    trend = selectors.criterion_trend(
        unit=three_periods["province"], year=2025, number=1, years=[2020, 2021]
    )
    assert [t.communes for t in trend] == [1, 2]
    assert trend[0].series == trend[1].series


def test_2025_to_2026_is_marked_unverified_and_follows_the_proposed_criterion(three_periods):
    trend = selectors.criterion_trend(
        unit=three_periods["province"], year=2026, number=6, years=[2020, 2025, 2026]
    )
    by_year = {t.year: t for t in trend}
    assert (by_year[2026].communes, by_year[2025].communes, by_year[2025].number) == (4, 2, 11)
    assert by_year[2025].series != by_year[2026].series
    assert by_year[2025].step is not None and not by_year[2025].step.verified
    # the chain goes on through criterion 11 into 2016-2020 ("Hộ nghèo")
    assert by_year[2020].number == 11 and by_year[2020].step.names == ("Hộ nghèo",)


def test_the_dashboard_draws_the_criterion_trend_with_its_break_and_names_the_old_criterion(
    three_periods, client, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("tw", password="x"))
    p = three_periods["province"]
    page = client.get(reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2025&criterion=13")
    assert page.status_code == 200
    html = page.content.decode()
    section = html[html.index('id="criterion-trend"') :]
    section = section[: section.index("</section>")]
    assert "Số xã đạt tiêu chí 13" in section
    assert section.count('class="series-break"') == 1  # between 2020 and 2021
    assert "Giai đoạn 2016-2020: tiêu chí 13. Tổ chức sản xuất (định nghĩa thay đổi)" in section
    assert "định nghĩa tiêu chí thay đổi hoặc tương ứng chưa được kiểm chứng" in section


def test_the_2026_dashboard_marks_a_merged_criterion_unverified_without_an_older_figure(
    three_periods, client, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("tw", password="x"))
    p = three_periods["province"]
    url = reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2026&criterion=2"
    html = client.get(url).content.decode()
    section = html[html.index('id="criterion-trend"') :]
    section = section[: section.index("</section>")]
    assert "Hạ tầng kinh tế - xã hội" in section
    assert "gộp" in section  # 2025's column: no figure of one criterion
    assert "Giai đoạn 2021-2025: tiêu chí 2. Giao thông; 3. Thủy lợi" in section
    assert "chưa kiểm chứng" in section and "không có số liệu tương ứng" in section
    assert 'class="series-break"' in section
