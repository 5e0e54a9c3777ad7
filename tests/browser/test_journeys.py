"""The three journeys of the web app, in a real Chromium.

1. A province officer reads the year's dashboard, drills down to a district and
   a commune, opens a criterion's explanation and switches the year.
3. A commune officer enters values and declarations, attaches evidence and
   submits; the district returns the file with a reason, then forwards it; the
   province appraises it and records the recognition decision.
5. A province officer imports an interchange file (first refused row by row,
   then confirmed), downloads the appendix, and makes the Word report with a
   progress bar.
"""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ntm.assessments.models import Assessment, IndicatorValue, Recognition
from ntm.plans.models import Target
from tests.browser.conftest import log_in, log_out

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_journey_1_dashboard_drill_down_and_year_switch(page, cao_bang) -> None:
    log_in(page, "tinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh Cao Bằng – kết quả năm 2019")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_text("Xã đạt chuẩn nông thôn mới", exact=True)).to_be_visible()
    expect(page.get_by_text("Bình quân tiêu chí/xã", exact=True)).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    ranking = page.get_by_role("table").filter(has_text="Huyện, thành phố")
    expect(ranking.get_by_role("link", name="Hà Quảng")).to_be_visible()

    ranking.get_by_role("link", name="Hà Quảng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huyện Hà Quảng – kết quả năm 2019")
    expect(page.get_by_role("navigation", name="Đường dẫn")).to_contain_text("Tỉnh Cao Bằng")

    page.get_by_role("link", name="Sóc Hà").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Sóc Hà")
    cell = page.get_by_role("link", name=re.compile(r"^Tiêu chí 10, năm 2019"))
    cell.click()
    panel = page.locator("#criterion-panel")
    expect(panel).to_contain_text("Tiêu chí 10 – Thu nhập, năm 2019")
    expect(panel).to_contain_text("Ngưỡng")
    expect(cell).to_have_attribute("aria-current", "true")
    # The same with the keyboard: focus a cell of 2018 and press Enter.
    other = page.get_by_role("link", name=re.compile(r"^Tiêu chí 3, năm 2018"))
    other.focus()
    page.keyboard.press("Enter")
    expect(panel).to_contain_text("năm 2018")

    page.get_by_role("link", name="Tổng quan").first.click()
    page.get_by_label("Năm", exact=True).select_option("2018")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh Cao Bằng – kết quả năm 2018")


def _declare_all_met(page) -> None:
    """Go through every criterion group, declaring each criterion met, saving as we go."""
    tabs = page.get_by_role("navigation", name="Nhóm tiêu chí").get_by_role("link")
    count = tabs.count()
    for index in range(count):
        selects = page.get_by_label(re.compile(r"^Kết quả tiêu chí \d+$"))
        for i in range(selects.count()):
            selects.nth(i).select_option(label="Khai báo: Đạt")
        if index + 1 < count:
            page.get_by_role("button", name="Lưu và sang nhóm tiếp theo").click()
        else:
            page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu")


def _acknowledge(page, reason: str) -> None:
    """Tick every warning of the step shown (checks before a step) and give the reason to go on."""
    boxes = page.locator('input[name="ack"]')
    if boxes.count():
        for i in range(boxes.count()):
            boxes.nth(i).check()
        page.get_by_label("Lý do vẫn tiếp tục").fill(reason)


