"""A district's conditions in a real Chromium: the district officer opens them from the
dashboard, declares the district's criteria, and the standing follows; the province sees it."""

import pytest
from playwright.sync_api import expect

from ntm.assessments.models import DistrictRecord
from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
from tests.browser.conftest import log_in, log_out

pytestmark = pytest.mark.browser


def test_journey_district_records_its_results_and_the_province_sees_them(page, cao_bang) -> None:
    criteria_set_load(path=CRITERIA_DIR / "huyen-ntm-2016-2020.yaml")
    district = cao_bang.unit("district")

    log_in(page, "huyen")
    page.goto(f"{page.base}/dashboard/{district.pk}/?year=2019")
    page.get_by_role("link", name="Xem điều kiện từng huyện").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("điều kiện huyện nông thôn mới")
    expect(page.locator("[data-standing]")).to_have_text("Chưa đủ điều kiện")
    for n in range(1, 10):
        page.get_by_label(f"{n}. ", exact=False).first.select_option("1")
    page.get_by_label("Tỷ lệ hài lòng của người dân (%)").fill("92,5")
    page.get_by_role("button", name="Lưu kết quả của huyện").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu kết quả")
    criteria_row = page.locator('[data-condition="district_criteria"]')
    expect(criteria_row).to_contain_text("Đạt")
    expect(criteria_row).to_contain_text("(9/9)")
    assert DistrictRecord.objects.get(unit=district, year=2019).satisfaction == 92.5
    log_out(page)

    log_in(page, "tinh")
    page.goto(f"{page.base}/assessments/districts/?year=2019")
    row = page.locator(f'[data-district="{district.code}"]')
    expect(row).to_contain_text("Chưa đủ điều kiện")  # not every commune holds the title
