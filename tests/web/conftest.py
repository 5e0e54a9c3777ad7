"""Fixtures of the web tests.

The world (two provinces' units, the criteria set, officers, files) is built
once per test module and committed, then every test runs in a transaction that
is rolled back; at the end of the module the database is flushed, as Django's
TransactionTestCase does, so that other tests start from an empty database.
"""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests.web.builders import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock():
        built = build_world()
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def login(world, db):
    """``login("tinh")`` → a test client logged in as that officer."""

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            # force_login: the password check (PBKDF2) is the login page's test, not every test's.
            client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Evidence, job results and uploads waiting for confirmation go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
