"""The national demo: seeded, plausible figures for every commune, tried here on two provinces."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from ntm.analytics.selectors import unit_figures
from ntm.assessments.models import Assessment, IndicatorValue
from ntm.criteria.models import Indicator
from ntm.units.models import AdminUnit

PROVINCES = ("6", "8")  # Bắc Kạn, Tuyên Quang (2019 list)


def _load(*extra: str) -> str:
    out = StringIO()
    args = ["loaddemo", "--national", *extra]
    for code in PROVINCES:
        args += ["--province", code]
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_every_commune_gets_a_file_with_every_indicator_evaluated_and_a_central_account():
    text = _load()
    communes = AdminUnit.objects.communes().valid_in_year(2019)
    assert communes.filter(province__code__in=PROVINCES).count() == communes.count() > 100
    files = Assessment.objects.filter(year=2019)
    assert files.count() == communes.count()
    indicators = Indicator.objects.filter(criterion__criteria_set=files[0].criteria_set).count()
    assert IndicatorValue.objects.count() == files.count() * indicators
    assert f"mở {files.count()} hồ sơ" in text
    # evaluated: every file has its criteria counted, and the figures differ from place to place
    assert not files.filter(criteria_total=0).exists()
    met = set(files.values_list("criteria_met", flat=True))
    assert len(met) > 5
    central = get_user_model().objects.get(username="trunguong")
    assert central.profile.role == "central" and central.profile.unit is None
    # the provinces are not alike: each draws its own level of development
    averages = {
        code: unit_figures(unit=AdminUnit.objects.get(level=1, code=code), year=2019).average.value
        for code in PROVINCES
    }
    assert averages["6"] != averages["8"]


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_figures_and_a_second_load_keeps_them():
    _load("--seed", "7")
    first = sorted(Assessment.objects.values_list("commune__code", "criteria_met"))
    text = _load("--seed", "8")
    assert "mở 0 hồ sơ" in text
    assert sorted(Assessment.objects.values_list("commune__code", "criteria_met")) == first
    Assessment.objects.all().delete()
    _load("--seed", "7")
    assert sorted(Assessment.objects.values_list("commune__code", "criteria_met")) == first
