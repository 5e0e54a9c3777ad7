"""Funds and support through the API: the resources pages' services, with a row's ETag.

A new row is written against the empty version, as the page's "add" form: a row
of the same key already there answers 409. A correction and a deletion send the
row's ETag back in If-Match (428 without, 412 when the row changed since); every
write is in the change log, as from the pages.
"""

from decimal import Decimal

import pytest

from ntm.core.models import ChangeRecord
from ntm.resources.models import Fund, Support
from tests.factories import CaoBang

pytestmark = pytest.mark.django_db

FUNDS, SUPPORTS = "/api/v1/funds/", "/api/v1/supports/"


def _fund(w: CaoBang, **given) -> dict:
    return {"year": 2019, "unit": w.province, "source": "tw_sn", "allocated": "100.5", **given}


def test_the_province_adds_corrects_and_deletes_a_fund(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    added = client.post(FUNDS, _fund(cao_bang, disbursed="40"), format="json")
    assert added.status_code == 201, added.json()
    fund = Fund.objects.get(pk=added.json()["id"])
    assert (fund.allocated, fund.disbursed, fund.level) == (Decimal("100.5"), Decimal(40), 1)
    assert fund.as_of.isoformat() == "2019-12-31"  # the year's end, as the page
    assert added["ETag"] == client.get(f"{FUNDS}{fund.pk}/")["ETag"]

    corrected = client.patch(
        f"{FUNDS}{fund.pk}/", {"allocated": "120"}, format="json", HTTP_IF_MATCH=added["ETag"]
    )
    assert corrected.status_code == 200, corrected.json()
    fund.refresh_from_db()
    assert (fund.allocated, fund.disbursed) == (Decimal(120), Decimal(40))  # the rest kept
    assert corrected["ETag"] != added["ETag"]

    stale = client.delete(f"{FUNDS}{fund.pk}/", HTTP_IF_MATCH=added["ETag"])
    assert stale.status_code == 412
    assert Fund.objects.filter(pk=fund.pk).exists()
    gone = client.delete(
        f"{FUNDS}{fund.pk}/",
        {"reason": "nhập nhầm"},
        format="json",
        HTTP_IF_MATCH=corrected["ETag"],
    )
    assert gone.status_code == 204
    assert not Fund.objects.filter(pk=fund.pk).exists()
    actions = list(
        ChangeRecord.objects.filter(object_type="resources.fund", object_id=str(fund.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_a_second_fund_of_the_same_key_is_a_conflict(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    assert client.post(FUNDS, _fund(cao_bang), format="json").status_code == 201
    again = client.post(FUNDS, _fund(cao_bang, allocated="999"), format="json")
    assert again.status_code == 409
    assert again.json()["errors"][0]["message"]
    assert Fund.objects.get().allocated == Decimal("100.5")


def test_a_fund_breaking_a_rule_or_a_field_is_refused(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    over = client.post(FUNDS, _fund(cao_bang, disbursed="200"), format="json")
    assert over.status_code == 400
    negative = client.post(FUNDS, _fund(cao_bang, allocated="-1"), format="json")
    assert negative.status_code == 400
    assert negative.json()["errors"][0]["field"] == "allocated"
    unknown = client.post(FUNDS, _fund(cao_bang, source="no-such"), format="json")
    assert unknown.json()["errors"][0]["field"] == "source"
    assert not Fund.objects.exists()


def test_a_correction_needs_the_rows_version(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    fund = client.post(FUNDS, _fund(cao_bang), format="json").json()
    url = f"{FUNDS}{fund['id']}/"
    assert client.patch(url, {"allocated": "1"}, format="json").status_code == 428
    forged = client.patch(url, {"allocated": "1"}, format="json", HTTP_IF_MATCH='"abc"')
    assert forged.status_code == 412
    assert Fund.objects.get().allocated == Decimal("100.5")


def test_a_viewer_may_not_and_other_units_are_not_found(cao_bang: CaoBang, api) -> None:
    assert api("lanhdao").post(FUNDS, _fund(cao_bang), format="json").status_code == 403
    outside = _fund(cao_bang, unit=cao_bang.other_province)
    assert api("tinh").post(FUNDS, outside, format="json").status_code == 404
    assert api("xa").post(FUNDS, _fund(cao_bang), format="json").status_code == 404
    assert not Fund.objects.exists()


def test_a_commune_records_and_corrects_its_support(cao_bang: CaoBang, api) -> None:
    client = api("xa")
    body = {"year": 2019, "sponsor": " Sở  Tài chính ", "commune": cao_bang.commune}
    added = client.post(
        SUPPORTS, {**body, "cash": "5", "in_kind": "1.25", "materials": "0"}, format="json"
    )
    assert added.status_code == 201, added.json()
    support = Support.objects.get()
    assert (support.sponsor, support.in_kind) == ("Sở Tài chính", Decimal("1.25"))
    corrected = client.patch(
        f"{SUPPORTS}{support.pk}/", {"cash": "7"}, format="json", HTTP_IF_MATCH=added["ETag"]
    )
    assert corrected.status_code == 200, corrected.json()
    support.refresh_from_db()
    assert (support.cash, support.in_kind) == (Decimal(7), Decimal("1.25"))
    neighbour = {**body, "commune": cao_bang.neighbour, "cash": 1, "in_kind": 0, "materials": 0}
    assert client.post(SUPPORTS, neighbour, format="json").status_code == 404
