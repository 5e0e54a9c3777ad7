"""Fixtures shared by the whole suite; the data they hold are built by ``tests/factories.py``."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.factories import CaoBang, World, cao_bang_build, world_build


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Vietnamese): a request read in English
    leaves English active in its thread (Django's LocaleMiddleware does not deactivate),
    and the next test on that worker would read English messages."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _api_not_throttled(settings):
    """The suite asks the API far faster than any client should: its throttles are off
    (``tests/api/test_throttling.py`` turns them on)."""
    settings.NTM_API_RATE_USER = None
    settings.NTM_API_RATE_WRITE = None
    settings.NTM_API_RATE_ANON = None


@pytest.fixture
def criteria_2016(db):
    """The shipped 2016-2020 commune criteria set, loaded into the test database."""
    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load

    return criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2016-2020.yaml").criteria_set


@pytest.fixture
def world(db) -> World:
    """The small hand-made world (``factories.world_build``): P, Q, three criteria, officers."""
    return world_build()


@pytest.fixture(scope="module")
def cao_bang(django_db_setup, django_db_blocker) -> CaoBang:
    """Cao Bằng and Bạc Liêu from the official lists (``factories.cao_bang_build``).

    Built once per test module and committed, then every test runs in a
    transaction that is rolled back; at the end of the module the database is
    flushed, as Django's TransactionTestCase does, so that other tests start
    from an empty database.
    """
    with django_db_blocker.unblock():
        built = cao_bang_build()
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def login(db):
    """``login("tinh")`` → a test client logged in as that officer (``None``: anonymous)."""

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            # force_login: the password check (PBKDF2) is the login page's test, not every test's.
            client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def private_files(settings, tmp_path):
    """Evidence, job results and uploads waiting for confirmation go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    return tmp_path