def test_journey_3_entry_submit_review_appraise_recognise(page, cao_bang, tmp_path) -> None:
    commune = cao_bang.unit("commune")
    log_in(page, "xa")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xã Sóc Hà")
    page.get_by_role("link", name="Nhập, sửa số liệu").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhập số liệu năm 2019")

    # A mistyped number is refused in Vietnamese, next to its field.
    page.get_by_role("link", name=re.compile("Kinh tế và tổ chức sản xuất")).click()
    income = page.get_by_label(re.compile(r"^Chỉ tiêu 10\.1"))
    income.fill("ba mươi")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Nhập một số, ví dụ 34,46 hoặc 1.500.")).to_be_visible()
    expect(income).to_have_attribute("aria-invalid", "true")
    income.fill("41,5")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu 1 thay đổi.")
    expect(page.get_by_label(re.compile(r"^Chỉ tiêu 10\.1"))).to_have_value("41,5")
    a = Assessment.objects.get(commune=commune, year=2019)
    assert IndicatorValue.objects.get(assessment=a, indicator__code="10.1").value_number == 41.5

    # Evidence for criterion 10.
    pdf = tmp_path / "xac-nhan-thu-nhap.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Tiêu chí", exact=True).select_option(label="10. Thu nhập")
    page.get_by_label("Tên tài liệu").fill("Xác nhận thu nhập bình quân")
    page.get_by_label("Tệp").set_input_files(str(pdf))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tải lên minh chứng")
    expect(page.get_by_role("link", name="Xác nhận thu nhập bình quân")).to_be_visible()

    # Every criterion declared met, group by group.
    page.get_by_role("navigation", name="Nhóm tiêu chí").get_by_role("link").first.click()
    _declare_all_met(page)
    # From a few criteria last year to all of them: a warning, acknowledged with a reason.
    expect(page.get_by_text(re.compile("Số tiêu chí đạt tăng"))).to_be_visible()
    _acknowledge(page, "Năm nay xã hoàn thành các công trình còn lại")
    page.get_by_role("button", name="Gửi hồ sơ lên huyện").last.click()
    expect(page.get_by_role("status")).to_contain_text("lên huyện")
    expect(page.locator(".facts")).to_contain_text("Đã gửi huyện")
    expect(page.locator(".timeline")).to_contain_text(
        "Lý do tiếp tục: Năm nay xã hoàn thành các công trình còn lại"
    )
    log_out(page)

    # The district returns it with a reason.
    log_in(page, "huyen")
    page.goto(f"{page.base}/assessments/communes/{commune.pk}/?year=2019")
    page.get_by_label(re.compile(r"^Lý do \(trả lại xã\)")).fill(
        "Thiếu biên bản kiểm tra tiêu chí 2"
    )
    page.get_by_role("button", name="Trả lại xã").click()
    expect(page.locator(".facts")).to_contain_text("Trả lại")
    log_out(page)

    # The commune reads why and sends it again.
    log_in(page, "xa")
    expect(page.locator(".timeline")).to_contain_text("Thiếu biên bản kiểm tra tiêu chí 2")
    _acknowledge(page, "Đã bổ sung biên bản")
    page.get_by_role("button", name="Gửi hồ sơ lên huyện").click()
    expect(page.locator(".facts")).to_contain_text("Đã gửi huyện")
    log_out(page)

    log_in(page, "huyen")
    page.goto(f"{page.base}/assessments/communes/{commune.pk}/?year=2019")
    _acknowledge(page, "Huyện đã kiểm tra thực địa")
    page.get_by_role("button", name="Đã rà soát, chuyển tỉnh").click()
    expect(page.locator(".facts")).to_contain_text("Huyện đã rà soát")
    log_out(page)

    # The province appraises and records the decision.
    log_in(page, "tinh")
    page.get_by_role("link", name="Bảng trạng thái", exact=True).click()
    reviewed = page.get_by_role("region", name=re.compile("Huyện đã rà soát"))
    reviewed.get_by_role("link", name="Sóc Hà").click()
    _acknowledge(page, "Tỉnh đã thẩm định thực địa")
    page.get_by_role("button", name="Thẩm định đạt, khoá số liệu").click()
    expect(page.locator(".facts")).to_contain_text("Tỉnh đã thẩm định")
    expect(page.locator(".facts")).to_contain_text("đã khoá")
    page.get_by_label("Số quyết định").fill("1234/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("27/12/2019")
    page.get_by_role("button", name="Ghi quyết định công nhận").click()
    expect(page.locator(".facts")).to_contain_text("Đã công nhận")
    expect(page.get_by_role("table").filter(has_text="Số quyết định")).to_contain_text(
        "1234/QĐ-UBND"
    )
    assert Recognition.objects.filter(commune=commune, year=2019, number="1234/QĐ-UBND").exists()

    page.get_by_role("link", name="Bảng trạng thái", exact=True).click()
    expect(page.get_by_role("region", name=re.compile("Đã công nhận"))).to_contain_text("Sóc Hà")


def test_journey_5_import_download_and_report(page, cao_bang, tmp_path, inline_jobs) -> None:
    province = cao_bang.unit("province")
    bad = tmp_path / "ke-hoach.csv"
    bad.write_text(
        f"year,province_code,row_id,value\n2020,{province.code},1,12.5\n2020,{province.code},9.9,10\n",
        encoding="utf-8",
    )
    log_in(page, "tinh")
    page.get_by_role("link", name="Nhập tệp").click()
    page.get_by_label("Tệp số liệu").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Không nhập được: tệp có lỗi")
    errors = page.get_by_role("table")
    first = errors.locator("tbody tr").first
    expect(first.locator("td").nth(0)).to_have_text("ke-hoach.csv")
    expect(first.locator("td").nth(2)).to_have_text("3")
    expect(first.locator("td").nth(3)).to_have_text("row_id")
    assert not Target.objects.filter(unit=province, year=2020).exists()

    good = tmp_path / "ke-hoach-sua.csv"
    good.write_text(
        f"year,province_code,row_id,value\n2020,{province.code},1,12.5\n", encoding="utf-8"
    )
    page.get_by_role("link", name="Sửa tệp rồi tải lên lại").click()
    page.get_by_label("Tệp số liệu").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra xong: xác nhận để nhập")
    expect(page.get_by_text("Tổng số thay đổi: 1")).to_be_visible()
    assert not Target.objects.filter(unit=province, year=2020).exists()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nhập số liệu")
    assert Target.objects.get(unit=province, year=2020, row_id="1").value == Decimal("12.5")

    page.get_by_role("link", name="Báo cáo").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo năm 2019")
    with page.expect_download() as info:
        page.get_by_role("link", name="Biểu chi tiết (Excel .xlsx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as fh:
        book = load_workbook(io.BytesIO(fh.read()))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert any("BIỂU CHI TIẾT" in c for c in cells)
    assert "KH 2020" in cells  # the plan imported above is the appendix's plan column

    page.get_by_role("link", name="Soạn nội dung đánh giá").click()
    page.get_by_label(re.compile(r"^II\.1\.")).fill("Hoàn thành các chỉ tiêu chủ yếu của năm.")
    page.get_by_role("button", name="Lưu nội dung").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu 1 mục.")
    page.get_by_role("link", name="Về trang báo cáo").click()

    page.get_by_label("Word (.docx)").check()
    page.get_by_role("button", name="Tạo báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo năm (Word)")
    expect(page.locator("progress")).to_be_visible()
    link = page.get_by_role("link", name="Tải kết quả")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".docx")
