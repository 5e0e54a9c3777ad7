"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Never ``playwright install``: the browser is /usr/bin/chromium (``.ci/run``
installs it when missing; without it the journeys fail and say so). Each
journey gets Cao Bằng afresh in a transactional database (the live server runs
in another thread and must see committed data).
"""

import os
import shutil
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from tests.factories import PASSWORD, CaoBang, cao_bang_build

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser journeys need Chromium at {CHROMIUM}: apt-get install chromium "
            "(.ci/run installs it)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test code's ORM calls are
    # plain synchronous calls all the same.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def cao_bang(transactional_db) -> CaoBang:
    """Built for each journey and committed (the module-wide one of tests/conftest.py is not)."""
    return cao_bang_build()


@pytest.fixture
def inline_jobs(monkeypatch) -> None:
    """Report jobs are queued at commit for the worker (``ntm db_worker``). The browser tests
    run no worker, so the queued job runs at once in the server's thread instead (with
    SQLite in memory another process would not even see the database)."""
    import ntm.reports.services as services

    def enqueue(**kwargs) -> None:
        services.report_job_run(**kwargs)

    monkeypatch.setattr(services, "report_job_task", SimpleNamespace(enqueue=enqueue))


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


def log_in(page, username: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def log_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/**")


@pytest.fixture(autouse=True)
def _files_kept_aside(private_files):
    """Evidence, job results and uploads of every journey go to a temporary folder."""
