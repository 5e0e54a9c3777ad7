"""``ntm loaddemo`` from an empty database: what a user finds, and that loading twice changes nothing.

The demo is loaded once for this module (twice, to see the second load change nothing),
inside a transaction rolled back at the end. Expected figures are the published ones
(the seed's appendix, or its copy in tests/reports/data).
"""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from ntm.assessments.models import (
    Assessment,
    CriterionStatus,
    IndicatorValue,
    Recognition,
    Transition,
)
from ntm.core.models import ChangeRecord
from ntm.plans.models import Target, TargetCommune
from ntm.reports.models import DocumentSetting, ReportText
from ntm.units.models import AdminUnit
from ntm.units.names import fold_name
from tests.logins import login_request as _login_request

from .test_generator import YEARS, _column, _published_distribution

MODELS = (
    AdminUnit,
    Assessment,
    IndicatorValue,
    CriterionStatus,
    Transition,
    Recognition,
    Target,
    TargetCommune,
    ReportText,
    ChangeRecord,
    get_user_model(),
)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddemo", stdout=StringIO())
        first = _counts()
        out = StringIO()
        call_command("loaddemo", stdout=out)
        yield {"first": first, "second": _counts(), "output": out.getvalue()}
        transaction.set_rollback(True)


def _commune(district: str, name: str) -> AdminUnit:
    return next(
        u
        for u in AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).select_related("parent")
        if fold_name(u.name) == fold_name(name) and fold_name(district) in fold_name(u.parent.name)
    )


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(demo):
    assert demo["first"] == demo["second"]
    assert demo["first"]["Assessment"] == 177 * 3
    assert "Tổng cộng: 0 thay đổi." in demo["output"]


@pytest.mark.django_db
def test_per_criterion_counts_of_every_year_are_the_published_ones(demo, appendix):
    rows = (
        CriterionStatus.objects.filter(met=True)
        .values_list("assessment__year", "criterion__number")
        .annotate(n=Count("id"))
    )
    got = {(y, k): n for y, k, n in rows}
    for year in YEARS:
        for k, published in _column(appendix, year, "3.").items():
            assert got.get((int(year), k), 0) == published, (year, k)


@pytest.mark.django_db
def test_distribution_is_the_published_one_within_the_2019_contradiction(demo, appendix):
    for year in YEARS:
        counts = Counter(
            Assessment.objects.filter(year=int(year)).values_list("criteria_met", flat=True)
        )
        published = _published_distribution(appendix, year)
        off = sum(abs(counts.get(n, 0) - published.get(n, 0)) for n in range(1, 20))
        assert off == (2 if year == "2019" else 0), year
        assert counts[19] == published[19]


@pytest.mark.django_db
def test_the_statuses_are_computed_from_the_indicator_values(demo):
    """Nothing is declared: the engine gives every status from the values imported."""
    assert not CriterionStatus.objects.filter(declared_met__isnull=False).exists()
    assert not CriterionStatus.objects.filter(met__isnull=True).exists()
    assert CriterionStatus.objects.count() == 177 * 3 * 19


@pytest.mark.django_db
def test_named_communes_of_the_report(demo):
    reached = [
        ("Hà Quảng", "Sóc Hà"),
        ("Cao Bằng", "Vĩnh Quang"),  # the city (Bảo Lâm has another Vĩnh Quang)
        ("Hoà An", "Hoàng Tung"),
        ("Phục Hòa", "Đại Sơn"),
        ("Thạch An", "Lê Lai"),
    ]
    for district, name in reached:
        commune = _commune(district, name)
        by_year = dict(
            Assessment.objects.filter(commune=commune).values_list("year", "meets_standard")
        )
        assert by_year == {2015: False, 2018: False, 2019: True}, name
        assert Assessment.objects.get(commune=commune, year=2019).state == "recognised"
        assert Recognition.objects.get(commune=commune).year == 2019
    doc_lap = _commune("Quảng Uyên", "Độc Lập")
    assert not Assessment.objects.get(commune=doc_lap, year=2019).meets_standard
    targets_2020 = TargetCommune.objects.filter(year=2020).select_related("commune")
    assert len(targets_2020) == 8
    assert not Assessment.objects.filter(
        year=2019, commune__in=[t.commune for t in targets_2020], meets_standard=True
    ).exists()
    assert TargetCommune.objects.filter(year=2019, commune=doc_lap).exists()


@pytest.mark.django_db
def test_recognised_communes_keep_every_criterion_in_later_years(demo):
    assert Recognition.objects.filter(year__lte=2015).count() == 2
    assert Recognition.objects.filter(year__lte=2018).count() == 15
    assert Recognition.objects.filter(year__lte=2019).count() == 20
    for rec in Recognition.objects.all():
        later = Assessment.objects.filter(commune=rec.commune, year__gte=rec.year)
        assert later.exists() or rec.year < 2015
        assert all(a.criteria_met == 19 and a.meets_standard for a in later), rec


@pytest.mark.django_db
def test_the_files_are_appraised_and_locked(demo):
    states = Counter(Assessment.objects.values_list("state", flat=True))
    assert states == {"appraised": 177 * 3 - 12, "recognised": 12}  # 2 + 5 + 5 in data years
    assert not Assessment.objects.filter(locked=False).exists()


@pytest.mark.django_db
def test_the_plans_of_2019_and_2020(demo):
    province = AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code="4")
    plan = dict(Target.objects.filter(unit=province, year=2020).values_list("row_id", "value"))
    assert plan["2.1"] == 28 and plan["1"] == 12 and plan["3.10"] == 35
    plan_2019 = dict(Target.objects.filter(unit=province, year=2019).values_list("row_id", "value"))
    assert plan_2019 == {"1": 11, "3": 11, "2.1": 21}


@pytest.mark.django_db
def test_the_report_texts_of_2019(demo):
    province = AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code="4")
    texts = dict(ReportText.objects.filter(unit=province, year=2019).values_list("section", "text"))
    assert texts["II.1"].startswith("Hoàn thành chỉ tiêu năm 2019, tỉnh có 5 xã đạt chuẩn")
    assert "chu_ky" not in texts and "noi_nhan" not in texts  # the document setting holds them
    setting = DocumentSetting.objects.get(unit=province, year=None)
    assert setting.signer == "Nguyễn Trung Thảo"
    assert {"I.1", "II.2", "II.3", "III.2"} <= set(texts)


@pytest.mark.django_db
def test_demo_accounts_sign_in_with_their_roles(demo):
    expected = {
        "tinh": ("province", "Cao Bằng"),
        "huyen": ("district", "Hà Quảng"),
        "xa": ("commune", "Sóc Hà"),
    }
    for username, (role, unit) in expected.items():
        user = authenticate(_login_request(), username=username, password="ntm-demo")
        assert user is not None, username
        assert (user.profile.role, user.profile.unit.name) == (role, unit)
    admin = authenticate(_login_request(), username="admin", password="ntm-demo")
    assert admin is not None and admin.is_superuser
