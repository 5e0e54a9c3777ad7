"""The dashboard's map in a real Chromium: drawn, coloured, switched, clicked, within the policy."""

import pytest
from playwright.sync_api import expect

from ntm.maps.services import boundaries_load
from tests.browser.conftest import log_in
from tests.browser.test_csp import Watch
from tests.maps.synthetic import feature_collection, write

pytestmark = pytest.mark.browser


def test_the_province_map_draws_its_districts_and_leads_to_one(page, cao_bang, tmp_path) -> None:
    districts = [cao_bang.unit("district"), cao_bang.unit("other_district")]
    cells = {d.code: (i, 0) for i, d in enumerate(districts)}
    boundaries_load(
        path=write(
            tmp_path / "cao-bang.geojson",
            feature_collection(cells, **{d.code: {"level": "huyen"} for d in districts}),
        ),
        list_name="2019",
        licence="CC0 (dữ liệu thử)",
        source="ranh giới vẽ thử",
    )
    watch = Watch(page)
    log_in(page, "tinh")
    watch.visit("/")
    shapes = page.locator("svg.map path")
    expect(shapes).to_have_count(2)
    box = page.locator("svg.map").bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100
    expect(page.locator("#map")).to_contain_text("Giấy phép: CC0 (dữ liệu thử)")
    page.locator("#map").get_by_role("link", name="Đạt chuẩn").click()
    expect(page.locator("#map-title")).to_contain_text("Tỷ lệ xã đạt chuẩn nông thôn mới")
    watch.check("measure switch")
    name = str(districts[0])
    page.locator("svg.map a", has=page.locator(f"title:has-text('{name}')")).click()
    page.wait_for_url(f"**/dashboard/{districts[0].pk}/**")
    expect(page.get_by_role("heading", level=1)).to_contain_text(districts[0].name)
    watch.check("district dashboard")
