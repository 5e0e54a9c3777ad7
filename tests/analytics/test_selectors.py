"""Figures read live from a small province's data."""

import datetime
from decimal import Decimal

import pytest

from ntm.analytics import metrics, selectors
from ntm.assessments.models import Assessment
from ntm.core.errors import ApplicationError
from tests.analytics.builders import assess, first, unit


@pytest.mark.django_db
def test_communes_in_scope_are_the_xa_valid_that_year_within_the_unit(small_province):
    u = small_province
    unit("99019", "Phường Một", level=3, kind="phuong", parent=u["TP Cao"])
    unit("99020", "Xã Cũ", level=3, kind="xa", parent=u["Đồi"], valid_to=datetime.date(2019, 1, 1))
    names = set(selectors.communes_in(unit=u["province"], year=2019).values_list("name", flat=True))
    assert names == {"X1", "X2", "X3", "Y1", "Y2", "Y3", "Y4"}
    assert selectors.communes_in(unit=u["province"], year=2018).count() == 8


@pytest.mark.django_db
def test_a_commune_assessed_as_meeting_nothing_counts_as_zero_criteria(small_province):
    c = selectors.unit_counts(unit=small_province["province"], years=[2019])[2019]
    assert c.communes == 7 and c.assessed == 7 and c.not_assessed == 0
    assert c.distribution == {19: 3, 15: 1, 12: 1, 8: 1, 0: 1}
    assert c.criteria_met_sum == 19 * 3 + 15 + 12 + 8 == 92
    assert c.per_criterion[1] == 6 and c.per_criterion[19] == 3 and c.per_criterion[13] == 4
    assert c.final


@pytest.mark.django_db
def test_a_commune_without_a_file_is_not_assessed_rather_than_zero(small_province):
    Assessment.objects.filter(commune=small_province["Y4"], year=2019).delete()
    c = selectors.unit_counts(unit=small_province["province"], years=[2019])[2019]
    assert c.communes == 7 and c.assessed == 6 and c.not_assessed == 1
    assert c.distribution == {19: 3, 15: 1, 12: 1, 8: 1}  # nobody under 0
    assert c.provisional


@pytest.mark.django_db
def test_a_file_just_opened_with_nothing_entered_leaves_its_commune_not_assessed(small_province):
    from ntm.assessments.services.evaluation import assessment_get_or_create

    u = small_province
    assessment_get_or_create(commune=u["X1"], year=2020)
    c = selectors.unit_counts(unit=u["province"], years=[2020])[2020]
    assert c.files is not None and c.files.opened == 1
    assert c.assessed == 0 and c.not_assessed == 7 and c.distribution == {}
    assert c.started and c.provisional
    assert c.recognised == 2 and c.holding_standard(19) == 2  # X1, X2 hold their decisions


@pytest.mark.django_db
def test_files_are_counted_by_the_stage_of_the_workflow_they_reached(small_province):
    u = small_province
    states = {"X1": "recognised", "X2": "appraised", "X3": "reviewed", "Y1": "submitted"}
    states |= {"Y2": "returned", "Y3": "draft"}
    for name, state in states.items():
        Assessment.objects.filter(commune=u[name], year=2019).update(state=state)
    Assessment.objects.filter(commune=u["Y4"], year=2019).delete()
    c = selectors.unit_counts(unit=u["province"], years=[2019])[2019]
    assert c.files == metrics.FileCounts(
        opened=6, submitted=4, reviewed=3, appraised=2, recognised=1
    )
    subunits = selectors.subunit_counts(unit=u["province"], year=2019)
    by_district = {s.unit_id: s.now.files for s in subunits}
    assert by_district[u["TP Cao"].pk] == metrics.FileCounts(3, 3, 3, 2, 1)
    assert by_district[u["Đồi"].pk] == metrics.FileCounts(opened=3, submitted=1)


@pytest.mark.django_db
def test_a_recognised_commune_stays_meeting_the_standard_without_this_years_file(small_province):
    u = small_province
    Assessment.objects.filter(commune=u["X1"], year=2019).delete()  # recognised in 2017
    fig = selectors.unit_figures(unit=u["province"], year=2019)
    assert fig.standard.recognised == 2  # X1 and X2 hold decisions
    assert fig.standard.assessed_standard == 2  # X2 and Y1 meet every criterion by their file
    assert fig.standard.standard == 3  # X1 (decision), X2, Y1 (file)
    assert fig.provisional and fig.standard.new is None


@pytest.mark.django_db
def test_recognised_communes_exclude_later_and_revoked_decisions(small_province):
    counts = selectors.unit_counts(unit=small_province["province"], years=[2018, 2019])
    assert counts[2019].recognised == 2  # X1 (2017), X2 (2019); Y1's decision was revoked in 2019
    assert counts[2018].recognised == 2


@pytest.mark.django_db
def test_years_counted_together_are_each_counted_as_alone(small_province):
    p = small_province["province"]
    together = selectors.unit_counts(unit=p, years=range(2015, 2021))
    assert sorted(together) == [2015, 2016, 2017, 2018, 2019, 2020]
    for year, counts in together.items():
        assert counts == selectors.unit_counts(unit=p, years=[year])[year]
    assert together[2015].has_data is False and together[2015].communes == 7
    assert together[2018].distribution == {19: 1, 16: 1, 14: 1, 10: 2, 7: 1, 5: 1}


