"""Importing interchange files: what is written, and refusals that leave the database as it was."""

from decimal import Decimal

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.core.models import ChangeRecord
from ntm.interchange.errors import MAX_ERRORS, ImportRefused
from ntm.interchange.services import files_import
from ntm.plans.models import Target

from .conftest import PROVINCE, csv_text, db_state

STATUSES = "year,commune_code,criterion,met"
VALUES = "year,commune_code,indicator,value"
TARGETS = "year,province_code,row_id,value"


def refused(paths) -> list[str]:
    """The error lines of an import that must be refused."""
    with pytest.raises(ImportRefused) as info:
        files_import(paths=paths)
    return [str(e) for e in info.value.errors]


def all_met(code: str, year: int, n: int = 19) -> list[str]:
    return [f"{year},{code},{c},1" for c in range(1, n + 1)]


# --- what is written -------------------------------------------------------------------


def test_statuses_create_assessments_declarations_and_counts(communes, write):
    a, b = communes[:2]
    rows = all_met(a, 2019) + [f"2019,{b},1,1", f"2019,{b},2,0"]
    summary = files_import(paths=[write("st.csv", csv_text(STATUSES, rows))])

    assert summary.kinds["statuses"].created == 21
    assert summary.assessments_created == 2
    full = Assessment.objects.get(commune__code=a, year=2019)
    assert (full.criteria_met, full.criteria_total, full.meets_standard) == (19, 19, True)
    partial = Assessment.objects.get(commune__code=b, year=2019)
    assert (partial.criteria_met, partial.meets_standard) == (1, False)
    status = CriterionStatus.objects.get(assessment=partial, criterion__number=2)
    assert (status.declared_met, status.met, status.source) == (False, False, "declared")


def test_codes_with_leading_zeros_and_a_bom_are_accepted(communes, write):
    code = communes[0]
    path = write("bom.csv", "\ufeff" + csv_text(STATUSES, [f"2019,0{code},1,1"]))
    files_import(paths=[path])
    assert (
        CriterionStatus.objects.get(assessment__commune__code=code, criterion__number=1).met is True
    )


def test_values_are_stored_and_statuses_computed_from_them(communes, write):
    code = communes[0]
    rows = [
        f"2019,{code},10.1,20.5",
        f"2019,{code},1.1,Đạt",
        f"2019,{code},1.2,Đạt",
        f"2019,{code},11.1,5",
    ]
    summary = files_import(paths=[write("v.csv", csv_text(VALUES, rows))])

    assert summary.kinds["values"].created == 4
    values = dict(
        IndicatorValue.objects.filter(assessment__commune__code=code).values_list(
            "indicator__code", "value_number"
        )
    )
    assert values["10.1"] == Decimal("20.5")
    verdict = IndicatorValue.objects.get(assessment__commune__code=code, indicator__code="1.1")
    assert verdict.value_bool is True and verdict.value_number is None
    statuses = dict(
        CriterionStatus.objects.filter(assessment__commune__code=code).values_list(
            "criterion__number", "met"
        )
    )
    # Bắc Kạn is in the northern mountains: income ≥ 36 million, poverty ≤ 12 %.
    assert statuses[1] is True and statuses[10] is False and statuses[11] is True
    source = CriterionStatus.objects.get(
        assessment__commune__code=code, criterion__number=10
    ).source
    assert source == "computed"


def test_targets_are_stored_for_the_province(province, write):
    rows = [
        f"2020,{PROVINCE},1,12.00",
        f"2020,0{PROVINCE},2.1,28",
        "2020,6,3.10,35",
        "2020,6,2.1.qd,27",
    ]
    files_import(paths=[write("t.csv", csv_text(TARGETS, rows))])
    stored = dict(Target.objects.filter(unit=province, year=2020).values_list("row_id", "value"))
    assert stored == {
        "1": Decimal("12"),
        "2.1": Decimal("28"),
        "3.10": Decimal("35"),
        "2.1.qd": Decimal("27"),
    }


def test_a_target_row_without_a_value_states_no_target(province, write):
    rows = ["2020,6,2.1,", "2020,6,2.9,20"]
    summary = files_import(paths=[write("t.csv", csv_text(TARGETS, rows))])
    assert list(Target.objects.values_list("row_id", flat=True)) == ["2.9"]
    assert summary.kinds["targets"].skipped == 1


def test_the_same_row_twice_with_the_same_value_is_accepted(communes, write):
    code = communes[0]
    rows = [f"2019,{code},3,1", f"2019,{code},3,1"]
    summary = files_import(paths=[write("d.csv", csv_text(STATUSES, rows))])
    assert CriterionStatus.objects.filter(declared_met=True).count() == 1
    assert summary.changed == 1


