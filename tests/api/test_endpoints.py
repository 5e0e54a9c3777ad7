"""Every endpoint, asked by every role with a token: 200 inside the officer's units, 404
outside (as the pages answer), 401 without a token; lists hold only what the officer may see.
"""

import json
from collections.abc import Callable
from fractions import Fraction

import pytest
from django.test import Client

from ntm.accounts.scope import restrict
from ntm.analytics.selectors import unit_figures
from ntm.assessments.models import Assessment
from ntm.criteria.models import CriteriaSet
from ntm.reports.selectors import appendix_table
from tests.factories import CaoBang, recognition_make, target_commune_make, target_make

pytestmark = pytest.mark.django_db

ROLES = ["tinh", "huyen", "xa", "lanhdao", "admin"]
OUTSIDE = {"tinh": 404, "huyen": 404, "xa": 404, "lanhdao": 404}
V1 = "/api/v1"


def _set(w: CaoBang) -> int:
    return CriteriaSet.objects.get(code="xa-ntm-2016-2020").pk


#: (endpoint id, url builder, expected status by role; roles not listed answer 200)
ENDPOINTS: list[tuple[str, Callable[[CaoBang], str], dict[str, int]]] = [
    ("units", lambda w: f"{V1}/units/", {}),
    ("unit_commune", lambda w: f"{V1}/units/{w.commune}/", {}),
    ("unit_district", lambda w: f"{V1}/units/{w.district}/", {"xa": 404}),
    ("unit_province", lambda w: f"{V1}/units/{w.province}/", {"xa": 404, "huyen": 404}),
    ("unit_other_province", lambda w: f"{V1}/units/{w.other_province}/", OUTSIDE),
    (
        "figures_province",
        lambda w: f"{V1}/units/{w.province}/figures/?year=2019",
        {"xa": 404, "huyen": 404},
    ),
    ("figures_district", lambda w: f"{V1}/units/{w.district}/figures/?year=2019", {"xa": 404}),
    (
        "figures_other_province",
        lambda w: f"{V1}/units/{w.other_province}/figures/?year=2019",
        OUTSIDE,
    ),
    (
        "figures_of_a_commune",
        lambda w: f"{V1}/units/{w.commune}/figures/?year=2019",
        {r: 404 for r in ROLES},
    ),
    ("appendix_district", lambda w: f"{V1}/units/{w.district}/appendix/?year=2019", {"xa": 404}),
    (
        "appendix_other_province",
        lambda w: f"{V1}/units/{w.other_province}/appendix/?year=2019",
        OUTSIDE,
    ),
    ("criteria_sets", lambda w: f"{V1}/criteria-sets/", {}),
    ("criteria_set", lambda w: f"{V1}/criteria-sets/{_set(w)}/", {}),
    ("assessments", lambda w: f"{V1}/assessments/?year=2019", {}),
    ("assessment", lambda w: f"{V1}/assessments/{w.assessment('commune').pk}/", {}),
    (
        "assessment_neighbour",
        lambda w: f"{V1}/assessments/{w.assessment('neighbour').pk}/",
        {"xa": 404},
    ),
    (
        "assessment_other_district",
        lambda w: f"{V1}/assessments/{w.assessment('other_district_commune').pk}/",
        {"xa": 404, "huyen": 404},
    ),
    ("assessment_outside", lambda w: f"{V1}/assessments/{w.assessment('outside').pk}/", OUTSIDE),
    ("recognitions", lambda w: f"{V1}/recognitions/", {}),
    ("targets", lambda w: f"{V1}/targets/?year=2020", {}),
    ("target_communes", lambda w: f"{V1}/target-communes/", {}),
    ("ocop_products", lambda w: f"{V1}/ocop-products/", {}),
    ("funds", lambda w: f"{V1}/funds/", {}),
    ("supports", lambda w: f"{V1}/supports/", {}),
    ("schema", lambda w: f"{V1}/schema/?format=json", {}),
]


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_endpoint_by_role(endpoint, username, cao_bang: CaoBang, api) -> None:
    _name, build, expected = endpoint
    response = api(username).get(build(cao_bang))
    assert response.status_code == expected.get(username, 200), response.content[:300]
    if response.status_code == 404:
        assert response.json() == {"errors": [{"field": None, "message": "Không tìm thấy."}]}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_anonymous_gets_401_and_no_data(endpoint, cao_bang: CaoBang, api) -> None:
    _name, build, _expected = endpoint
    response = api(None).get(build(cao_bang))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    [error] = response.json()["errors"]
    assert error["field"] is None and error["message"].startswith("Cần đăng nhập")


