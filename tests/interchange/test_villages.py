"""A village's (thôn) criterion statuses through files: its province's village set, usual checks."""

from io import StringIO

import pytest
from django.core.management import call_command

from ntm.assessments.models import Assessment
from ntm.criteria.models import CriteriaSet
from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
from ntm.interchange.errors import ImportRefused
from ntm.interchange.services import files_import

from .conftest import csv_text

VILLAGE_STATUSES = "year,village_code,criterion,met"

# A made-up two-criterion village set for the tests (the shipped Cao Bằng set has no criteria yet).
VILLAGE_SET = """
set:
  code: thon-test-2019-2020
  name_vi: "Bộ tiêu chí thôn thử"
  legal_basis: "Quyết định thử"
  period_start: 2019
  period_end: 2020
  level: thon
  kind: standard
  province: 4
groups: []
criteria:
  - {number: 1, name_vi: "Tiêu chí một", indicators_complete: false, indicators: []}
  - {number: 2, name_vi: "Tiêu chí hai", indicators_complete: false, indicators: []}
"""


# The same set with a third criterion computed from one Đạt/Không đạt indicator.
VILLAGE_SET_WITH_VALUE = (
    VILLAGE_SET
    + """  - number: 3
    name_vi: "Tiêu chí ba"
    indicators:
      - {code: "3.1", content_vi: "Chỉ tiêu thử", unit: "Đạt", kind: boolean, op: "=", national: "Đạt"}
"""
)


def _villages_load(tmp_path, set_text):
    call_command("loadunits", "--province", "4", stdout=StringIO())
    path = tmp_path / "thon.csv"
    path.write_text(
        "commune_code,village_code,village_name,valid_from\n"
        "1438,01,Thôn Nà Mò,01/01/2019\n1438,02,Thôn Cốc Rầy,01/01/2019\n",
        encoding="utf-8",
    )
    call_command("loadvillages", str(path), stdout=StringIO())
    set_path = tmp_path / "thon-test.yaml"
    set_path.write_text(set_text, encoding="utf-8")
    return criteria_set_load(path=set_path).criteria_set


@pytest.fixture
def villages(criteria_2016, tmp_path):
    return _villages_load(tmp_path, VILLAGE_SET)


def test_the_shipped_cao_bang_village_set_loads_as_the_provinces_own(db):
    call_command("loadunits", "--province", "4", stdout=StringIO())
    cset = criteria_set_load(
        path=CRITERIA_DIR / "provinces" / "thon-cao-bang-2019-2020.yaml"
    ).criteria_set
    assert cset.level == CriteriaSet.Level.VILLAGE
    assert cset.province.code == "4"
    assert "376/QĐ-UBND" in cset.legal_basis


def test_village_statuses_create_the_villages_file_with_the_village_set(villages, write):
    rows = ["2019,1438.01,1,1", "2019,1438.01,2,1", "2019,01438.02,1,0"]
    summary = files_import(paths=[write("thon.csv", csv_text(VILLAGE_STATUSES, rows))])
    assert summary.kinds["statuses"].created == 3
    met = Assessment.objects.get(commune__code="1438.01", year=2019)
    assert met.criteria_set == villages
    assert met.level == CriteriaSet.Level.VILLAGE
    assert (met.criteria_met, met.criteria_total, met.meets_standard) == (2, 2, True)
    partial = Assessment.objects.get(commune__code="1438.02", year=2019)
    assert (partial.criteria_met, partial.meets_standard) == (0, False)
    # a village's file never counts among the communes' standard files
    assert not Assessment.objects.standard().filter(commune__level=4).exists()


def test_bad_village_rows_are_refused_naming_file_row_and_column(villages, write):
    rows = ["2019,1438.01,1,1", "2019,1438.09,1,1", "2019,1438,1,1", "2019,1438.02,7,1"]
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[write("thon.csv", csv_text(VILLAGE_STATUSES, rows))])
    errors = [str(e) for e in info.value.errors]
    assert any(e.startswith("thon.csv:3:village_code: không có thôn mã 1438.09") for e in errors)
    assert any(e.startswith("thon.csv:4:village_code: mã thôn không hợp lệ") for e in errors)
    assert any(e.startswith("thon.csv:5:criterion: tiêu chí 7 ngoài phạm vi") for e in errors)
    assert not Assessment.objects.exists()


def test_a_village_without_a_set_that_year_is_refused(villages, write):
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[write("thon.csv", csv_text(VILLAGE_STATUSES, ["2021,1438.01,1,1"]))])
    assert str(info.value.errors[0]).startswith("thon.csv:2:")


def test_village_statuses_export_and_import_back_unchanged(villages, write, tmp_path):
    rows = ["2019,1438.01,1,1", "2019,1438.01,2,0"]
    files_import(paths=[write("thon.csv", csv_text(VILLAGE_STATUSES, rows))])
    out = tmp_path / "thon-xuat.csv"
    call_command(
        "export",
        "--province",
        "4",
        "--years",
        "2019",
        "--villages",
        "-o",
        str(out),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines() == [VILLAGE_STATUSES, *rows]
    summary = files_import(paths=[out])
    assert summary.kinds["statuses"].created == 0


def test_village_values_are_stored_and_the_status_computed(criteria_2016, tmp_path, write):
    _villages_load(tmp_path, VILLAGE_SET_WITH_VALUE)
    rows = ["2019,1438.01,1,1", "2019,1438.01,2,1"]
    files_import(
        paths=[
            write("thon.csv", csv_text(VILLAGE_STATUSES, rows)),
            write(
                "gia-tri.csv",
                csv_text("year,village_code,indicator,value", ["2019,1438.01,3.1,Đạt"]),
            ),
        ]
    )
    a = Assessment.objects.get(commune__code="1438.01", year=2019)
    assert (a.criteria_met, a.criteria_total, a.meets_standard) == (3, 3, True)