def test_importing_the_same_file_again_changes_nothing(communes, write):
    path = write("st.csv", csv_text(STATUSES, all_met(communes[0], 2019)))
    files_import(paths=[path])
    before = db_state()
    summary = files_import(paths=[path])
    assert summary.changed == 0
    assert summary.kinds["statuses"].unchanged == 19
    assert db_state() == before


def test_a_dry_run_reports_the_changes_and_writes_nothing(communes, write):
    code = communes[0]
    files_import(paths=[write("a.csv", csv_text(STATUSES, [f"2019,{code},3,1"]))])
    before = db_state()
    path = write("b.csv", csv_text(STATUSES, [f"2019,{code},3,0", f"2019,{code},4,1"]))
    summary = files_import(paths=[path], dry_run=True)
    assert db_state() == before
    assert summary.dry_run
    assert [(c.key, c.before, c.after) for c in summary.changes] == [
        ("TC3", "Đạt", "Không đạt"),
        ("TC4", None, "Đạt"),
    ]
    assert (summary.kinds["statuses"].created, summary.kinds["statuses"].updated) == (1, 1)


def test_an_update_is_written_to_the_change_log(communes, write):
    code = communes[0]
    files_import(paths=[write("a.csv", csv_text(STATUSES, [f"2019,{code},3,1"]))])
    files_import(
        paths=[write("b.csv", csv_text(STATUSES, [f"2019,{code},3,0"]))], reason="Rà soát lại"
    )
    record = ChangeRecord.objects.filter(action="update").get()
    assert record.before["declared_met"] is True and record.after == {"declared_met": False}
    assert record.reason == "Rà soát lại"


def test_a_status_stated_with_values_in_one_call_is_not_declared_when_the_values_agree(
    communes, write
):
    """An export of a computed province imported back leaves the statuses computed."""
    code = communes[0]
    values = write("v.csv", csv_text(VALUES, [f"2019,{code},10.1,20"]))
    statuses = write("s.csv", csv_text(STATUSES, [f"2019,{code},10,0", f"2019,{code},1,1"]))
    summary = files_import(paths=[statuses, values])
    tc10 = CriterionStatus.objects.get(assessment__commune__code=code, criterion__number=10)
    assert (tc10.declared_met, tc10.computed_met, tc10.met) == (None, False, False)
    tc1 = CriterionStatus.objects.get(assessment__commune__code=code, criterion__number=1)
    assert (tc1.declared_met, tc1.met) == (True, True)
    assert (summary.kinds["statuses"].created, summary.kinds["statuses"].unchanged) == (1, 1)


def test_a_plain_xlsx_with_the_same_columns_is_accepted(communes, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["year", "commune_code", "criterion", "met"])
    sheet.append([2019, int(communes[0]), 5, 1])
    sheet.append([2019.0, communes[1], 5.0, 0])
    path = tmp_path / "st.xlsx"
    book.save(path)
    files_import(paths=[path])
    assert CriterionStatus.objects.filter(declared_met__isnull=False).count() == 2


# --- refusals -----------------------------------------------------------------------------

CASES = [
    # (name, header, row, expected fragment of the error line, column)
    ("unknown commune", STATUSES, "2019,99999,1,1", "không có xã mã 99999", "commune_code"),
    ("ward", STATUSES, "2019,{ward},1,1", "là phường", "commune_code"),
    ("township", STATUSES, "2019,{township},1,1", "là thị trấn", "commune_code"),
    ("criterion 20", STATUSES, "2019,{xa},20,1", "tiêu chí 20 ngoài phạm vi", "criterion"),
    ("criterion 0", STATUSES, "2019,{xa},0,1", "tiêu chí 0 ngoài phạm vi", "criterion"),
    ("criterion text", STATUSES, "2019,{xa},TC1,1", "số tiêu chí không hợp lệ", "criterion"),
    ("met 2", STATUSES, "2019,{xa},1,2", "met phải là 1", "met"),
    ("met word", STATUSES, "2019,{xa},1,Đạt", "met phải là 1", "met"),
    ("met empty", STATUSES, "2019,{xa},1,", "ô trống", "met"),
    ("year text", STATUSES, "20x9,{xa},1,1", "năm không hợp lệ", "year"),
    ("year short", STATUSES, "19,{xa},1,1", "năm không hợp lệ", "year"),
    ("year with decimals", STATUSES, "2019.5,{xa},1,1", "năm không hợp lệ", "year"),
    ("year without set", STATUSES, "1995,{xa},1,1", "Không có bộ tiêu chí", "year"),
    ("indicator unknown", VALUES, "2019,{xa},99.9,1", "không có chỉ tiêu mã “99.9”", "indicator"),
    ("decimal comma", VALUES, '2019,{xa},10.1,"31,5"', "dấu chấm thập phân", "value"),
    ("verdict for a number", VALUES, "2019,{xa},10.1,Đạt", "không phải là một số", "value"),
    ("number for a verdict", VALUES, "2019,{xa},1.1,1", "Đạt", "value"),
    ("ratio over 100", VALUES, "2019,{xa},11.1,140", "0 đến 100", "value"),
    ("target row unknown", TARGETS, "2020,6,4.1,3", "mã dòng “4.1”", "row_id"),
    ("target row beyond the set", TARGETS, "2020,6,3.20,3", "mã dòng “3.20”", "row_id"),
    ("target for no province", TARGETS, "2020,99,1,3", "không có tỉnh mã 99", "province_code"),
    ("target negative", TARGETS, "2020,6,2.1,-3", "không được âm", "value"),
    ("target average over n", TARGETS, "2020,6,1,25", "không vượt quá 19", "value"),
    ("target count not whole", TARGETS, "2020,6,2.1,2.5", "số nguyên", "value"),
    ("target over the communes", TARGETS, "2020,6,3.1,500", "quá số xã", "value"),
    ("too many cells", STATUSES, "2019,{xa},1,1,1", "nhiều ô hơn", None),
]


