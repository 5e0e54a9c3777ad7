"""The resources pages: scope on every page and action, the form saves and audits, a stale page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ntm.core.models import ChangeRecord
from ntm.resources.models import Fund, Support
from ntm.resources.services import fund_save, support_save
from tests.factories import World

pytestmark = pytest.mark.django_db


def _fund(world: World, unit=None, allocated: str = "100") -> Fund:
    return fund_save(
        user=world.user("central"),
        year=2024,
        unit=unit or world.province,
        source="tw_sn",
        allocated=Decimal(allocated),
    )


def test_the_list_shows_the_rows_within_the_officers_units_only(world, login):
    _fund(world)
    _fund(world, unit=world.other_province, allocated="777")
    support_save(
        user=world.user("central"),
        year=2024,
        sponsor="Sở Y tế",
        commune=world.c1,
        cash=Decimal(1),
        in_kind=Decimal(0),
        materials=Decimal(0),
    )
    mine = login("tinh").get(reverse("resources:resource_list"), {"year": 2024})
    assert mine.status_code == 200
    text = mine.content.decode()
    assert "Nguồn lực" in text and "Sở Y tế" in text and ">100<" in text and "777" not in text
    theirs = login("tinh_khac").get(reverse("resources:resource_list"), {"year": 2024})
    text = theirs.content.decode()
    assert "777" in text and "Sở Y tế" not in text and ">100<" not in text


def test_an_officer_of_another_province_can_neither_see_nor_edit_nor_delete_a_row(world, login):
    fund = _fund(world)
    client = login("tinh_khac")
    assert client.get(reverse("resources:fund_edit", args=[fund.pk])).status_code == 404
    posted = client.post(
        reverse("resources:fund_edit", args=[fund.pk]), {"allocated": "1", "version": ""}
    )
    assert posted.status_code == 404
    assert client.post(reverse("resources:fund_delete", args=[fund.pk])).status_code == 404
    assert Fund.objects.get(pk=fund.pk).allocated == Decimal(100)


def test_the_form_saves_a_row_typed_the_vietnamese_way_and_records_who(world, login):
    client = login("tinh")
    page = client.get(reverse("resources:fund_new"), {"year": 2024})
    version = page.context["form"].initial["version"]
    response = client.post(
        reverse("resources:fund_new"),
        {
            "year": "2024",
            "unit": world.d1.pk,
            "source": "dia_phuong",
            "allocated": "1.500,5",
            "disbursed": "1.200",
            "as_of": "30/09/2024",
            "reason": "Theo báo cáo của huyện",
            "version": version,
        },
    )
    assert response.status_code == 302
    fund = Fund.objects.get(unit=world.d1, source="dia_phuong")
    assert (fund.allocated, fund.disbursed, fund.as_of.isoformat(), fund.level) == (
        Decimal("1500.5"),
        Decimal("1200"),
        "2024-09-30",
        2,
    )
    record = ChangeRecord.objects.get(object_type="resources.fund", object_id=str(fund.pk))
    assert record.action == "create" and record.user.username == "tinh"
    assert record.after["allocated"] == "1500.5" and record.reason == "Theo báo cáo của huyện"


def test_a_correction_is_audited_with_before_and_after(world, login):
    fund = _fund(world)
    client = login("tinh")
    page = client.get(reverse("resources:fund_edit", args=[fund.pk]))
    assert page.status_code == 200
    client.post(
        reverse("resources:fund_edit", args=[fund.pk]),
        {"allocated": "120", "disbursed": "", "version": page.context["form"].initial["version"]},
    )
    assert Fund.objects.get(pk=fund.pk).allocated == Decimal(120)
    update = ChangeRecord.objects.get(object_type="resources.fund", action="update")
    assert (update.before["allocated"], update.after["allocated"]) == ("100", "120")


def test_a_page_opened_before_someone_elses_change_is_refused(world, login):
    fund = _fund(world)
    client = login("tinh")
    page = client.get(reverse("resources:fund_edit", args=[fund.pk]))
    opened = page.context["form"].initial["version"]
    fund_save(
        user=world.user("central"),
        year=2024,
        unit=world.province,
        source="tw_sn",
        allocated=Decimal(150),
    )
    response = client.post(
        reverse("resources:fund_edit", args=[fund.pk]), {"allocated": "90", "version": opened}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "người khác đã thay đổi" in text.lower()
    assert "allocated: 100 → 150" in text
    assert Fund.objects.get(pk=fund.pk).allocated == Decimal(150)
    # Deleting from the stale page is refused too.
    client.post(reverse("resources:fund_delete", args=[fund.pk]), {"version": opened})
    assert Fund.objects.filter(pk=fund.pk).exists()


def test_a_viewer_sees_the_rows_but_cannot_save(world, login):
    fund = _fund(world)
    client = login("lanh_dao")
    page = client.get(reverse("resources:fund_edit", args=[fund.pk]))
    assert page.status_code == 200 and "Lưu" not in page.content.decode()
    client.post(
        reverse("resources:fund_edit", args=[fund.pk]),
        {"allocated": "1", "version": page.context["form"].initial["version"]},
    )
    assert Fund.objects.get(pk=fund.pk).allocated == Decimal(100)


def test_deleting_a_row_is_audited(world, login):
    support = support_save(
        user=world.user("central"),
        year=2024,
        sponsor="Sở Y tế",
        commune=world.c1,
        cash=Decimal(1),
        in_kind=Decimal(0),
        materials=Decimal(0),
    )
    client = login("huyen")
    page = client.get(reverse("resources:support_edit", args=[support.pk]))
    client.post(
        reverse("resources:support_delete", args=[support.pk]),
        {"version": page.context["delete_form"].initial["version"], "reason": "Nhập trùng"},
    )
    assert not Support.objects.exists()
    record = ChangeRecord.objects.get(object_type="resources.support", action="delete")
    assert record.before["sponsor"] == "Sở Y tế" and record.reason == "Nhập trùng"


def test_adding_a_row_someone_else_added_meanwhile_shows_theirs(world, login):
    client = login("tinh")
    page = client.get(reverse("resources:fund_new"), {"year": 2024})
    _fund(world)  # added by someone else while the page was open
    response = client.post(
        reverse("resources:fund_new"),
        {
            "year": "2024",
            "unit": world.province.pk,
            "source": "tw_sn",
            "allocated": "90",
            "version": page.context["form"].initial["version"],
        },
    )
    assert response.status_code == 200
    assert response.context["row"] == Fund.objects.get()
    assert "allocated: – → 100" in response.content.decode()
    assert Fund.objects.get().allocated == Decimal(100)
