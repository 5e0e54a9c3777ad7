"""The API's throttles: per user, per user's writes, per anonymous address, counted in the
database cache every worker shares; a refusal is 429 with Retry-After, in the one error format."""

import pytest
from django.core.cache import caches
from django.db import connection

from ntm.api.throttles import CACHE, CACHE_TABLE
from tests.api import test_matrix as matrix
from tests.api.test_matrix import EXPECTED, OPERATIONS, Objects
from tests.factories import CaoBang

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    caches[CACHE].clear()
    settings.NTM_API_RATE_USER = "5/minute"
    settings.NTM_API_RATE_WRITE = "2/minute"
    settings.NTM_API_RATE_ANON = "3/minute"
    yield settings
    caches[CACHE].clear()


def _refused(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    [error] = response.json()["errors"]
    assert error["field"] is None and "thử lại sau" in error["message"]


def test_the_counts_are_kept_in_the_migrated_database_table(cao_bang: CaoBang) -> None:
    assert CACHE_TABLE in connection.introspection.table_names()
    assert caches[CACHE].__class__.__name__ == "DatabaseCache"


def test_a_user_is_answered_up_to_the_rate_then_told_when_to_come_back(
    rates, cao_bang: CaoBang, api
) -> None:
    client = api("tinh")
    for _ in range(5):
        assert client.get("/api/v1/units/").status_code == 200
    _refused(client.get("/api/v1/units/"))
    assert api("huyen").get("/api/v1/units/").status_code == 200  # each user has their own


def test_writes_have_their_own_smaller_rate(rates, cao_bang: CaoBang, api) -> None:
    a = cao_bang.assessment("commune")
    client = api("xa")
    url = f"/api/v1/assessments/{a.pk}/values/"
    body = {"values": [{"indicator": "10.1", "value": 50}]}
    for _ in range(2):
        assert client.patch(url, body, format="json").status_code == 428
    _refused(client.patch(url, body, format="json"))
    assert client.get(f"/api/v1/assessments/{a.pk}/").status_code == 200  # reads still answered


def test_anonymous_clients_are_counted_by_address(rates, cao_bang: CaoBang, api) -> None:
    client = api(None)
    for _ in range(3):
        assert client.get("/api/v1/units/").status_code == 401
    _refused(client.get("/api/v1/units/"))
    other = client.get("/api/v1/units/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 401


def test_a_rate_turned_off_never_refuses(rates, cao_bang: CaoBang, api) -> None:
    rates.NTM_API_RATE_USER = None
    client = api("tinh")
    for _ in range(8):
        assert client.get("/api/v1/units/").status_code == 200


@pytest.fixture
def world(cao_bang: CaoBang) -> Objects:
    return matrix.world.__wrapped__(cao_bang)  # the permission matrix's objects


GUARDED = [op for op in OPERATIONS if EXPECTED[op].anonymous == 401]


@pytest.mark.parametrize("operation", GUARDED, ids=[f"{m} {n}" for m, n in GUARDED])
def test_guessed_tokens_count_towards_the_address_rate(
    operation, rates, world: Objects, api
) -> None:
    """On every operation of the API (read from its URL patterns), not only on lists."""
    method, _name = operation
    case = EXPECTED[operation]
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)
    url = case.url(world, "inside")
    for _ in range(3):
        assert getattr(client, method.lower())(url, {}, format="json").status_code == 401
    _refused(getattr(client, method.lower())(url, {}, format="json"))
