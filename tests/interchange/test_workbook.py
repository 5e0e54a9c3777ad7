"""The people's workbook: what officers see, and imported back without edits it changes nothing."""

import io

import pytest
from openpyxl import load_workbook

from ntm.assessments.models import CriterionStatus, IndicatorValue
from ntm.core.errors import ApplicationError
from ntm.interchange.errors import ImportRefused
from ntm.interchange.selectors import workbook_years
from ntm.interchange.services import files_import, workbook_build

from .conftest import csv_text, db_state


@pytest.fixture
def known(communes, write):
    """Some statuses and values already recorded for 2019."""
    files_import(
        paths=[
            write(
                "s.csv",
                csv_text(
                    "year,commune_code,criterion,met",
                    [f"2019,{communes[0]},3,1", f"2019,{communes[1]},3,0"],
                ),
            ),
            write(
                "v.csv",
                csv_text(
                    "year,commune_code,indicator,value",
                    [f"2019,{communes[2]},10.1,37.5", f"2019,{communes[2]},1.1,Đạt"],
                ),
            ),
        ]
    )


def _save(tmp_path, data: bytes, name: str = "bang-nhap-lieu.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _row_of(sheet, code: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == code:
            return row
    raise AssertionError(code)


def _column_of(sheet, title_start: str) -> int:
    for col in range(1, sheet.max_column + 1):
        if str(sheet.cell(row=1, column=col).value).startswith(title_start):
            return col
    raise AssertionError(title_start)


def test_the_workbook_has_a_row_per_commune_and_a_column_per_criterion(province, communes, known):
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    assert book.sheetnames == ["Tiêu chí", "Chỉ tiêu", "Thông tin"]
    sheet = book["Tiêu chí"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Mã xã", "Huyện", "Xã", "TC1 Quy hoạch"]
    assert header[3 + 18] == "TC19 Quốc phòng và AN"
    assert header[-2:] == ["Số tiêu chí đạt", "Kết quả tự tính theo chỉ tiêu (chỉ để xem)"]
    assert sheet.max_row == 1 + len(communes)
    assert sheet.freeze_panes == "D2"
    assert sorted(
        str(sheet.cell(row=r, column=1).value) for r in range(2, sheet.max_row + 1)
    ) == sorted(communes)
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"Đạt,Không đạt"'
    tc3 = _column_of(sheet, "TC3 ")
    assert sheet.cell(row=_row_of(sheet, communes[0]), column=tc3).value == "Đạt"
    assert sheet.cell(row=_row_of(sheet, communes[1]), column=tc3).value == "Không đạt"
    assert sheet.cell(row=_row_of(sheet, communes[3]), column=tc3).value is None
    values = book["Chỉ tiêu"]
    assert values.freeze_panes == "D2"
    row = _row_of(values, communes[2])
    assert values.cell(row=row, column=_column_of(values, "10.1 ")).value == 37.5
    assert values.cell(row=row, column=_column_of(values, "1.1 ")).value == "Đạt"
    info = {r[0]: r[1] for r in book["Thông tin"].iter_rows(min_row=3, max_row=7, values_only=True)}
    assert info["Mã tỉnh"] == "6" and info["Năm"] == 2019


def test_a_workbook_imported_back_without_edits_changes_nothing(province, known, tmp_path):
    path = _save(tmp_path, workbook_build(province=province, year=2019))
    before = db_state()
    summary = files_import(paths=[path])
    assert summary.changed == 0
    assert db_state() == before


def test_the_officers_edits_are_imported_and_nothing_else(province, communes, known, tmp_path):
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    sheet = book["Tiêu chí"]
    sheet.cell(row=_row_of(sheet, communes[4]), column=_column_of(sheet, "TC5 ")).value = "Đạt"
    sheet.cell(row=_row_of(sheet, communes[1]), column=_column_of(sheet, "TC3 ")).value = "Đạt"
    values = book["Chỉ tiêu"]
    values.cell(row=_row_of(values, communes[2]), column=_column_of(values, "10.1 ")).value = "40,5"
    out = io.BytesIO()
    book.save(out)
    summary = files_import(paths=[_save(tmp_path, out.getvalue())])
    assert sorted((c.unit_code, c.key, c.before, c.after) for c in summary.changes) == sorted(
        [
            (communes[4], "TC5", None, "Đạt"),
            (communes[1], "TC3", "Không đạt", "Đạt"),
            (communes[2], "10.1", "37.5", "40.5"),
        ]
    )
    assert (
        CriterionStatus.objects.get(assessment__commune__code=communes[1], criterion__number=3).met
        is True
    )
    assert str(IndicatorValue.objects.get(indicator__code="10.1").value_number) == "40.5000"


def test_a_bad_cell_names_the_sheet_the_row_and_the_column(province, communes, known, tmp_path):
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    sheet = book["Tiêu chí"]
    row, col = _row_of(sheet, communes[4]), _column_of(sheet, "TC3 ")
    sheet.cell(row=row, column=col).value = "Có"
    out = io.BytesIO()
    book.save(out)
    before = db_state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[_save(tmp_path, out.getvalue(), "wb.xlsx")])
    assert [str(e) for e in info.value.errors] == [
        f"wb.xlsx[Tiêu chí]:{row}:TC3 Thủy lợi: cần “Đạt” hoặc “Không đạt”, không phải “Có”"
    ]
    assert db_state() == before


def test_a_year_changed_to_nonsense_is_refused_on_the_information_sheet(province, known, tmp_path):
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    book["Thông tin"]["B5"] = "năm nay"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[_save(tmp_path, out.getvalue(), "wb.xlsx")])
    assert str(info.value.errors[0]).startswith("wb.xlsx[Thông tin]:5:Năm: năm không hợp lệ")


