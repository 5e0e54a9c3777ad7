"""The API's permission matrix: every operation × every role × inside/outside × anonymous.

The operations are read from /api/v1/'s URL patterns (the resolver), not
listed by hand: an endpoint (or a method of one) that has no row in
:data:`EXPECTED` fails :func:`test_every_operation_has_an_expected_result`, and
its cases fail too. Each row says what each role is answered inside its scope
(an object of xã Sóc Hà, within every officer's units) and outside it (Bạc Liêu,
within no officer's units but the central level's).

Writes are sent without If-Match: a role that may write is answered 428 (it got
past the scope and the permission checks, and nothing is written), one that
may not 403, one outside its units 404. Creating a target commune takes no
If-Match, so a planner is answered 201.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver

from ntm.api import urls as api_urls
from ntm.assessments.models import Evidence
from ntm.ocop.models import Product
from ntm.resources.models import Fund, Support
from ntm.units.models import AdminUnit
from tests.factories import (
    CaoBang,
    recognition_make,
    target_commune_make,
    target_make,
    user_make,
)

pytestmark = pytest.mark.django_db

V1 = "/api/v1/"
#: The demo roles: province, district, commune officers, the province's viewer (lãnh đạo),
#: a central officer and the superuser.
ROLES = ("tinh", "huyen", "xa", "lanhdao", "trunguong", "admin")
OFFICERS = ("tinh", "huyen", "xa", "lanhdao")
NATIONAL = ("trunguong", "admin")


def operations() -> Iterator[tuple[str, str]]:
    """(method, URL name) of every operation under /api/v1/, from the URL patterns."""

    def walk(patterns: list[Any]) -> Iterator[URLPattern]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            else:
                yield p

    seen: set[tuple[str, str]] = set()
    for pattern in walk(api_urls.urlpatterns):
        if "format" in pattern.pattern.regex.groupindex:
            continue  # the ``.json`` suffix of a route: the same operation
        actions = getattr(pattern.callback, "actions", None)
        if actions:
            methods = sorted(actions)
        else:  # a view class: the HTTP methods it defines
            view = pattern.callback.view_class
            methods = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]
        for method in methods:
            key = (method.upper(), str(pattern.name))
            if key not in seen:
                seen.add(key)
                yield key


@dataclass
class Objects:
    """What the cases ask for, by scope: ``inside`` Sóc Hà (or its district, province)."""

    w: CaoBang
    ids: dict[str, dict[str, int]] = field(default_factory=dict)

    def __call__(self, name: str, scope: str) -> int:
        return self.ids[scope][name]


def _objects(w: CaoBang) -> Objects:
    units = {
        "inside": (w.unit("province"), w.unit("district"), w.unit("commune")),
        "outside": (
            w.unit("other_province"),
            w.unit("outside").parent,
            w.unit("outside"),
        ),
    }
    objects = Objects(w)
    for scope, (province, district, commune) in units.items():
        product = Product.objects.create(
            code=f"P-{scope}", name="Miến dong", group="thuc_pham", commune=commune
        )
        fund = Fund.objects.create(
            year=2019,
            unit=province,
            source=Fund.Source.TW_SN,
            level=1,
            allocated=100,
            as_of=datetime.date(2019, 12, 31),
        )
        support = Support.objects.create(
            year=2019, sponsor="Sở Nông nghiệp", commune=commune, cash=1, in_kind=0, materials=0
        )
        assessment = w.assessment("commune" if scope == "inside" else "outside")
        evidence = Evidence(assessment=assessment, title="Biên bản")
        evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 minh chung"), save=True)
        objects.ids[scope] = {
            "evidence": evidence.pk,
            "province": province.pk,
            "district": district.pk,
            "commune": commune.pk,
            "assessment": w.assessment("commune" if scope == "inside" else "outside").pk,
            "recognition": recognition_make(commune, 2018).pk,
            "target": target_make(district, 2020, "1", 3).pk,
            "target_commune": target_commune_make(district, 2020, commune).pk,
            "product": product.pk,
            "fund": fund.pk,
            "support": support.pk,
        }
    return objects


Url = Callable[[Objects, str], str]


@dataclass(frozen=True)
class Case:
    """One operation's request and expected answers: ``inside`` and ``outside`` by role
    (roles not named: ``default``; outside, officers not named: 404)."""

    url: Url
    body: dict[str, Any] | Callable[[Objects, str], dict[str, Any]] | None = None
    default: int = 200
    inside: dict[str, int] = field(default_factory=dict)
    outside: dict[str, int] | None = None  # None: the same URL answers as inside (a list)
    anonymous: int = 401


def _detail(kind: str, name: str) -> Url:
    return lambda o, scope: f"{V1}{kind}/{o(name, scope)}/"


def _list(kind: str) -> Url:
    return lambda o, scope: f"{V1}{kind}/"


def _read(kind: str, name: str) -> Case:
    return Case(_detail(kind, name), outside={})


READ_ALL = {r: 200 for r in ROLES}
WRITE_COMMUNE = {"xa": 428, "trunguong": 428, "admin": 428}
PLANNERS = {"tinh": 428, "trunguong": 428, "admin": 428}
NOT_BELOW_PROVINCE = {"huyen": 404, "xa": 404}
#: who enters a province's funds (Action.IMPORT): not its viewer
ENTER_PROVINCE = {"tinh": 428, "trunguong": 428, "admin": 428}

#: (method, URL name) → the expected answers.
EXPECTED: dict[tuple[str, str], Case] = {
    ("GET", "schema"): Case(lambda o, s: f"{V1}schema/?format=json"),
    ("GET", "docs"): Case(lambda o, s: f"{V1}docs/", anonymous=302),
    ("GET", "unit-list"): Case(_list("units")),
    ("GET", "unit-detail"): _read("units", "commune"),
    ("GET", "unit-figures"): Case(
        lambda o, s: f"{V1}units/{o('district', s)}/figures/?year=2019",
        inside={"xa": 404},
        outside={},
    ),
    ("GET", "unit-appendix"): Case(
        lambda o, s: f"{V1}units/{o('district', s)}/appendix/?year=2019",
        inside={"xa": 404},
        outside={},
    ),
    ("GET", "unit-plan"): Case(
        lambda o, s: f"{V1}units/{o('province', s)}/plan/?year=2020",
        inside=NOT_BELOW_PROVINCE,
        outside={},
    ),
    ("PATCH", "unit-plan"): Case(
        lambda o, s: f"{V1}units/{o('province', s)}/plan/?year=2020",
        body={"targets": [{"row_id": "1", "value": 12}]},
        default=403,
        inside={**PLANNERS, **NOT_BELOW_PROVINCE},
        outside={"trunguong": 428, "admin": 428},
    ),
    ("GET", "criteria-set-list"): Case(_list("criteria-sets")),
    ("GET", "criteria-set-detail"): Case(
        lambda o, s: f"{V1}criteria-sets/{o.w.assessment('commune').criteria_set_id}/"
    ),
    ("GET", "assessment-list"): Case(_list("assessments")),
    ("GET", "assessment-detail"): _read("assessments", "assessment"),
    ("PATCH", "assessment-values"): Case(
        lambda o, s: f"{V1}assessments/{o('assessment', s)}/values/",
        body={"values": [{"indicator": "10.1", "value": 50}]},
        default=403,
        inside=WRITE_COMMUNE,
        outside={"trunguong": 428, "admin": 428},
    ),
    ("PATCH", "assessment-declarations"): Case(
        lambda o, s: f"{V1}assessments/{o('assessment', s)}/declarations/",
        body={"declarations": [{"criterion": 19, "met": False}]},
        default=403,
        inside=WRITE_COMMUNE,
        outside={"trunguong": 428, "admin": 428},
    ),
    ("POST", "assessment-transitions"): Case(
        lambda o, s: f"{V1}assessments/{o('assessment', s)}/transitions/",
        body={"action": "submit"},
        default=403,
        inside=WRITE_COMMUNE,
        outside={"trunguong": 428, "admin": 428},
    ),
    ("GET", "assessment-evidence"): Case(
        lambda o, s: f"{V1}assessments/{o('assessment', s)}/evidence/", outside={}
    ),
    ("POST", "assessment-evidence"): Case(  # sent as JSON: past the checks, 415
        lambda o, s: f"{V1}assessments/{o('assessment', s)}/evidence/",
        body={"title": "Biên bản"},
        default=403,
        inside={"xa": 415, "trunguong": 415, "admin": 415},
        outside={"trunguong": 415, "admin": 415},
    ),
    ("GET", "evidence-list"): Case(_list("evidence")),
    ("GET", "evidence-detail"): _read("evidence", "evidence"),
    ("GET", "evidence-file"): Case(
        lambda o, s: f"{V1}evidence/{o('evidence', s)}/file/", outside={}
    ),
    ("DELETE", "evidence-detail"): Case(
        _detail("evidence", "evidence"),
        default=403,
        inside={"xa": 204, "trunguong": 204, "admin": 204},
        outside={"trunguong": 204, "admin": 204},
    ),
    ("GET", "recognition-list"): Case(_list("recognitions")),
    ("GET", "recognition-detail"): _read("recognitions", "recognition"),
    ("POST", "recognition-revocation"): Case(
        lambda o, s: f"{V1}recognitions/{o('recognition', s)}/revocation/",
        body={"on": "2020-03-01", "reason": "Không còn đạt"},
        default=403,
        inside=PLANNERS,
        outside={"trunguong": 428, "admin": 428},
    ),
    ("GET", "target-list"): Case(_list("targets")),
    ("GET", "target-detail"): Case(_detail("targets", "target"), inside={"xa": 404}, outside={}),
    ("GET", "target-commune-list"): Case(_list("target-communes")),
    ("GET", "target-commune-detail"): Case(
        _detail("target-communes", "target_commune"), inside={"xa": 404}, outside={}
    ),
    ("POST", "target-commune-list"): Case(
        _list("target-communes"),
        body=lambda o, s: {
            "unit": o("district", s),
            "year": 2020,
            "commune": o("commune", s),
            "title": "nang_cao",  # the fixture names the commune for đạt chuẩn already
        },
        default=403,
        inside={"tinh": 201, "trunguong": 201, "admin": 201, "xa": 404},
        outside={"trunguong": 201, "admin": 201},
    ),
    ("DELETE", "target-commune-detail"): Case(
        _detail("target-communes", "target_commune"),
        default=403,
        inside={**PLANNERS, "xa": 404},
        outside={"trunguong": 428, "admin": 428},
    ),
    ("GET", "ocop-product-list"): Case(_list("ocop-products")),
    ("GET", "ocop-product-detail"): _read("ocop-products", "product"),
    ("GET", "fund-list"): Case(_list("funds")),
    ("GET", "fund-detail"): Case(_detail("funds", "fund"), inside=NOT_BELOW_PROVINCE, outside={}),
    ("POST", "fund-list"): Case(
        _list("funds"),
        body=lambda o, s: {
            "year": 2019,
            "unit": o("province", s),
            "source": "tw_dtpt",  # the fixture's row is another source's
            "allocated": "10",
        },
        default=403,
        inside={"tinh": 201, "trunguong": 201, "admin": 201, **NOT_BELOW_PROVINCE},
        outside={"trunguong": 201, "admin": 201},
    ),
    ("PATCH", "fund-detail"): Case(
        _detail("funds", "fund"),
        body={"allocated": "10"},
        default=403,
        inside={**ENTER_PROVINCE, **NOT_BELOW_PROVINCE},
        outside={"trunguong": 428, "admin": 428},
    ),
    ("DELETE", "fund-detail"): Case(
        _detail("funds", "fund"),
        default=403,
        inside={**ENTER_PROVINCE, **NOT_BELOW_PROVINCE},
        outside={"trunguong": 428, "admin": 428},
    ),
    ("GET", "support-list"): Case(_list("supports")),
    ("POST", "support-list"): Case(
        _list("supports"),
        body=lambda o, s: {
            "year": 2019,
            "sponsor": "Sở Tài chính",  # the fixture's row is another sponsor's
            "commune": o("commune", s),
            "cash": "1",
            "in_kind": "0",
            "materials": "0",
        },
        default=201,
        inside={"lanhdao": 403},
        outside={},
    ),
    ("PATCH", "support-detail"): Case(
        _detail("supports", "support"),
        body={"cash": "2"},
        default=428,
        inside={"lanhdao": 403},
        outside={},
    ),
    ("DELETE", "support-detail"): Case(
        _detail("supports", "support"),
        default=428,
        inside={"lanhdao": 403},
        outside={},
    ),
    ("GET", "support-detail"): _read("supports", "support"),
    ("GET", "dhis2-data-value-sets"): Case(
        lambda o, s: f"{V1}dhis2/dataValueSets?unit={o('commune', s)}&year=2019", outside={}
    ),
    ("POST", "dhis2-data-value-sets"): Case(
        lambda o, s: f"{V1}dhis2/dataValueSets?dryRun=true",
        body=lambda o, s: {
            "dataValues": [
                {
                    "dataElement": "10.1",
                    "period": "2019",
                    "orgUnit": AdminUnit.objects.get(pk=o("commune", s)).code,
                    "value": "50",
                }
            ]
        },
        default=403,
        inside={"xa": 200, "trunguong": 200, "admin": 200},
        # no object in the path: a commune outside one's units is a conflict of the import
        outside={"tinh": 403, "huyen": 403, "lanhdao": 403, "xa": 409},
    ),
}

OPERATIONS = sorted(operations())


def _expected(case: Case, role: str, scope: str) -> int:
    inside = case.inside.get(role, case.default)
    if scope == "inside" or case.outside is None:
        return inside
    if role in case.outside:
        return case.outside[role]
    return 404 if role in OFFICERS else inside


def test_every_operation_has_an_expected_result() -> None:
    assert len(OPERATIONS) >= 30
    missing = [op for op in OPERATIONS if op not in EXPECTED]
    assert missing == [], "operations of /api/v1/ without a row in EXPECTED"
    assert sorted(EXPECTED) == OPERATIONS, "rows of EXPECTED for no operation"


def _ask(client: Any, method: str, case: Case, objects: Objects, scope: str) -> Any:
    body = case.body(objects, scope) if callable(case.body) else case.body
    return getattr(client, method.lower())(case.url(objects, scope), body, format="json")


@pytest.fixture
def world(cao_bang: CaoBang) -> Objects:
    user_make("trunguong", "central", None)
    return _objects(cao_bang)


@pytest.mark.parametrize("scope", ["inside", "outside"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{m} {n}" for m, n in OPERATIONS])
def test_operation_by_role_and_scope(operation, role, scope, world: Objects, api) -> None:
    case = EXPECTED.get(operation)
    if case is None:
        pytest.fail(f"no expected result for {operation}: add a row to EXPECTED")
    method, _name = operation
    response = _ask(api(role), method, case, world, scope)
    expected = _expected(case, role, scope)
    assert response.status_code == expected, response.content[:300]
    if expected >= 400:
        [error] = response.json()["errors"]
        assert error["message"]
        # a refusal names no field; an import's conflict names the row's field
        assert (error["field"] is None) == (expected != 409), error


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{m} {n}" for m, n in OPERATIONS])
def test_operation_anonymously(operation, world: Objects, api) -> None:
    case = EXPECTED.get(operation)
    if case is None:
        pytest.fail(f"no expected result for {operation}: add a row to EXPECTED")
    method, _name = operation
    response = _ask(api(None), method, case, world, "inside")
    assert response.status_code == case.anonymous