def test_a_revoked_or_made_up_token_is_refused(cao_bang: CaoBang, api) -> None:
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)
    response = client.get(f"{V1}/units/")
    assert response.status_code == 401
    assert response.json()["errors"] == [
        {
            "field": None,
            "message": "Khoá API không đúng, đã bị thu hồi hoặc đã hết hạn, hoặc tài khoản đã bị khoá.",
        }
    ]


def test_the_browser_session_is_accepted_too(cao_bang: CaoBang, login) -> None:
    response = login("huyen").get(f"{V1}/assessments/?year=2019")
    assert response.status_code == 200
    assert {a["commune"] for a in response.json()["results"]} == {
        cao_bang.commune,
        cao_bang.neighbour,
    }


@pytest.mark.parametrize("username", ROLES)
def test_a_list_holds_exactly_the_files_within_the_officers_units(
    username, cao_bang: CaoBang, api
) -> None:
    from django.contrib.auth.models import User

    user = User.objects.get(username=username)
    response = api(username).get(f"{V1}/assessments/?page_size=500")
    expected = set(
        restrict(user, Assessment.objects.all(), unit_field="commune").values_list("pk", flat=True)
    )
    assert {a["id"] for a in response.json()["results"]} == expected
    assert response.json()["count"] == len(expected)


def test_lists_are_filtered_by_unit_year_and_state(cao_bang: CaoBang, api) -> None:
    client = api("tinh")
    by_district = client.get(f"{V1}/assessments/?unit={cao_bang.district}&year=2019").json()
    assert {a["commune"] for a in by_district["results"]} == {cao_bang.commune, cao_bang.neighbour}
    assert {a["year"] for a in by_district["results"]} == {2019}
    drafts = client.get(f"{V1}/assessments/?state=draft").json()
    assert drafts["count"] == 6 and {a["state"] for a in drafts["results"]} == {"draft"}
    assert client.get(f"{V1}/assessments/?state=appraised").json()["count"] == 0
    units = client.get(f"{V1}/units/?parent={cao_bang.district}&year=2019").json()
    assert {u["name"] for u in units["results"]} >= {"Sóc Hà", "Quý Quân"}


def test_a_filter_on_a_unit_outside_the_officers_units_is_refused_naming_the_field(
    cao_bang: CaoBang, api
) -> None:
    response = api("huyen").get(f"{V1}/assessments/?unit={cao_bang.other_district}")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "unit"


def test_lists_come_in_pages(cao_bang: CaoBang, api) -> None:
    first = api("tinh").get(f"{V1}/assessments/?page_size=2").json()
    assert first["count"] == 6 and len(first["results"]) == 2
    assert "page=2" in first["next"]
    assert api("tinh").get(f"{V1}/assessments/?page=9").status_code == 404


