"""On a phone (390 × 844), a province's published year reads without a login: the page fits the
screen's width (its tables scroll in their own box), and it loads nothing from another site."""

import pytest
from playwright.sync_api import expect

from ntm.assessments.models import Assessment
from ntm.opendata.services import publication_publish
from tests.factories import certified_product_make, recognition_make, world_build

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def published(transactional_db) -> str:
    world = world_build()
    for commune in (world.c1, world.c2, world.c3):
        world.assessment(commune=commune, state=Assessment.State.APPRAISED)
    recognition_make(world.c1, 2019)
    certified_product_make(world.c2, name="Miến dong Nguyên Bình")
    publication_publish(user=world.user("province"), province=world.province, year=2019)
    return f"/du-lieu-mo/{world.province.code}/2019/"


def test_a_published_year_reads_on_a_phone_without_login(browser, live_server, published):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{live_server.url}/du-lieu-mo/")
        page.get_by_role("link", name="Thử Nhất – năm 2019").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("năm 2019")
        assert page.url.endswith(published)
        expect(page.get_by_text("Miến dong Nguyên Bình")).to_be_visible()
        expect(page.get_by_role("link", name="communes.csv")).to_be_visible()
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
        assert all(url.startswith(live_server.url) for url in requested), requested
    finally:
        context.close()
