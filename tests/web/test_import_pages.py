"""The import page as the browser uses it: upload each kind of file, read the preview, confirm.

The upload form is sent by htmx (``hx-post``, ``hx-encoding="multipart/form-data"``,
the CSRF token in the ``X-CSRFToken`` header set on ``<body>``, ``HX-Request``
and ``HX-Target: main``); the confirmation is a plain form post. The client
checks CSRF tokens as the server does for a browser.
"""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ntm.assessments.models import CriterionStatus, IndicatorValue
from ntm.core.models import ChangeRecord
from ntm.plans.models import Target
from tests.factories import CaoBang

pytestmark = pytest.mark.django_db

IMPORT_URL = "/interchange/import/"
HTMX = {
    "HTTP_HX_REQUEST": "true",
    "HTTP_HX_TARGET": "main",
    "HTTP_HX_CURRENT_URL": f"http://testserver{IMPORT_URL}",
}
KIND_ROW = re.compile(
    r'<tr><td>(?P<label>[^<]+)</td><td class="num">(?P<rows>[\d.]+)</td>'
    r'<td class="num">(?P<created>[\d.]+)</td><td class="num">(?P<updated>[\d.]+)</td>'
    r'<td class="num">(?P<unchanged>[\d.]+)</td><td class="num">(?P<skipped>[\d.]+)</td></tr>'
)


def browser(username: str) -> Client:
    """A client that, like a browser, must send the CSRF token it was given."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username=username))
    return client


def csrf_token(client: Client, url: str = IMPORT_URL) -> str:
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert found
    return found.group(1)


def counts(html: str) -> dict[str, tuple[int, ...]]:
    """The preview's table of counts: kind label → (rows, new, changed, unchanged, skipped)."""
    return {
        m["label"]: tuple(
            int(m[k].replace(".", ""))
            for k in ("rows", "created", "updated", "unchanged", "skipped")
        )
        for m in KIND_ROW.finditer(html)
    }


def total(html: str) -> int:
    found = re.search(r"Tổng số thay đổi: ([\d.]+)", html)
    assert found, html
    return int(found.group(1).replace(".", ""))


