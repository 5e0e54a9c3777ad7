"""A crawl of the demo: every page reachable from the home page, as each demo officer.

The demo (``ntm loaddemo``: Cao Bằng, accounts admin/tinh/huyen/xa) is loaded
once for the module. Logged in as the province officer, the crawl follows
every internal link (GET only; the logout is a POST form) and every page must
answer without failing; the demo's names must appear. Logged in as the district
and commune officers, the crawl must never reach a commune outside their unit.
"""

import re
from collections import deque
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from ntm.units.models import AdminUnit
from tests.logins import login_request as _login_request

pytestmark = pytest.mark.slow

PASSWORD = "ntm-demo"
SKIP = ("/static/", "/admin/", "/media/", "/accounts/logout/", "/i18n/")
#: Explanation panels: 19 per commune and year; a sample of them is enough.
PANEL = re.compile(r"/assessments/\d+/criteria/\d+/")
PANEL_SAMPLE = 40
COMMUNE_PAGE = re.compile(r"^/assessments/communes/(\d+)/")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loaddemo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _key(url: str) -> str:
    """A commune page is the same page whatever year it opens on: visit it once."""
    return url.split("?")[0] if COMMUNE_PAGE.match(url) else url


def crawl(username: str) -> tuple[dict[str, int], dict[str, str]]:
    """Status of every page reached from the home page, and the text of the HTML pages."""
    client = Client()
    assert client.login(request=_login_request(), username=username, password=PASSWORD)
    statuses: dict[str, int] = {}
    texts: dict[str, str] = {}
    seen: set[str] = set()
    queue = deque(["/"])
    panels = 0
    while queue:
        url = queue.popleft()
        if _key(url) in seen:
            continue
        seen.add(_key(url))
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode()
        texts[url] = text
        for href in re.findall(r'href="([^"#]+)"', text):
            href = unescape(href)
            if not href.startswith("/") or href.startswith(SKIP) or _key(href) in seen:
                continue
            if PANEL.search(href):
                if panels >= PANEL_SAMPLE:
                    continue
                panels += 1
            queue.append(href)
    return statuses, texts


def test_province_officer_reaches_every_page_without_failure(demo, db) -> None:
    statuses, texts = crawl("tinh")
    failing = {url: code for url, code in statuses.items() if code >= 400}
    assert failing == {}
    assert len(texts) >= 10
    sections = {url.split("?")[0].strip("/").split("/")[0] for url in texts}
    assert {"", "dashboard", "assessments", "plans", "reports", "interchange"} <= sections
    everything = "\n".join(texts.values())
    for name in ("Cao Bằng", "Hà Quảng", "Sóc Hà"):
        assert name in everything
    assert "Tỉnh Cao Bằng – kết quả năm 2019" in texts["/"]
    # the office's open data page, and from it the public part (no year of the demo is final)
    assert any(url.startswith("/reports/open-data/") for url in texts)
    assert "/du-lieu-mo/" in texts


@pytest.mark.parametrize(
    ("username", "unit_code", "level"), [("huyen", "45", 2), ("xa", "1417", 3)]
)
def test_officers_crawl_stays_within_their_unit(demo, db, username, unit_code, level) -> None:
    statuses, texts = crawl(username)
    assert {url: code for url, code in statuses.items() if code >= 400} == {}
    unit = AdminUnit.objects.get(level=level, code=unit_code, valid_to__isnull=True)
    inside = set(AdminUnit.objects.within(unit).values_list("pk", flat=True))
    reached = {int(m.group(1)) for url in statuses if (m := COMMUNE_PAGE.match(url))}
    assert reached, "the crawl reaches the officer's communes"
    assert reached <= inside
    assert unit.name in "\n".join(texts.values())
