"""A targets file's optional ``high`` (a range's high bound) and ``note`` (the plan's words)."""

from decimal import Decimal

import pytest

from ntm.interchange.errors import ImportRefused
from ntm.interchange.selectors import targets_rows
from ntm.interchange.services import files_import
from ntm.plans.models import Target

from .conftest import PROVINCE, csv_text, db_state

RANGES = "year,province_code,row_id,value,high,note"


def _refused(path) -> list[str]:
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[path])
    return [str(e) for e in info.value.errors]


def _stored(province) -> dict[str, tuple]:
    rows = Target.objects.filter(unit=province, year=2020).values_list(
        "row_id", "value", "high", "note"
    )
    return {r[0]: r[1:] for r in rows}


def test_a_range_and_the_plans_words_are_imported_with_the_target(province, write):
    rows = [
        f"2020,{PROVINCE},1,12.00,12.50,",
        f"2020,{PROVINCE},2.1,28,,theo Kế hoạch số 12/KH-UBND",
        f"2020,{PROVINCE},3.2,85,90,  danh sách   kèm theo ",
    ]
    files_import(paths=[write("t.csv", csv_text(RANGES, rows))])
    assert _stored(province) == {
        "1": (Decimal("12"), Decimal("12.5"), ""),
        "2.1": (Decimal("28"), None, "theo Kế hoạch số 12/KH-UBND"),
        "3.2": (Decimal("85"), Decimal("90"), "danh sách kèm theo"),
    }


def test_a_file_without_the_optional_columns_still_reads(province, write):
    files_import(
        paths=[write("t.csv", csv_text("year,province_code,row_id,value", ["2020,6,1,12"]))]
    )
    assert _stored(province) == {"1": (Decimal("12"), None, "")}


def test_the_export_writes_the_range_and_note_back_and_reimporting_changes_nothing(province, write):
    rows = [f"2020,{PROVINCE},1,12.00,12.50,", f"2020,{PROVINCE},2.1,28,30,theo KH 12"]
    files_import(paths=[write("t.csv", csv_text(RANGES, rows))])
    exported = targets_rows(province_code=PROVINCE, years=[2020])
    assert [(r["row_id"], r.get("high"), r.get("note")) for r in exported] == [
        ("1", "12.5", None),
        ("2.1", "30", "theo KH 12"),
    ]
    before = db_state()
    summary = files_import(paths=[write("t.csv", csv_text(RANGES, rows))])
    assert summary.changed == 0 and db_state() == before


CASES = [
    ("high below the value", "2020,6,2.1,28,20,", "high", "phải lớn hơn chỉ tiêu"),
    ("high equal to the value", "2020,6,1,12,12,", "high", "phải lớn hơn chỉ tiêu"),
    ("high not whole on a counting row", "2020,6,2.1,28,30.5,", "high", "số nguyên"),
    ("high with three decimals", "2020,6,1,12,12.125,", "high", "2 chữ số thập phân"),
    ("high not a number", "2020,6,1,12,nhiều,", "high", "không phải là một số"),
    ("note too long", "2020,6,1,12,," + "x" * 301, "note", "dài quá 300 ký tự"),
]


@pytest.mark.parametrize(("name", "row", "column", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_range_or_note_is_refused_naming_row_and_column(
    name, row, column, fragment, province, write
):
    files_import(paths=[write("seed.csv", csv_text(RANGES, ["2020,6,2.2,1,,"]))])
    before = db_state()
    errors = _refused(write("bad.csv", csv_text(RANGES, ["2020,6,2.3,1,2,", row])))
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"bad.csv:3:{column}:"), errors
    assert fragment in errors[0], errors
    assert db_state() == before