def test_a_file_shows_its_statuses_values_and_version(cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    response = api("xa").get(f"{V1}/assessments/{a.pk}/")
    data = response.json()
    assert response["ETag"] == f'"{data["version"]}"'
    assert data["criteria_met"] == a.criteria_met and data["criteria_total"] == a.criteria_total
    assert len(data["statuses"]) == 19
    assert {s["number"] for s in data["statuses"] if s["met"]} >= {19}
    values = {v["indicator"]: v for v in data["values"]}
    assert values["1.1"]["value"] is True
    assert values["3.1"]["numerator"] == 45 and values["3.1"]["denominator"] == 50


def test_a_unit_shows_its_lineage(cao_bang: CaoBang, api) -> None:
    data = api("xa").get(f"{V1}/units/{cao_bang.commune}/").json()
    assert data["code"] and data["level"] == 3 and data["parent"] == cao_bang.district
    assert data["predecessors"] == [] and data["successors"] == []


def test_a_criteria_set_lists_its_criteria_and_indicators(cao_bang: CaoBang, api) -> None:
    data = api("xa").get(f"{V1}/criteria-sets/{_set(cao_bang)}/").json()
    assert len(data["criteria"]) == 19
    first = data["criteria"][0]
    assert first["number"] == 1 and first["indicators"][0]["code"] == "1.1"


def _plain(value: object) -> object:
    """A selector's dataclass as the API writes it (JSON): exact figures as "n/d" text."""
    from rest_framework.utils.encoders import JSONEncoder

    from ntm.api.views import plain

    return json.loads(json.dumps(plain(value), cls=JSONEncoder))


def test_the_figures_are_the_dashboards_own(cao_bang: CaoBang, api) -> None:
    district = cao_bang.unit("district")
    data = api("huyen").get(f"{V1}/units/{district.pk}/figures/?year=2019").json()
    figures = unit_figures(unit=district, year=2019)
    expected = _plain(figures)
    expected["provisional"] = figures.provisional
    assert data == expected
    assert data["provisional"] is True
    # every figure shown rounded, with its exact value beside it
    assert data["average"]["value"] == float(figures.average.value)
    assert Fraction(data["average"]["exact"]) == figures.average.exact


def test_the_appendix_is_the_reports_own(cao_bang: CaoBang, api) -> None:
    province = cao_bang.unit("province")
    data = api("tinh").get(f"{V1}/units/{province.pk}/appendix/?year=2019").json()
    assert data == _plain(appendix_table(unit=province, year=2019))
    assert data["rows"] and data["year"] == 2019


def test_figures_without_a_year_are_refused_naming_the_field(cao_bang: CaoBang, api) -> None:
    response = api("tinh").get(f"{V1}/units/{cao_bang.province}/figures/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"


def test_plans_decisions_products_and_funds_stay_within_the_officers_units(
    cao_bang: CaoBang, api
) -> None:
    from ntm.ocop.models import Product
    from ntm.resources.models import Fund

    province, outside = cao_bang.unit("province"), cao_bang.unit("outside")
    target_make(cao_bang.unit("district"), 2020, "1", 3)
    target_make(cao_bang.unit("other_province"), 2020, "1", 9)
    target_commune_make(cao_bang.unit("district"), 2020, cao_bang.unit("commune"))
    recognition_make(cao_bang.unit("commune"), 2019)
    recognition_make(outside, 2019)
    Product.objects.create(
        code="CB-1", name="Miến dong", group="thuc_pham", commune=cao_bang.unit("commune")
    )
    Product.objects.create(code="BL-1", name="Tôm khô", group="thuc_pham", commune=outside)
    import datetime

    Fund.objects.create(
        year=2019,
        unit=province,
        source=Fund.Source.TW_SN,
        level=1,
        allocated=100,
        as_of=datetime.date(2019, 12, 31),
    )
    Fund.objects.create(
        year=2019,
        unit=cao_bang.unit("other_province"),
        source=Fund.Source.TW_SN,
        level=1,
        allocated=5,
        as_of=datetime.date(2019, 12, 31),
    )
    for username, n_targets, n_decisions, n_products, n_funds in (
        ("tinh", 1, 1, 1, 1),
        ("xa", 0, 1, 1, 0),
        ("admin", 2, 2, 2, 2),
    ):
        client = api(username)
        assert client.get(f"{V1}/targets/").json()["count"] == n_targets
        assert client.get(f"{V1}/recognitions/").json()["count"] == n_decisions
        assert client.get(f"{V1}/ocop-products/").json()["count"] == n_products
        assert client.get(f"{V1}/funds/").json()["count"] == n_funds
    assert api("huyen").get(f"{V1}/target-communes/").json()["count"] == 1


def test_the_docs_page_serves_vendored_assets_and_sends_visitors_to_the_login(
    cao_bang: CaoBang, login
) -> None:
    response = login("tinh").get(f"{V1}/docs/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert "<script>" not in text and "cdn" not in text.lower()
    script = login("tinh").get(f"{V1}/docs/?script=")
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
    anonymous = Client().get(f"{V1}/docs/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
