"""Hostile files: each is refused by a limit, saying file, row and column, and nothing is written.

The files are built here: an .xlsx whose sheet claims a huge size or has many
empty styled rows, an .xlsx with a huge member that compresses well (a zip
bomb), a CSV of millions of newlines, a very long cell, too many columns.
"""

import io
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from ntm.accounts.services import profile_set
from ntm.interchange.errors import ImportRefused
from ntm.interchange.records import Source
from ntm.interchange.services import files_import, sources_import

from .conftest import csv_text, db_state

STATUSES = "year,commune_code,criterion,met"
SHEET = "xl/worksheets/sheet1.xml"


def refusal(sources: list[Source], **kwargs) -> list[str]:
    before = db_state()
    with pytest.raises(ImportRefused) as info:
        sources_import(sources=sources, **kwargs)
    assert db_state() == before
    return [str(e) for e in info.value.errors]


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, cells: list[str]) -> str:
    letters = "ABCD"
    inner = "".join(_inline(f"{letters[i]}{number}", v) for i, v in enumerate(cells))
    return f'<row r="{number}">{inner}</row>'


def xlsx_with_sheet(rows_xml: str, *, dimension: str = "A1:D2") -> bytes:
    """A real .xlsx (made by openpyxl) whose first sheet is replaced by ``rows_xml``."""
    book = Workbook()
    book.active.title = "Số liệu"
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = sheet.encode() if info.filename == SHEET else src.read(info.filename)
            dst.writestr(info.filename, data)
    return out.getvalue()


def _statuses_rows(code: str) -> str:
    header = _row(1, STATUSES.split(","))
    return header + _row(2, ["2019", code, "1", "1"])


# --- Excel -------------------------------------------------------------------------------


def test_a_sheet_claiming_the_whole_grid_is_read_for_what_it_holds(communes):
    data = xlsx_with_sheet(_statuses_rows(communes[0]), dimension="A1:XFD1048576")
    summary = sources_import(sources=[Source("lon.xlsx", data)])
    assert summary.kinds["statuses"].created == 1


def test_empty_styled_cells_far_to_the_right_are_not_columns(communes):
    rows = _statuses_rows(communes[0])[: -len("</row>")] + '<c r="XFD2" s="0"/></row>'
    summary = sources_import(sources=[Source("kieu.xlsx", xlsx_with_sheet(rows))])
    assert summary.kinds["statuses"].created == 1


def test_many_empty_styled_rows_are_refused_at_the_row_limit(communes, settings):
    settings.NTM_IMPORT_MAX_ROWS = 1000
    rows = _statuses_rows(communes[0]) + "".join(
        f'<row r="{n}"><c r="XFD{n}" s="0"/></row>' for n in range(3, 20_000)
    )
    data = xlsx_with_sheet(rows, dimension="A1:XFD1048576")
    assert len(data) < 200_000
    errors = refusal([Source("dong.xlsx", data)])
    assert errors == [
        "dong.xlsx[Số liệu]:1001: tệp có hơn 1000 dòng (kể cả dòng trống), quá giới hạn "
        "(NTM_IMPORT_MAX_ROWS); hãy xoá các dòng trống thừa hoặc chia thành nhiều tệp"
    ]


def test_a_cell_with_data_past_the_column_limit_is_refused(communes, settings):
    settings.NTM_IMPORT_MAX_COLUMNS = 10
    rows = _statuses_rows(communes[0])[: -len("</row>")] + _inline("Z2", "x") + "</row>"
    errors = refusal([Source("cot.xlsx", xlsx_with_sheet(rows))])
    assert len(errors) == 1
    assert errors[0] == (
        "cot.xlsx[Số liệu]:2:Z: dòng có số liệu ở cột Z, quá giới hạn 10 cột (NTM_IMPORT_MAX_COLUMNS)"
    )


def test_a_very_long_excel_cell_is_refused_naming_its_cell(communes):
    rows = _statuses_rows(communes[0]).replace("<t>1</t></is></c></row>", "<t>1</t></is></c>")
    rows += _inline("E2", "x" * 5000) + "</row>"
    errors = refusal([Source("dai.xlsx", xlsx_with_sheet(rows))])
    assert errors == [
        "dai.xlsx[Số liệu]:2:E: ô dài 5000 ký tự, quá giới hạn 1000 ký tự một ô "
        "(NTM_IMPORT_MAX_CELL_CHARS)"
    ]