@pytest.mark.django_db
def test_key_figures_with_their_change_and_plan(small_province):
    fig = selectors.unit_figures(unit=small_province["province"], year=2019)
    assert fig.criteria_count == 19 and fig.base_year == 2015
    s = fig.standard
    # 2018: X1 meets every criterion, Y1 holds its decision until 2019 (then revoked).
    assert (s.communes, s.standard, s.previous, s.new) == (7, 3, 2, 1)
    assert s.share == Decimal("42.86")
    assert s.percent_of_plan == Decimal("75.00")  # 3 of 4 planned
    assert s.new_percent_of_plan == Decimal("50.00")  # 1 new of 2 planned new
    assert s.next_plan == Decimal(5)
    a = fig.average
    assert a.value == Decimal("13.14")  # 92 / 7
    assert a.previous == Decimal("11.57")  # 81 / 7
    assert a.change == Decimal("1.57")  # 11 / 7
    assert a.percent_of_plan == Decimal("93.86")  # 13,14 / 14
    assert a.next_change == Decimal("2.36")  # 15,5 − 13,1428…
    assert [(b.label, b.communes) for b in fig.bands] == [
        ("19 tiêu chí", 3),
        ("từ 15-18 tiêu chí", 1),
        ("từ 10-14 tiêu chí", 1),
        ("từ 5-9 tiêu chí", 1),
        ("dưới 5 tiêu chí", 1),
    ]
    assert fig.below_ten == 2


@pytest.mark.django_db
def test_each_criterion_with_its_share_change_and_plan(small_province):
    fig = selectors.unit_figures(unit=small_province["province"], year=2019)
    c2 = fig.criteria[1]
    assert (c2.number, c2.name, c2.communes, c2.previous) == (2, "Giao thông", 6, 7)
    assert c2.share == Decimal("85.71") and c2.change_points == Decimal("-14.29")
    assert c2.plan == Decimal(7) and c2.percent_of_plan == Decimal("85.71")
    c16 = fig.criteria[15]
    assert (c16.communes, c16.previous) == (3, 2)
    assert c16.change_points == Decimal("14.29")
    assert c16.plan is None and c16.percent_of_plan is None
    assert len(fig.criteria) == 19


@pytest.mark.django_db
def test_district_averages_ranked_with_their_changes(small_province):
    rows = selectors.unit_figures(unit=small_province["province"], year=2019).subunits
    assert [(r.name, r.kind, r.communes, r.average, r.change, r.rank) for r in rows] == [
        ("Cao", "thanh_pho", 3, Decimal("17.67"), Decimal("1.33"), 1),
        ("Đồi", "huyen", 4, Decimal("9.75"), Decimal("1.75"), 2),
    ]
    assert [r.unit_id for r in rows] == [small_province["TP Cao"].pk, small_province["Đồi"].pk]


@pytest.mark.django_db
def test_a_district_new_this_year_has_no_change(small_province):
    u = small_province
    new = unit("9903", "Mới", level=2, kind="huyen", parent=u["province"])
    new.valid_from = datetime.date(2019, 1, 1)
    new.save()
    z = unit("99030099", "Z1", level=3, kind="xa", parent=new)
    assess(z, 2019, first(10), u["cset"])
    assess(z, 2018, first(9), u["cset"])  # filed under a district that did not exist yet
    rows = {r.name: r for r in selectors.unit_figures(unit=u["province"], year=2019).subunits}
    assert rows["Mới"].average == Decimal("10.00") and rows["Mới"].previous is None
    assert rows["Mới"].change is None
    assert rows["Đồi"].change == Decimal("1.75")


@pytest.mark.django_db
def test_a_district_is_compared_with_its_province(small_province):
    fig = selectors.unit_figures(unit=small_province["Đồi"], year=2019)
    assert fig.standard.communes == 4 and fig.standard.standard == 1
    assert fig.subunits == []
    assert fig.comparison.name == "Thử Nghiệm" and fig.comparison.average == Decimal("13.14")
    assert fig.comparison.unit_share_of_standard == Decimal("33.33")


@pytest.mark.django_db
def test_the_region_comparison_is_left_out_while_other_provinces_have_no_data(
    small_province, monkeypatch
):
    from ntm.units.models import Region

    # The official list puts provinces 98 and 99 in region R.
    monkeypatch.setattr(selectors, "region_province_codes", lambda code: {"98", "99"})

    region = Region.objects.create(code="R", name="Vùng thử")
    p = small_province["province"]
    p.region = region
    p.save()
    other = unit("98", "Khác", level=1, kind="tinh")
    other.region = region
    other.save()
    d = unit("9801", "Huyện K", level=2, kind="huyen", parent=other)
    k = unit("98010001", "K1", level=3, kind="xa", parent=d)
    assert selectors.unit_figures(unit=p, year=2019).comparison is None  # 98 has no data
    assess(k, 2019, first(19), small_province["cset"])
    comp = selectors.unit_figures(unit=p, year=2019).comparison
    assert comp.name == "Vùng thử" and comp.communes == 8 and comp.standard == 4
    assert comp.unit_share_of_standard == Decimal("75.00")


@pytest.mark.django_db
def test_figures_respect_the_users_scope(small_province, django_user_model):
    from ntm.accounts.models import Profile

    user = django_user_model.objects.create_user("huyen", password="x")
    Profile.objects.create(user=user, unit=small_province["Đồi"], role="district")
    selectors.unit_figures(unit=small_province["Đồi"], year=2019, user=user)
    with pytest.raises(ApplicationError):
        selectors.unit_figures(unit=small_province["province"], year=2019, user=user)


@pytest.mark.django_db
def test_a_region_whose_provinces_are_not_all_in_ntm_is_not_compared(small_province):
    from ntm.units.models import Region

    region, _ = Region.objects.get_or_create(code="TDMNPB", defaults={"name": "Trung du"})
    p = small_province["province"]
    p.region = region
    p.save()
    assert len(selectors.region_province_codes("TDMNPB")) == 14
    assert selectors.unit_figures(unit=p, year=2019).comparison is None