@pytest.fixture
def existing(communes, write):
    """Some data already there, so that "left as it was" means something."""
    files_import(paths=[write("seed.csv", csv_text(STATUSES, all_met(communes[5], 2019)))])
    files_import(paths=[write("seed-t.csv", csv_text(TARGETS, ["2020,6,2.1,20"]))])
    return db_state()


@pytest.mark.parametrize(
    ("name", "header", "row", "fragment", "column"), CASES, ids=[c[0] for c in CASES]
)
def test_a_malformed_row_is_refused_naming_file_row_and_column(
    name, header, row, fragment, column, communes, ward, township, existing, write
):
    good = {
        STATUSES: f"2019,{communes[0]},1,1",
        VALUES: f"2019,{communes[0]},10.1,40",
        TARGETS: "2020,6,2.2,1",
    }
    text = csv_text(
        header, [good[header], row.format(xa=communes[1], ward=ward, township=township)]
    )
    errors = refused([write("bad.csv", text)])
    assert len(errors) == 1, errors
    where = "bad.csv:3:" + (f"{column}:" if column else "")
    assert errors[0].startswith(where), errors
    assert fragment in errors[0]
    assert db_state() == existing


def test_the_same_key_twice_with_different_values_names_both_rows(communes, existing, write):
    code = communes[0]
    text = csv_text(STATUSES, [f"2019,{code},4,1", f"2019,{code},1,1", f"2019,0{code},4,0"])
    errors = refused([write("dup.csv", text)])
    assert errors == [
        "dup.csv:4:met: trùng khoá với dup.csv:2 nhưng khác giá trị (Đạt ≠ Không đạt)"
    ]
    assert db_state() == existing


def test_the_same_key_in_two_files_with_different_values_is_refused(communes, existing, write):
    code = communes[0]
    first = write("a.csv", csv_text(STATUSES, [f"2019,{code},4,1"]))
    second = write("b.csv", csv_text(STATUSES, [f"2019,{code},4,0"]))
    errors = refused([first, second])
    assert len(errors) == 1 and errors[0].startswith("b.csv:2:met:") and "a.csv:2" in errors[0]
    assert db_state() == existing


@pytest.mark.parametrize(
    ("content", "fragment", "where"),
    [
        (b"", "tệp rỗng", "empty.csv:1:"),
        (b"\xef\xbb\xbf\n\n", "tệp rỗng", "empty.csv:1:"),
        (b"year,commune_code,criterion,met\n", "không có dòng số liệu", "empty.csv:1:"),
        (b"year,commune_code,criterion\n2019,1849,1\n", "thiếu cột “met”", "empty.csv:1:met:"),
        (b"name,score\nA,1\n", "không nhận ra loại tệp", "empty.csv:1:"),
    ],
    ids=["no bytes", "bom and blank lines", "header only", "missing column", "unknown header"],
)
def test_empty_files_and_bad_headers_are_refused(content, fragment, where, existing, write):
    errors = refused([write("empty.csv", content)])
    assert len(errors) == 1 and errors[0].startswith(where) and fragment in errors[0], errors
    assert db_state() == existing


def test_a_file_that_is_not_utf8_is_refused_at_its_row(communes, existing, write):
    content = csv_text(
        STATUSES, [f"2019,{communes[0]},1,1"]
    ).encode() + "2019,1849,2,Không\n".encode("latin-1")
    errors = refused([write("latin.csv", content)])
    assert errors[0].startswith("latin.csv:3:") and "UTF-8" in errors[0]
    assert db_state() == existing


