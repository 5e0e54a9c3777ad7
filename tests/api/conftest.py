"""The API tests read Cao Bằng (the ``cao_bang`` fixture) as each officer, with a real token."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from ntm.api.services import api_token_create


@pytest.fixture(autouse=True)
def _files_kept_aside(private_files):
    """Nothing the API tests write lands in the data folder."""


@pytest.fixture
def api(db):
    """``api("tinh")`` → a client sending a token of that officer (``None``: anonymous)."""

    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            user = User.objects.get(username=username)
            _token, text = api_token_create(owner=user, user=user, days=30)
            client.credentials(HTTP_AUTHORIZATION=f"Token {text}")
        return client

    return make
