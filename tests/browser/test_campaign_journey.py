"""The campaign year in a real Chromium: the province opens the year; the commune finds last
year's values carried, confirms them and submits with a warning acknowledged; the district
finds the file in its worklist and forwards it in bulk from the status board; the province
appraises and recognises it."""

import re

import pytest
from playwright.sync_api import expect

from ntm.assessments.models import Assessment, IndicatorValue, Recognition
from tests.browser.conftest import log_in, log_out
from tests.browser.test_journeys import _acknowledge, _declare_all_met

pytestmark = pytest.mark.browser


def test_journey_campaign_open_carry_submit_forward_in_bulk_appraise_recognise(
    page, cao_bang
) -> None:
    commune = cao_bang.unit("commune")
    carried = IndicatorValue.objects.filter(assessment__commune=commune, assessment__year=2019)
    assert carried.exists()

    # The province opens 2020 with a deadline for the communes.
    log_in(page, "tinh")
    page.get_by_role("link", name="Mở đợt đánh giá", exact=True).click()
    page.get_by_label("Năm đánh giá").select_option("2020")
    page.get_by_label("Hạn xã gửi hồ sơ lên huyện").fill("31/10/2020")
    page.get_by_role("button", name="Mở đợt đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("Đã mở đợt đánh giá năm 2020")
    log_out(page)

    # The commune's file starts from 2019's values, marked as carried.
    log_in(page, "xa")
    page.goto(f"{page.base}/assessments/communes/{commune.pk}/?year=2020")
    expect(page.get_by_text("Hạn gửi hồ sơ: 31/10/2020")).to_be_visible()
    page.get_by_role("link", name="Nhập, sửa số liệu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhập số liệu năm 2020")
    expect(page.get_by_text("chuyển từ năm 2019").first).to_be_visible()
    page.get_by_role("navigation", name="Nhóm tiêu chí").get_by_role("link").first.click()
    _declare_all_met(page)
    _acknowledge(page, "Xã đã hoàn thành các tiêu chí còn lại")
    page.get_by_role("button", name="Gửi hồ sơ lên huyện").last.click()
    expect(page.locator(".facts")).to_contain_text("Đã gửi huyện")
    log_out(page)

    # The district sees it waiting and forwards it with the others ticked on the board.
    log_in(page, "huyen")
    page.get_by_role("link", name=re.compile("^Việc cần làm")).click()
    waiting = page.get_by_role("region", name=re.compile("Cần rà soát"))
    expect(waiting).to_contain_text("Sóc Hà")
    page.get_by_role("link", name="Bảng trạng thái", exact=True).click()
    page.get_by_label("Năm").first.select_option("2020")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_label("Chọn hồ sơ Sóc Hà").check()
    page.get_by_label(re.compile("^Lý do tiếp tục khi hồ sơ có cảnh báo")).fill(
        "Huyện đã kiểm tra thực địa"
    )
    page.get_by_role("button", name="Đã rà soát, chuyển tỉnh các hồ sơ đã chọn").click()
    expect(page.get_by_role("status")).to_contain_text("1 hồ sơ: Xã Sóc Hà")
    log_out(page)

    # The province appraises and recognises it.
    log_in(page, "tinh")
    page.goto(f"{page.base}/assessments/communes/{commune.pk}/?year=2020")
    _acknowledge(page, "Tỉnh đã thẩm định thực địa")
    page.get_by_role("button", name="Thẩm định đạt, khoá số liệu").click()
    expect(page.locator(".facts")).to_contain_text("Tỉnh đã thẩm định")
    page.get_by_label("Số quyết định").fill("2020/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("28/12/2020")
    page.get_by_role("button", name="Ghi quyết định công nhận").click()
    expect(page.locator(".facts")).to_contain_text("Đã công nhận")
    assert Assessment.objects.get(commune=commune, year=2020).state == "recognised"
    assert Recognition.objects.filter(commune=commune, year=2020).exists()
