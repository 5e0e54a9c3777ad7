"""A report's text reconciled: its own arithmetic, its figures against each other and NTM's."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ntm.quality.text import TextFigures, amounts_against, text_reconcile

FIGURES = TextFigures(
    year=2019,
    communes=200,
    average=Decimal("11.25"),
    criteria={2: 50, 3: 120},
    below_ten_fall=7,
)


def _found(*lines: str) -> list[str]:
    return [f.text() for f in text_reconcile(list(lines), FIGURES)]


def test_a_disbursement_rate_is_the_disbursed_over_the_allocated() -> None:
    assert (
        _found(
            "- Vốn sự nghiệp: 200.000 triệu đồng. Đến 31/12, giải ngân được 150.000 triệu đồng "
            "(bằng 75%)."
        )
        == []
    )
    assert _found(
        "- Vốn đầu tư: 1.000 triệu đồng (Trong đó, có 100 triệu đồng dự phòng). "
        "Giải ngân được 500 triệu đồng (bằng 55,5%)."
    ) == ["dòng 1: “bằng 55,5%”: 500 / 1.000 = 50,00%"]


def test_a_criterions_communes_and_share_against_the_data() -> None:
    assert _found("+ 50 xã đạt tiêu chí số 2 - Giao thông (bằng 25,00%);") == []
    assert _found("+ 51 xã đạt tiêu chí số 2 - Giao thông (bằng 25,00%);") == [
        "dòng 1: “51 xã đạt tiêu chí số 2 - Giao thông”: số liệu cho 50 xã đạt tiêu chí 2",
        "dòng 1: “bằng 25,00%”: 51 / 200 xã = 25,50%",
    ]


def test_the_average_of_the_year_not_a_target() -> None:
    assert _found("Số tiêu chí bình quân của tỉnh đạt 11,25 tiêu chí/xã.") == []
    assert _found("Số tiêu chí bình quân của tỉnh đạt 11,3 tiêu chí/xã.") == [
        "dòng 1: “bình quân của tỉnh đạt 11,3 tiêu chí/xã”: số liệu cho 11,25 tiêu chí/xã"
    ]
    # next year's part states targets
    assert _found("III. PHƯƠNG HƯỚNG NĂM 2020", "- Bình quân tiêu chí đạt 13 tiêu chí/xã.") == []


def test_the_same_document_cited_with_two_numbers() -> None:
    found = _found(
        "- Quyết định số 12/QĐ-UBND ngày 02/3/2019 của UBND tỉnh;",
        "Theo Quyết định số 21/QĐ-UBND ngày 2/3/2019 …",
        "Quyết định số 12/QĐ-UBND ngày 05/3/2019 (another document)",
    )
    assert found == [
        "dòng 2: “Quyết định số 21/QĐ-UBND ngày 2/3/2019”: dòng 1 ghi “Quyết định số "
        "12/QĐ-UBND ngày 02/3/2019”: cùng văn bản, hai số khác nhau"
    ]


def test_the_fall_below_ten_against_the_plans_table() -> None:
    assert _found("- Giảm 7 xã đạt dưới 10 tiêu chí.") == []
    assert _found("- Giảm 5 xã đạt dưới 10 tiêu chí.")[0].startswith(
        "dòng 1: “Giảm 5 xã đạt dưới 10 tiêu chí”: bảng kế hoạch cho giảm 7 xã"
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddemo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_the_seeds_text_gets_its_known_contradictions(demo, tmp_path):
    text = Path(__file__).parent / "data" / "report-2019.md"
    out = StringIO()
    with pytest.raises(SystemExit) as status:
        call_command("reconcile", str(text), "--province", "4", "--year", "2019", stdout=out)
    assert status.value.code == 1
    assert out.getvalue().splitlines() == [
        "dòng 69: “bằng 94,46%”: 104.516 / 108.400 = 96,42%",
        "dòng 161: “Giảm 11 xã đạt dưới 10 tiêu chí”: bảng kế hoạch cho giảm 13 xã (số xã "
        "dưới 10 tiêu chí năm 2019 trừ số kế hoạch năm 2020)",
        "dòng 163: “Kế hoạch số 3093/KH-UBND ngày 30/8/2019”: dòng 39 ghi “Kế hoạch số "
        "3095/KH-UBND ngày 30/8/2019”: cùng văn bản, hai số khác nhau",
    ]
    # the same text as a Word file reads alike
    import docx

    document = docx.Document()
    for line in text.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "bao-cao.docx")
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "reconcile",
            str(tmp_path / "bao-cao.docx"),
            "--province",
            "4",
            "--year",
            "2019",
            stdout=out,
        )
    assert len(out.getvalue().splitlines()) == 3


CHANGES = TextFigures(
    year=2019,
    communes=177,
    average=Decimal("10.62"),
    criteria={2: 61},
    below_ten_fall=None,
    criteria_change={2: Decimal("10.17")},
    average_change=Decimal("1.07"),
    average_percent_of_plan=Decimal("96.55"),
    standard_new=5,
    standard_new_percent_of_plan=Decimal("83.33"),
    standard=20,
)


def _changes(*lines: str) -> list[str]:
    return [f.text() for f in text_reconcile(list(lines), CHANGES)]


def test_a_criterions_change_in_points_against_the_data() -> None:
    line = "+ 61 xã đạt tiêu chí số 2 - Giao thông (bằng 34,46%); tăng {} so với năm 2018,"
    assert _changes(line.format("10,17%")) == []
    assert _changes(line.format("10,2%")) == []  # printed to one decimal: within its rounding
    assert _changes(line.format("12,17%")) == [
        "dòng 1: “tăng 12,17%”: số liệu cho tăng 10,17% (điểm phần trăm)"
    ]
    assert _changes(line.format("10,17%").replace("tăng", "giảm")) == [
        "dòng 1: “giảm 10,17%”: số liệu cho tăng 10,17% (điểm phần trăm)"
    ]


def test_the_averages_share_of_the_plan_and_its_change() -> None:
    line = (
        "Số tiêu chí bình quân của tỉnh đạt 10,62 tiêu chí/xã (bằng {} so với kế hoạch), thấp "
        "hơn so với bình quân chung; tăng {} tiêu chí/xã so với năm 2018."
    )
    assert _changes(line.format("96,55%", "1,07")) == []
    assert _changes(line.format("95,55%", "1,27")) == [
        "dòng 1: “bằng 95,55% so với kế hoạch”: số liệu cho bằng 96,55% so với kế hoạch",
        "dòng 1: “tăng 1,27 tiêu chí/xã so với năm 2018”: số liệu cho tăng 1,07 tiêu chí/xã "
        "so với năm 2018",
    ]
    # a change against another year is another statement
    assert _changes(line.format("96,55%", "3,5").replace("năm 2018", "năm 2015")) == []


def test_the_communes_newly_meeting_the_standard_and_their_total() -> None:
    line = (
        "Năm 2019, có thêm {} xã[^2] đạt 19 tiêu chí (bằng {} so với kế hoạch), nâng tổng số "
        "xã đạt chuẩn nông thôn mới toàn tỉnh lên {} xã, chiếm {} trên tổng số xã;"
    )
    assert _changes(line.format("05", "83,33%", "20", "11,3%")) == []
    assert _changes(line.format("06", "83,33%", "21", "11,3%")) == [
        "dòng 1: “có thêm 06 xã[^2] đạt 19 tiêu chí”: số liệu cho thêm 5 xã đạt chuẩn",
        "dòng 1: “tổng số xã đạt chuẩn nông thôn mới toàn tỉnh lên 21 xã”: số liệu cho "
        "20 xã đạt chuẩn",
        "dòng 1: “chiếm 11,3%”: 21 / 177 xã = 11,86%",
    ]
    assert _changes(line.format("05", "80%", "20", "12%")) == [
        "dòng 1: “bằng 80% so với kế hoạch”: số liệu cho bằng 83,33% so với kế hoạch",
        "dòng 1: “chiếm 12%”: 20 / 177 xã = 11,30%",
    ]


def test_figures_withheld_in_a_provisional_year_are_not_compared() -> None:
    """A provisional year's changes are withheld (None): the text's are not contradicted."""
    line = "+ 50 xã đạt tiêu chí số 2 - Giao thông (bằng 25,00%); tăng 99% so với năm 2018,"
    assert _found(line) == []
    assert _changes(line.replace("50 xã", "61 xã").replace("25,00%", "34,46%")) == [
        "dòng 1: “tăng 99%”: số liệu cho tăng 10,17% (điểm phần trăm)"
    ]


def test_planted_errors_in_the_seeds_text_are_each_named_and_nothing_else(demo, tmp_path):
    text = (Path(__file__).parent / "data" / "report-2019.md").read_text(encoding="utf-8")
    for printed, planted in [
        ("tăng 10,17% so với năm 2018", "tăng 12,17% so với năm 2018"),
        ("có thêm 05 xã", "có thêm 06 xã"),
        ("(bằng 96,55% so với kế hoạch)", "(bằng 95,55% so với kế hoạch)"),
        ("tăng 1,07 tiêu chí/xã so với năm 2018", "tăng 1,17 tiêu chí/xã so với năm 2018"),
        ("chiếm 11,3% trên", "chiếm 11,5% trên"),
        ("Trung ương:** 422.200 triệu đồng", "Trung ương:** 432.200 triệu đồng"),
        ("giải ngân được 262.336", "giải ngân được 262.363"),
    ]:
        assert printed in text
        text = text.replace(printed, planted, 1)
    (tmp_path / "planted.md").write_text(text, encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "reconcile",
            str(tmp_path / "planted.md"),
            "--province",
            "4",
            "--year",
            "2019",
            stdout=out,
        )
    lines = out.getvalue().splitlines()
    assert lines[:2] == [
        "dòng 66: “432.200 triệu đồng”: số liệu cho 422.200 triệu đồng",
        "dòng 68: “262.363 triệu đồng”: số liệu cho 262.336 triệu đồng",
    ]
    assert lines[3:8] == [
        "dòng 89: “có thêm 06 xã[^2] đạt 19 tiêu chí”: số liệu cho thêm 5 xã đạt chuẩn",
        "dòng 89: “chiếm 11,5%”: 20 / 177 xã = 11,30%",
        "dòng 93: “bằng 95,55% so với kế hoạch”: số liệu cho bằng 96,55% so với kế hoạch",
        "dòng 93: “tăng 1,17 tiêu chí/xã so với năm 2018”: số liệu cho tăng 1,07 tiêu chí/xã "
        "so với năm 2018",
        "dòng 103: “tăng 12,17%”: số liệu cho tăng 10,17% (điểm phần trăm)",
    ]
    assert len(lines) == 10  # the seed's own three, and the seven planted


def test_the_page_reconciles_an_uploaded_report_text_in_the_readers_language(demo, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ntm.units.models import AdminUnit
    from tests.factories import user_make

    province = AdminUnit.objects.filter(code="4", level=1).order_by("-valid_from").first()
    text = (Path(__file__).parent / "data" / "report-2019.md").read_bytes()
    client.force_login(user_make("tinh-doi-chieu", "province", province))
    upload = {"unit": province.pk, "year": 2019, "file": SimpleUploadedFile("bao-cao.md", text)}
    html = client.post("/quality/reconcile/", upload).content.decode()
    assert "dòng 69: “bằng 94,46%”: 104.516 / 108.400 = 96,42%" in html
    assert "3 chỗ sai lệch." in html
    client.cookies["django_language"] = "en"
    upload["file"] = SimpleUploadedFile("bao-cao.md", text)
    html = client.post("/quality/reconcile/", upload, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "line 163: “Kế hoạch số 3093/KH-UBND ngày 30/8/2019”: line 39 reads" in html
    # a file of another kind is refused by name
    upload["file"] = SimpleUploadedFile("bao-cao.pdf", b"%PDF")
    html = client.post("/quality/reconcile/", upload).content.decode()
    assert "bao-cao.pdf" in html and ".docx" in html


def test_an_amount_under_its_heading_against_the_report_ntm_writes() -> None:
    own = [
        "a) Nguồn ngân sách Trung ương: 422.200 triệu đồng. Trong đó:",
        "- Vốn sự nghiệp: 108.400 triệu đồng. Đến 31/12, giải ngân được 104.516 triệu đồng.",
        "Trong đó: 5 triệu đồng",
        "Trong đó: 6 triệu đồng",
    ]
    printed = [
        "**a) Nguồn ngân sách Trung ương:** 422.200 triệu đồng. Trong đó:",
        "- Vốn sự nghiệp: 108.400,0 triệu đồng. Đến 31/12, giải ngân được 104.561 triệu đồng.",
        "Trong đó: 7 triệu đồng",  # a heading NTM writes twice is not compared
        "- Vốn khác: 9 triệu đồng",  # nor one it does not write
    ]
    assert [f.text() for f in amounts_against(printed, own)] == [
        "dòng 2: “104.561 triệu đồng”: số liệu cho 104.516 triệu đồng"
    ]
