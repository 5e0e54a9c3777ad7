"""``ntm opencampaign``: the province's year opened from the command line, by its official code."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ntm.assessments.models import Assessment, Campaign, IndicatorValue
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_the_command_opens_a_year_by_the_provinces_code_with_leading_zero(cao_bang):
    out = StringIO()
    call_command(
        "opencampaign",
        "--province",
        "04",
        "--year",
        "2020",
        "--commune-deadline",
        "2020-03-31",
        "--user",
        "tinh",
        stdout=out,
    )
    campaign = Campaign.objects.get(province_id=cao_bang.province, year=2020)
    communes = (
        AdminUnit.objects.communes().valid_in_year(2020).filter(province_id=cao_bang.province)
    )
    assert Assessment.objects.filter(year=2020, commune__in=communes).count() == communes.count()
    assert f"{campaign.files_created} hồ sơ mới" in out.getvalue()
    assert campaign.commune_deadline == datetime.date(2020, 3, 31)
    soc_ha = cao_bang.assessment("commune", 2020)
    assert IndicatorValue.objects.filter(assessment=soc_ha, carried_from=2019).exists()
    with pytest.raises(CommandError, match="đã được mở"):
        call_command("opencampaign", "--province", "4", "--year", "2020")


def test_the_command_refuses_a_district_officer_and_a_bad_date(cao_bang):
    with pytest.raises(CommandError, match="Vai trò"):
        call_command("opencampaign", "--province", "04", "--year", "2020", "--user", "huyen")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command(
            "opencampaign", "--province", "04", "--year", "2020", "--commune-deadline", "31/03/2020"
        )
    assert not Campaign.objects.exists()