def test_one_bad_file_refuses_the_good_files_of_the_same_call(communes, existing, write):
    good = write("good.csv", csv_text(STATUSES, all_met(communes[0], 2019)))
    values = write("good-values.csv", csv_text(VALUES, [f"2019,{communes[1]},10.1,40"]))
    bad = write("bad.csv", csv_text(STATUSES, [f"2019,{communes[2]},1,x"]))
    errors = refused([good, values, bad])
    assert [e.split(":")[0] for e in errors] == ["bad.csv"]
    assert db_state() == existing


def test_every_error_of_every_file_is_listed_up_to_a_limit(communes, existing, write):
    rows = [f"2019,{code},1,x" for code in communes[:60]]
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[write("many.csv", csv_text(STATUSES, rows)), write("e.csv", b"")])
    assert len(info.value.errors) == MAX_ERRORS
    assert info.value.more == 11
    assert "61 lỗi" in info.value.message
    assert db_state() == existing


def test_a_locked_assessment_is_not_changed_by_an_import(communes, existing, write):
    Assessment.objects.filter(commune__code=communes[5]).update(locked=True)
    before = db_state()
    same = write("same.csv", csv_text(STATUSES, [f"2019,{communes[5]},1,1"]))
    assert files_import(paths=[same]).changed == 0
    errors = refused([write("lock.csv", csv_text(STATUSES, [f"2019,{communes[5]},1,0"]))])
    assert "đã khoá" in errors[0]
    assert db_state() == before


def test_an_xlsx_error_names_the_sheet_row_and_column(communes, existing, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Kế hoạch"
    sheet.append(["year", "province_code", "row_id", "value"])
    sheet.append([2020, 6, "2.2", 1])
    sheet.append([2020, 6, 2.1, 5])  # typed as a number: 2.1 or 2.10?
    path = tmp_path / "plan.xlsx"
    book.save(path)
    errors = refused([path])
    assert len(errors) == 1 and errors[0].startswith("plan.xlsx[Kế hoạch]:3:row_id:")
    assert "2.10" in errors[0]
    assert db_state() == existing


def test_without_units_or_criteria_the_import_says_what_to_load(db, write):
    errors = refused([write("s.csv", csv_text(STATUSES, ["2019,1849,1,1"]))])
    assert "ntm loadunits" in errors[0]


def test_without_criteria_the_import_says_what_to_load(db, write):
    from ntm.units.services import units_load

    units_load(province_code=PROVINCE)
    errors = refused([write("s.csv", csv_text(STATUSES, ["2019,1849,1,1"]))])
    assert "ntm loadcriteria" in errors[0]


def test_a_province_over_three_years_imports_in_a_bounded_number_of_queries(
    communes, write, django_assert_max_num_queries
):
    """Queries do not grow with the rows (timings: bench/import_statuses.py)."""
    rows = [
        f"{y},{c},{n},{(int(c) + n + y) % 3 != 0:d}"
        for y in (2017, 2018, 2019)
        for c in communes
        for n in range(1, 20)
    ]
    path = write("big.csv", csv_text(STATUSES, rows))
    with django_assert_max_num_queries(250):
        summary = files_import(paths=[path])
    assert summary.kinds["statuses"].created == len(rows) == 3 * 19 * len(communes)
    assert Assessment.objects.count() == 3 * len(communes)
    with django_assert_max_num_queries(20):
        assert files_import(paths=[path]).changed == 0


def test_a_district_plan_uses_the_district_code_header(province, write):
    from ntm.units.models import AdminUnit

    district = AdminUnit.objects.filter(level=2, province=province).order_by("code").first()
    rows = [f"2020,{district.code},2.1,1"]
    files_import(paths=[write("d.csv", csv_text("year,district_code,row_id,value", rows))])
    assert Target.objects.get(unit=district, year=2020, row_id="2.1").value == 1


def test_an_imported_value_is_no_longer_carried_from_last_year(communes, write):
    from ntm.assessments.services.campaign import campaign_open
    from ntm.units.models import AdminUnit

    code = communes[0]
    last_year = [f"2019,{code},10.1,20.5", f"2019,{code},1.1,Đạt"]
    files_import(paths=[write("v.csv", csv_text(VALUES, last_year))])
    province = AdminUnit.objects.get(level=1, code=PROVINCE)
    campaign_open(province=province, year=2020, user=None)
    files_import(paths=[write("n.csv", csv_text(VALUES, [f"2020,{code},10.1,25"]))])
    carried = dict(
        IndicatorValue.objects.filter(
            assessment__commune__code=code, assessment__year=2020
        ).values_list("indicator__code", "carried_from")
    )
    assert carried == {"10.1": None, "1.1": 2019}