def upload(client: Client, *files: tuple[str, bytes], reason: str = "") -> tuple[str, str]:
    """Send files as the upload form does; the preview page and its confirmation URL."""
    token = csrf_token(client)
    response = client.post(
        reverse("interchange:import"),
        {"files": [SimpleUploadedFile(name, data) for name, data in files], "reason": reason},
        HTTP_X_CSRFTOKEN=token,
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<main id="main"' in html  # htmx selects #main from the answer
    assert "Kiểm tra xong: xác nhận để nhập" in html, html
    found = re.search(r'action="(/interchange/import/[^"]+/confirm/)"', html)
    assert found, html
    return html, found.group(1)


def confirm(client: Client, url: str, preview: str) -> str:
    """Confirm as the preview's button does; what is written is what the preview said."""
    response = client.post(url, {"csrfmiddlewaretoken": csrf_token(client)})
    assert response.status_code == 200
    done = response.content.decode()
    assert "Đã nhập số liệu" in done, done
    assert counts(done) == counts(preview)
    assert total(done) == total(preview)
    return done


def csv_bytes(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def xlsx_bytes(header: str, rows: list[str]) -> bytes:
    """The same table as the first sheet of a workbook, numbers typed as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.append(header.split(","))
    for row in rows:
        cells: list[object] = []
        for text in row.split(","):
            cells.append(int(text) if text.isdigit() and "." not in text else text)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


STATUSES = "year,commune_code,criterion,met"
VALUES = "year,commune_code,indicator,value"
VALUES_SECONDARY = "year,commune_code,indicator,value,secondary_value"
TARGETS = "year,province_code,row_id,value"
DISTRICT_TARGETS = "year,district_code,row_id,value"


def status(cao_bang: CaoBang, number: int) -> CriterionStatus:
    return CriterionStatus.objects.get(
        assessment=cao_bang.assessment("commune"), criterion__number=number
    )


def value(cao_bang: CaoBang, code: str) -> IndicatorValue:
    return IndicatorValue.objects.get(
        assessment=cao_bang.assessment("commune"), indicator__code=code
    )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_statuses_file_is_previewed_then_imported(cao_bang: CaoBang, suffix: str) -> None:
    code = cao_bang.unit("commune").code
    rows = [f"2019,{code},2,1", f"2019,{code},5,0", f"2019,{code},19,1"]  # 19 already declared
    data = csv_bytes(STATUSES, rows) if suffix == "csv" else xlsx_bytes(STATUSES, rows)
    client = browser("tinh")
    html, url = upload(client, (f"trang-thai.{suffix}", data))
    assert counts(html) == {"Trạng thái tiêu chí": (3, 2, 0, 1, 0)}
    assert total(html) == 2
    assert "<td>TC5</td>" in html and "<td>Không đạt</td>" in html  # in words, not 0 and 1
    assert status(cao_bang, 2).declared_met is None  # nothing written before the confirmation
    confirm(client, url, html)
    assert (status(cao_bang, 2).declared_met, status(cao_bang, 2).met) == (True, True)
    assert (status(cao_bang, 5).declared_met, status(cao_bang, 5).met) == (False, False)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_values_file_is_previewed_then_imported(cao_bang: CaoBang, suffix: str) -> None:
    code = cao_bang.unit("commune").code
    rows = [f"2019,{code},10.1,45", f"2019,{code},1.1,Đạt", f"2019,{code},11.1,4"]
    data = csv_bytes(VALUES, rows) if suffix == "csv" else xlsx_bytes(VALUES, rows)
    client = browser("tinh")
    html, url = upload(client, (f"gia-tri.{suffix}", data))
    # 10.1 changes (33.5 → 45), 1.1 is already Đạt, 11.1 is new.
    assert counts(html) == {"Giá trị chỉ tiêu": (3, 1, 1, 1, 0)}
    assert total(html) == 2
    assert value(cao_bang, "10.1").value_number == Decimal("33.5")
    confirm(client, url, html)
    assert value(cao_bang, "10.1").value_number == Decimal("45")
    assert value(cao_bang, "11.1").value_number == Decimal("4")
    assert status(cao_bang, 10).computed_met is True  # 45 million ≥ the northern mountains' 36


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_values_file_with_secondary_values_is_previewed_then_imported(
    cao_bang: CaoBang, suffix: str
) -> None:
    code = cao_bang.unit("commune").code
    rows = [f"2019,{code},17.1,92,55", f"2019,{code},10.1,33.5,"]
    data = (
        csv_bytes(VALUES_SECONDARY, rows) if suffix == "csv" else xlsx_bytes(VALUES_SECONDARY, rows)
    )
    client = browser("tinh")
    html, url = upload(client, (f"gia-tri-phu.{suffix}", data))
    assert counts(html) == {"Giá trị chỉ tiêu": (2, 1, 0, 1, 0)}
    assert "92 (phụ 55)" in html
    confirm(client, url, html)
    stored = value(cao_bang, "17.1")
    assert (stored.value_number, stored.secondary_number) == (Decimal("92"), Decimal("55"))


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_province_targets_file_is_previewed_then_imported(cao_bang: CaoBang, suffix: str) -> None:
    province = cao_bang.unit("province")
    rows = [f"2020,{province.code},1,15", f"2020,{province.code},2.1,30", "2020,4,2.5,"]
    data = csv_bytes(TARGETS, rows) if suffix == "csv" else xlsx_bytes(TARGETS, rows)
    client = browser("tinh")
    html, url = upload(client, (f"ke-hoach.{suffix}", data))
    assert counts(html) == {"Chỉ tiêu kế hoạch": (3, 2, 0, 0, 1)}
    assert not Target.objects.filter(unit=province).exists()
    confirm(client, url, html)
    stored = dict(Target.objects.filter(unit=province, year=2020).values_list("row_id", "value"))
    assert stored == {"1": Decimal("15"), "2.1": Decimal("30")}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_district_targets_file_is_previewed_then_imported(cao_bang: CaoBang, suffix: str) -> None:
    district = cao_bang.unit("district")
    rows = [f"2020,{district.code},2.1,2"]
    data = (
        csv_bytes(DISTRICT_TARGETS, rows) if suffix == "csv" else xlsx_bytes(DISTRICT_TARGETS, rows)
    )
    client = browser("tinh")
    html, url = upload(client, (f"ke-hoach-huyen.{suffix}", data))
    assert counts(html) == {"Chỉ tiêu kế hoạch": (1, 1, 0, 0, 0)}
    confirm(client, url, html)
    assert Target.objects.get(unit=district, year=2020, row_id="2.1").value == 2


def test_several_files_of_every_kind_in_one_upload(cao_bang: CaoBang) -> None:
    code, province = cao_bang.unit("commune").code, cao_bang.unit("province").code
    client = browser("tinh")
    html, url = upload(
        client,
        ("s.csv", csv_bytes(STATUSES, [f"2019,{code},4,1"])),
        ("v.xlsx", xlsx_bytes(VALUES, [f"2019,{code},10.1,40"])),
        ("t.csv", csv_bytes(TARGETS, [f"2020,{province},2.1,30"])),
        reason="Số liệu rà soát quý IV",
    )
    assert counts(html) == {
        "Trạng thái tiêu chí": (1, 1, 0, 0, 0),
        "Giá trị chỉ tiêu": (1, 0, 1, 0, 0),
        "Chỉ tiêu kế hoạch": (1, 1, 0, 0, 0),
    }
    confirm(client, url, html)
    assert status(cao_bang, 4).declared_met is True
    assert value(cao_bang, "10.1").value_number == 40
    assert ChangeRecord.objects.filter(reason="Số liệu rà soát quý IV").count() == 3


def _cell(sheet, code: str, title_start: str):
    row = next(
        r for r in range(2, sheet.max_row + 1) if str(sheet.cell(row=r, column=1).value) == code
    )
    col = next(
        c
        for c in range(1, sheet.max_column + 1)
        if str(sheet.cell(row=1, column=c).value).startswith(title_start)
    )
    return sheet.cell(row=row, column=col)


def test_the_peoples_workbook_is_downloaded_filled_and_imported(cao_bang: CaoBang) -> None:
    commune, neighbour = cao_bang.unit("commune"), cao_bang.unit("neighbour")
    client = browser("tinh")
    response = client.get(reverse("interchange:workbook") + "?year=2019")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    statuses, values = book["Tiêu chí"], book["Chỉ tiêu"]
    assert _cell(statuses, commune.code, "TC19 ").value == "Đạt"  # what is known is filled in
    _cell(statuses, commune.code, "TC2 ").value = "Đạt"
    _cell(statuses, neighbour.code, "TC7 ").value = "Không đạt"
    _cell(
        values, commune.code, "10.1 "
    ).value = "34,5"  # typed the Vietnamese way; TC10 stays not met
    _cell(values, neighbour.code, "11.1 ").value = 3
    out = io.BytesIO()
    book.save(out)

    # The workbook comes back with what was known (unchanged) and the four cells typed; its
    # criterion cells hold the declared statuses only (the computed ones are shown beside them).
    known_statuses = CriterionStatus.objects.filter(
        assessment__year=2019,
        assessment__commune__province=cao_bang.province,
        declared_met__isnull=False,
    ).count()
    known_values = (
        IndicatorValue.objects.filter(
            assessment__year=2019, assessment__commune__province=cao_bang.province
        )
        .filter(Q(value_number__isnull=False) | Q(value_bool__isnull=False))
        .count()
    )
    html, url = upload(client, ("bang-nhap-lieu.xlsx", out.getvalue()))
    assert counts(html) == {
        "Trạng thái tiêu chí": (known_statuses + 2, 2, 0, known_statuses, 0),
        "Giá trị chỉ tiêu": (known_values + 1, 1, 1, known_values - 1, 0),
    }
    assert total(html) == 4
    confirm(client, url, html)
    assert status(cao_bang, 2).declared_met is True
    assert value(cao_bang, "10.1").value_number == Decimal("34.5")
    other = CriterionStatus.objects.get(
        assessment=cao_bang.assessment("neighbour"), criterion__number=7
    )
    assert other.declared_met is False
    assert IndicatorValue.objects.get(
        assessment=cao_bang.assessment("neighbour"), indicator__code="11.1"
    ).value_number == Decimal("3")


def test_a_statuses_file_imported_by_the_province_says_who_declared_it(cao_bang: CaoBang) -> None:
    code = cao_bang.unit("commune").code
    client = browser("tinh")
    html, url = upload(client, ("khai-bao-tinh.csv", csv_bytes(STATUSES, [f"2019,{code},6,1"])))
    confirm(client, url, html)
    declared = status(cao_bang, 6)
    assert declared.declared_by == User.objects.get(username="tinh")
    assert (declared.declared_role, declared.declared_file) == ("province", "khai-bao-tinh.csv")
    assert declared.declared_at is not None
    panel = browser("tinh").get(
        reverse("assessments:criterion_panel", args=[cao_bang.assessment("commune").pk, 6]),
        HTTP_HX_REQUEST="true",
    )
    text = panel.content.decode()
    assert "cán bộ tỉnh" in text and "khai-bao-tinh.csv" in text
    assert "do xã khai báo" not in text


def test_a_refused_file_lists_its_rows_and_keeps_nothing(cao_bang: CaoBang, settings) -> None:
    code = cao_bang.unit("commune").code
    client = browser("tinh")
    response = client.post(
        reverse("interchange:import"),
        {"files": [SimpleUploadedFile("loi.csv", csv_bytes(STATUSES, [f"2019,{code},25,1"]))]},
        HTTP_X_CSRFTOKEN=csrf_token(client),
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không nhập được: tệp có lỗi" in html
    assert "tiêu chí 25 ngoài phạm vi" in html
    assert "/confirm/" not in html
    uploads = settings.DATA_DIR / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_only_the_officer_who_uploaded_may_confirm(cao_bang: CaoBang) -> None:
    code = cao_bang.unit("commune").code
    html, url = upload(browser("tinh"), ("s.csv", csv_bytes(STATUSES, [f"2019,{code},8,1"])))
    other = browser("admin")
    response = other.post(url, {"csrfmiddlewaretoken": csrf_token(other)})
    assert response.status_code == 404
    assert status(cao_bang, 8).declared_met is None


def test_a_cancelled_upload_writes_nothing_and_cannot_be_confirmed(cao_bang: CaoBang) -> None:
    code = cao_bang.unit("commune").code
    client = browser("tinh")
    html, url = upload(client, ("s.csv", csv_bytes(STATUSES, [f"2019,{code},8,1"])))
    cancel = url.replace("/confirm/", "/cancel/")
    response = client.post(cancel, {"csrfmiddlewaretoken": csrf_token(client)})
    assert response.status_code == 302
    response = client.post(url, {"csrfmiddlewaretoken": csrf_token(client)})
    assert response.status_code == 404
    assert status(cao_bang, 8).declared_met is None


def test_a_viewer_is_refused_before_the_uploaded_files_are_read(
    cao_bang: CaoBang, settings, monkeypatch
) -> None:
    from ntm.interchange import views

    def never(*args, **kwargs):
        raise AssertionError("the upload was read")

    monkeypatch.setattr(views, "upload_store", never)
    monkeypatch.setattr(views.ImportForm, "__init__", never)
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    data = SimpleUploadedFile("s.csv", csv_bytes(STATUSES, ["2019,1,1,1"]))
    response = client.post(reverse("interchange:import"), {"files": [data]}, **HTMX)
    assert response.status_code == 403
    assert client.get(reverse("interchange:import")).status_code == 403
    uploads = settings.DATA_DIR / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_a_file_over_the_size_limit_is_refused_by_the_form(cao_bang: CaoBang, settings) -> None:
    settings.NTM_IMPORT_MAX_BYTES = 100
    code = cao_bang.unit("commune").code
    client = browser("tinh")
    rows = [f"2019,{code},{n},1" for n in range(1, 20)]
    response = client.post(
        reverse("interchange:import"),
        {"files": [SimpleUploadedFile("to.csv", csv_bytes(STATUSES, rows))]},
        HTTP_X_CSRFTOKEN=csrf_token(client),
        **HTMX,
    )
    assert response.status_code == 200
    assert "Tệp “to.csv” lớn quá 100 byte (NTM_IMPORT_MAX_BYTES)." in response.content.decode()
    uploads = settings.DATA_DIR / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_the_workbook_is_offered_for_the_years_a_criteria_set_applies_to(cao_bang: CaoBang) -> None:
    from ntm.criteria.selectors import years_with_criteria_set

    html = browser("tinh").get(IMPORT_URL).content.decode()
    select = re.search(r'<select id="wb-year" name="year">(.*?)</select>', html, re.S)
    assert select
    offered = [int(y) for y in re.findall(r'<option value="(\d+)"', select.group(1))]
    assert offered == sorted(years_with_criteria_set(province=cao_bang.unit("province")))
    assert offered and 2021 not in offered
