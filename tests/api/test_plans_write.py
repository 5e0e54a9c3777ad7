"""A unit's plan and its target communes through the API: the plans page's services.

A plan's ETag is the page's version (``plans.selectors.plan_state``): a write
sends it back in If-Match and is refused (412) when the plan changed since;
all or nothing, the refused row named by its place in the request.
"""

from decimal import Decimal

import pytest

from ntm.plans.models import Target, TargetCommune
from tests.factories import CaoBang, target_commune_make, target_make

pytestmark = pytest.mark.django_db


def _plan(w: CaoBang, name: str = "province") -> str:
    return f"/api/v1/units/{getattr(w, name)}/plan/?year=2020"


def test_the_province_reads_and_sets_its_plan(cao_bang: CaoBang, api) -> None:
    target_make(cao_bang.unit("province"), 2020, "1", 12)
    client = api("tinh")
    read = client.get(_plan(cao_bang))
    assert read.status_code == 200
    assert read.json()["targets"] == [{"row_id": "1", "value": 12}]
    response = client.patch(
        _plan(cao_bang),
        {"targets": [{"row_id": "1", "value": "13.5"}, {"row_id": "2.1", "value": 3}]},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert response.status_code == 200, response.json()
    assert response["ETag"] != read["ETag"]
    values = dict(
        Target.objects.filter(unit_id=cao_bang.province, year=2020).values_list("row_id", "value")
    )
    assert values == {"1": Decimal("13.5"), "2.1": Decimal("3")}


def test_a_plan_write_is_all_or_nothing_and_names_the_row(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    etag = client.get(_plan(cao_bang))["ETag"]
    response = client.patch(
        _plan(cao_bang),
        {"targets": [{"row_id": "1", "value": 12}, {"row_id": "no-such-row", "value": 1}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "targets[1]"
    assert not Target.objects.filter(unit_id=cao_bang.province).exists()


def test_a_stale_or_missing_plan_version_is_refused(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    etag = client.get(_plan(cao_bang))["ETag"]
    body = {"targets": [{"row_id": "1", "value": 12}]}
    assert client.patch(_plan(cao_bang), body, format="json").status_code == 428
    target_make(cao_bang.unit("province"), 2020, "1", 9)  # someone else
    stale = client.patch(_plan(cao_bang), body, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["changes"][0]["key"] == "1"


@pytest.mark.parametrize(
    ("username", "unit", "status"),
    [
        ("lanhdao", "province", 403),
        ("xa", "province", 404),
        ("huyen", "province", 404),
        ("tinh", "other_province", 404),
        ("tinh", "commune", 404),
    ],
)
def test_a_plan_is_written_only_by_its_planners(username, unit, status, cao_bang, api) -> None:
    client = api(username)
    response = client.patch(
        _plan(cao_bang, unit),
        {"targets": [{"row_id": "1", "value": 12}]},
        format="json",
        HTTP_IF_MATCH='"x"',
    )
    assert response.status_code == status


def test_a_target_commune_is_added_and_removed_with_its_etag(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    body = {"unit": cao_bang.district, "year": 2020, "commune": cao_bang.commune}
    added = client.post("/api/v1/target-communes/", body, format="json")
    assert added.status_code == 201, added.json()
    pk = added.json()["id"]
    again = client.post("/api/v1/target-communes/", body, format="json")
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "commune"
    url = f"/api/v1/target-communes/{pk}/"
    assert client.delete(url).status_code == 428
    etag = client.get(url)["ETag"]
    TargetCommune.objects.filter(pk=pk).update(note="đã sửa")
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    removed = client.delete(url, HTTP_IF_MATCH=client.get(url)["ETag"])
    assert removed.status_code == 204
    assert not TargetCommune.objects.filter(pk=pk).exists()


def test_target_communes_are_written_only_within_the_officers_plans(cao_bang: CaoBang, api) -> None:
    body = {"unit": cao_bang.district, "year": 2020, "commune": cao_bang.commune}
    post = "/api/v1/target-communes/"
    assert api("huyen").post(post, body, format="json").status_code == 403  # the province plans
    assert api("lanhdao").post(post, body, format="json").status_code == 403
    assert api("xa").post(post, body, format="json").status_code == 404
    outside = {**body, "commune": cao_bang.outside}
    assert api("tinh").post(post, outside, format="json").status_code == 404
    item = target_commune_make(cao_bang.unit("district"), 2020, cao_bang.unit("commune"))
    url = f"/api/v1/target-communes/{item.pk}/"
    lanhdao = api("lanhdao")
    assert lanhdao.delete(url, HTTP_IF_MATCH=lanhdao.get(url)["ETag"]).status_code == 403
    assert api("huyen").delete(url, HTTP_IF_MATCH='"x"').status_code == 403
    assert api("xa2").delete(url, HTTP_IF_MATCH='"x"').status_code == 404
    assert TargetCommune.objects.filter(pk=item.pk).exists()
