"""A bounded fuzz run of the API from its own schema (schemathesis): no answer is a server error.

Every operation of /api/v1/schema/ gets a few generated requests, valid and
invalid, as the province officer with a real token, through the WSGI
application in this process (no network; the test database's transaction).
The run is bounded (a fixed number of examples per operation, derandomized so
that it repeats) and fails on the first answer of 500 or more.
"""

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from ntm.api.services import api_token_create
from tests.factories import CaoBang

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 8


@pytest.fixture
def _connection_kept():
    """The test's database connection stays open across requests, as Django's test client
    keeps it (the WSGI handler would close it at the end of each request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_makes_the_api_fail(mode, cao_bang: CaoBang, _connection_kept) -> None:
    user = User.objects.get(username="tinh")
    _row, token = api_token_create(owner=user, user=user, days=30)
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", get_wsgi_application(), headers=headers
    )
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {case.as_curl_command()}")

        run()
    assert failures == []