def _computed_only(code: str) -> CriterionStatus:
    """A status of commune ``code`` that the rules computed and nobody declared."""
    found = CriterionStatus.objects.filter(
        assessment__commune__code=code, computed_met__isnull=False, declared_met__isnull=True
    ).select_related("criterion")
    assert found, "the fixture's values give no computed status"
    return found[0]


def test_a_computed_status_is_shown_beside_the_criteria_never_in_a_criterion_cell(
    province, communes, known
):
    status = _computed_only(communes[2])
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    sheet = book["Tiêu chí"]
    row = _row_of(sheet, communes[2])
    column = _column_of(sheet, f"TC{status.criterion.number} ")
    assert sheet.cell(row=row, column=column).value is None
    shown = sheet.cell(row=row, column=_column_of(sheet, "Kết quả tự tính")).value
    verdict = "Đạt" if status.computed_met else "Không đạt"
    assert f"{verdict}: " in shown and f"TC{status.criterion.number}" in shown


def test_a_workbook_with_edited_values_declares_no_status_the_rules_computed(
    province, communes, known, tmp_path
):
    """The statuses computed from the old values must not come back as declarations."""
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    values = book["Chỉ tiêu"]
    values.cell(
        row=_row_of(values, communes[2]), column=_column_of(values, "1.1 ")
    ).value = "Không đạt"
    out = io.BytesIO()
    book.save(out)
    summary = files_import(paths=[_save(tmp_path, out.getvalue())])
    assert [(c.kind, c.key) for c in summary.changes] == [("values", "1.1")]
    assert not CriterionStatus.objects.filter(
        assessment__commune__code=communes[2], declared_met__isnull=False
    ).exists()


def test_a_status_the_officer_types_is_a_declaration_even_where_the_values_agree(
    province, communes, known, tmp_path
):
    status = _computed_only(communes[2])
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    sheet = book["Tiêu chí"]
    cell = sheet.cell(
        row=_row_of(sheet, communes[2]), column=_column_of(sheet, f"TC{status.criterion.number} ")
    )
    cell.value = "Đạt" if status.computed_met else "Không đạt"
    out = io.BytesIO()
    book.save(out)
    summary = files_import(paths=[_save(tmp_path, out.getvalue())])
    assert [(c.unit_code, c.key) for c in summary.changes] == [
        (communes[2], f"TC{status.criterion.number}")
    ]
    status.refresh_from_db()
    assert status.declared_met is status.computed_met
    assert status.source == CriterionStatus.Source.DECLARED
    assert status.declared_file == "bang-nhap-lieu.xlsx"
    # Imported again unchanged, it is the same declaration: nothing changes.
    assert files_import(paths=[_save(tmp_path, out.getvalue())]).changed == 0


def test_the_workbook_is_offered_and_made_only_for_years_with_a_criteria_set(province):
    assert workbook_years(province=province) == [2015, 2016, 2017, 2018, 2019, 2020]
    with pytest.raises(ApplicationError) as info:
        workbook_build(province=province, year=2021)
    assert info.value.message == (
        "Năm 2021 không có bộ tiêu chí áp dụng, không lập được bảng nhập liệu "
        "(có thể chọn từ 2015 đến 2020)."
    )


def test_a_workbook_of_a_province_out_of_scope_is_refused_before_its_data_are_read(
    province, communes, known, monkeypatch
):
    from django.contrib.auth import get_user_model

    from ntm.accounts.services import profile_set
    from ntm.interchange import workbook
    from ntm.interchange.records import Source
    from ntm.interchange.services import sources_import
    from ntm.units.models import AdminUnit
    from tests.factories import unit_make

    other = unit_make("99", "Thử", level=1, kind=AdminUnit.Kind.PROVINCE)
    outsider = get_user_model().objects.create_user(username="tinh_khac", password="x")
    profile_set(user=outsider, role="province", unit=other)
    insider = get_user_model().objects.create_user(username="huyen", password="x")
    district = AdminUnit.objects.get(level=3, code=communes[0]).parent
    profile_set(user=insider, role="district", unit=district)
    data = workbook_build(province=province, year=2019)

    def never(*args, **kwargs):
        raise AssertionError("a data sheet was read")

    before = db_state()
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "_statuses_read", never)
        patch.setattr(workbook, "_values_read", never)
        with pytest.raises(ImportRefused) as info:
            sources_import(sources=[Source("wb.xlsx", data)], user=outsider)
    assert [str(e) for e in info.value.errors] == [
        "wb.xlsx[Thông tin]:3:Mã tỉnh: bảng nhập liệu của Tỉnh Bắc Kạn nằm ngoài phạm vi quản lý "
        "của bạn; các trang số liệu không được đọc"
    ]
    assert db_state() == before
    # An officer whose units overlap the province's gets the rows checked one by one.
    with pytest.raises(ImportRefused) as info:
        sources_import(sources=[Source("wb.xlsx", data)], user=insider)
    assert all("[Thông tin]" not in str(e) for e in info.value.errors)
