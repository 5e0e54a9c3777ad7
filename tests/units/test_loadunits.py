from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.units.models import AdminUnit
from ntm.units.services import units_load


@pytest.mark.django_db
def test_loadunits_loads_bac_kan_communes_with_their_codes():
    call_command("loadunits", "--province", "6", stdout=StringIO())
    communes = AdminUnit.objects.filter(province__code="6", level=3, kind=AdminUnit.Kind.COMMUNE)
    assert communes.count() == 110
    province = AdminUnit.objects.get(level=1, code="6")
    assert province.name == "Bắc Kạn"
    assert province.region.code == "TDMNPB"
    assert all(c.path.startswith(province.path) for c in communes)


@pytest.mark.django_db
def test_loading_the_same_list_twice_changes_nothing():
    units_load(province_code="4")
    before = list(AdminUnit.objects.order_by("pk").values_list("pk", "code", "name", "valid_to"))
    summary = units_load(province_code="4")
    assert summary.created == 0
    assert (
        list(AdminUnit.objects.order_by("pk").values_list("pk", "code", "name", "valid_to"))
        == before
    )


@pytest.mark.django_db
def test_a_later_list_ends_merged_units_and_keeps_the_2019_tree():
    units_load(province_code="4")
    communes_2019 = AdminUnit.objects.filter(province__code="4", kind="xa").count()
    units_load(list_name="2025-10", province_code="4")
    old = AdminUnit.objects.filter(source_list="2019", province__code="4", kind="xa")
    assert old.count() == communes_2019 == 177
    # The 2025 reform abolished districts: none is in force afterwards.
    import datetime

    in_force = AdminUnit.objects.valid_on(datetime.date(2025, 10, 1)).filter(province__code="4")
    assert not in_force.filter(level=2).exists()
    # and the 2019 tree is still what 2019 sees
    assert (
        AdminUnit.objects.valid_on(datetime.date(2019, 6, 1))
        .filter(province__code="4", level=2)
        .count()
        == 13
    )


@pytest.mark.django_db
def test_unknown_province_is_refused_clearly():
    with pytest.raises(CommandError, match="99"):
        call_command("loadunits", "--province", "99", stdout=StringIO())


@pytest.mark.django_db
def test_the_2019_list_again_after_a_later_one_changes_nothing():
    units_load(province_code="4")
    units_load(list_name="2025-10", province_code="4")
    before = list(AdminUnit.objects.order_by("pk").values_list("pk", "name", "valid_to"))
    summary = units_load(province_code="4")
    assert summary.created == 0 and summary.ended == 0
    assert list(AdminUnit.objects.order_by("pk").values_list("pk", "name", "valid_to")) == before


@pytest.mark.django_db
def test_an_older_list_after_a_newer_one_is_refused_clearly():
    units_load(list_name="2025-10", province_code="4")
    with pytest.raises(CommandError, match="mới hơn"):
        call_command("loadunits", "--province", "4", stdout=StringIO())