def test_a_zip_bomb_is_refused_from_its_directory_before_it_is_opened(communes):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open(SHEET, "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(64):
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 200_000
    errors = refusal([Source("bom.xlsx", data)])
    assert len(errors) == 1
    assert errors[0].startswith(f"bom.xlsx: tệp Excel có phần “{SHEET}” nén ")
    assert "(giải nén ra 64 MB), quá tỉ lệ nén cho phép 100 lần" in errors[0]


def test_an_xlsx_whose_members_add_up_past_the_limit_is_refused(communes, settings):
    settings.NTM_IMPORT_MAX_UNZIPPED_BYTES = 2000
    errors = refusal([Source("to.xlsx", xlsx_with_sheet(_statuses_rows(communes[0])))])
    assert len(errors) == 1
    assert errors[0].startswith("to.xlsx: tệp Excel giải nén ra ")
    assert "quá giới hạn 2000 byte (NTM_IMPORT_MAX_UNZIPPED_BYTES); tệp không được mở" in errors[0]


# --- CSV -----------------------------------------------------------------------------------


def test_a_csv_of_millions_of_newlines_is_refused_at_the_row_limit_in_bounded_memory(communes):
    data = (STATUSES + "\n").encode() + b"\n" * 3_000_000
    tracemalloc.start()
    try:
        errors = refusal([Source("xuong-dong.csv", data)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert errors == [
        "xuong-dong.csv:500001: tệp có hơn 500000 dòng (kể cả dòng trống), quá giới hạn "
        "(NTM_IMPORT_MAX_ROWS); hãy xoá các dòng trống thừa hoặc chia thành nhiều tệp"
    ]
    # The whole text split into lines would take hundreds of MB; streaming keeps a few.
    assert peak < 40 * 1024 * 1024, peak


def test_a_very_long_csv_cell_is_refused_naming_row_and_column(communes):
    rows = [f"2019,{communes[0]},1,1", f"2019,{communes[0]},2," + "1" * 3000]
    errors = refusal([Source("o.csv", csv_text(STATUSES, rows).encode())])
    assert errors == [
        "o.csv:3:cột 4: ô dài 3000 ký tự, quá giới hạn 1000 ký tự một ô (NTM_IMPORT_MAX_CELL_CHARS)"
    ]


def test_a_csv_row_with_too_many_columns_is_refused(communes):
    rows = [f"2019,{communes[0]},1,1" + ",x" * 300]
    errors = refusal([Source("cot.csv", csv_text(STATUSES, rows).encode())])
    assert errors == ["cot.csv:2: dòng có 304 ô, quá giới hạn 200 cột (NTM_IMPORT_MAX_COLUMNS)"]


def test_one_line_longer_than_any_valid_row_is_refused_before_it_is_parsed(communes):
    data = (STATUSES + "\n").encode() + b"," * 1_000_000 + b"\n"
    errors = refusal([Source("phay.csv", data)])
    assert len(errors) == 1
    assert errors[0].startswith("phay.csv:2: dòng dài 1000001 ký tự, quá giới hạn")


# --- size and rights, before reading -------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(communes, write, settings):
    settings.NTM_IMPORT_MAX_BYTES = 1000
    rows = [f"2019,{communes[0]},{n},1" for n in range(1, 20)] * 5
    path = write("to.csv", csv_text(STATUSES, rows))
    before = db_state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[path])
    assert db_state() == before
    [error] = [str(e) for e in info.value.errors]
    assert error.startswith("to.csv: tệp lớn ")
    assert "quá giới hạn 1000 byte một tệp (NTM_IMPORT_MAX_BYTES)" in error
    errors = refusal([Source("to.csv", path.read_bytes())])
    assert errors == [error]


@pytest.mark.parametrize("role", ["viewer", None])
def test_a_user_who_may_not_import_is_refused_before_the_file_is_read(province, role):
    from django.contrib.auth import get_user_model

    from ntm.core.errors import ApplicationError

    user = get_user_model().objects.create_user(username="u", password="x")
    if role:
        profile_set(user=user, role=role, unit=province)
    before = db_state()
    # Bytes that would be refused as a file if they were read.
    with pytest.raises(ApplicationError) as info:
        sources_import(sources=[Source("x.xlsx", b"PK\x03\x04 not a zip")], user=user)
    assert not isinstance(info.value, ImportRefused)
    assert "nhập số liệu từ tệp" in info.value.message
    assert db_state() == before
