"""On a phone (390 × 844), the commune page and the dashboard of the demo fit the screen's width:
a wide table or chart scrolls inside its own box, never the page sideways, and the charts scale
to the card's width without their text shrinking past reading."""

import pytest
from playwright.sync_api import expect

from ntm.demo.services import demo_load, demo_manifest
from ntm.units.models import AdminUnit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
#: The smallest size of a chart's text, in screen pixels, still read on a phone.
READABLE_PX = 8

#: The page's width beyond the screen, and every chart's box (JavaScript run in the page).
MEASURE = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  charts: [...document.querySelectorAll('svg.chart, svg.trend')].map(svg => {
    const box = svg.getBoundingClientRect();
    const holder = (svg.closest('.chart-wrap') || svg).getBoundingClientRect();
    const card = svg.closest('.card').getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map(
      t => parseFloat(getComputedStyle(t).fontSize) * scale);
    return {holderLeft: holder.left, holderRight: holder.right, cardRight: card.right,
            smallestText: Math.min(...sizes)};
  }),
  wraps: [...document.querySelectorAll('.table-wrap')].map(w => ({
    right: w.getBoundingClientRect().right,
    cardRight: (w.closest('.card') || document.body).getBoundingClientRect().right,
    scrolls: w.scrollWidth > w.clientWidth,
    matrix: !!w.querySelector('table.matrix'),
  })),
})"""


@pytest.fixture
def demo(transactional_db) -> dict[str, str]:
    for _line in demo_load():
        pass
    manifest = demo_manifest()
    accounts = {a["username"]: a for a in manifest["accounts"]["users"]}
    return {"password": manifest["accounts"]["password"], "commune": accounts["xa"]["unit_code"]}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base = live_server.url
    yield page
    context.close()


def _log_in(page, username: str, password: str) -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _fits(page, url: str) -> dict:
    page.goto(url)
    m = page.evaluate(MEASURE)
    # A page wider than the phone makes a mobile browser widen its layout (innerWidth) to fit.
    assert m["scrollWidth"] <= m["innerWidth"] == PHONE["width"], (
        f"{url}: the page is {m['scrollWidth']} px wide, laid out {m['innerWidth']} px wide"
    )
    for wrap in m["wraps"]:
        assert wrap["right"] <= min(wrap["cardRight"], m["innerWidth"]) + 0.5, f"{url}: {wrap}"
    for chart in m["charts"]:
        assert chart["holderLeft"] >= 0 and chart["holderRight"] <= chart["cardRight"] + 0.5
        # Scaled to the phone, the chart's smallest labels stay readable.
        assert chart["smallestText"] >= READABLE_PX, f"{url}: a chart's text at {chart}"
    return m


def test_the_commune_page_and_the_dashboard_fit_a_phone(phone, demo) -> None:
    _log_in(phone, "tinh", demo["password"])
    dashboard = _fits(phone, f"{phone.base}/")
    assert dashboard["charts"], "the dashboard shows its charts"
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Cao Bằng")

    commune = AdminUnit.objects.filter(code=demo["commune"], level=AdminUnit.Level.COMMUNE).first()
    page = _fits(phone, f"{phone.base}/assessments/communes/{commune.pk}/?year=2019")
    matrix = [w for w in page["wraps"] if w["matrix"]]
    assert matrix and matrix[0]["scrolls"], "the years' matrix scrolls inside its own box"
    assert page["charts"], "the commune's trend chart is shown"
