"""A dry run is the import itself, rolled back: its summary is exactly what the import writes.

For each file the preview (``dry_run=True``) must leave the database as it was,
and its counts and change list must equal those of the real import, which in
turn must equal what changed in the database: one change record per change,
and every input that differs afterwards listed, with its new value, as a change.
"""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from ntm.accounts.services import profile_set
from ntm.assessments.models import CriterionStatus, IndicatorValue
from ntm.core.models import ChangeRecord
from ntm.evaluation.numbers import decimal_text, verdict_text
from ntm.interchange.records import Source
from ntm.interchange.services import ImportSummary, sources_import, workbook_build
from ntm.plans.models import Target
from ntm.units.models import AdminUnit

from .conftest import PROVINCE, csv_text, db_state

STATUSES = "year,commune_code,criterion,met"
VALUES = "year,commune_code,indicator,value"
TARGETS = "year,province_code,row_id,value"


def source(name: str, header: str, rows: list[str]) -> Source:
    return Source(name=name, data=csv_text(header, rows).encode())


@pytest.fixture
def stored(communes):
    """What is there before: declarations for two communes, values for three, targets.

    communes[2] earns 20 million (TC10 computed not met), communes[3] 40 million
    (TC10 computed met); communes[0] declared TC3 met.
    """
    sources_import(
        sources=[
            source("seed-s.csv", STATUSES, [f"2019,{communes[0]},3,1", f"2019,{communes[1]},4,0"]),
            source(
                "seed-v.csv",
                VALUES,
                [
                    f"2019,{communes[2]},10.1,20",
                    f"2019,{communes[3]},10.1,40",
                    f"2019,{communes[4]},1.1,Đạt",
                    f"2019,{communes[4]},11.1,8",
                ],
            ),
            source("seed-t.csv", TARGETS, ["2020,6,2.1,20", "2020,6,1,14"]),
        ]
    )


def inputs() -> dict[tuple[str, int, str], str]:
    """Every input an import writes, as the change list shows it: (unit code, year, key) → value."""
    out: dict[tuple[str, int, str], str] = {}
    for code, year, number, declared in CriterionStatus.objects.filter(
        declared_met__isnull=False
    ).values_list(
        "assessment__commune__code", "assessment__year", "criterion__number", "declared_met"
    ):
        out[(code, year, f"TC{number}")] = "Đạt" if declared else "Không đạt"
    for code, year, indicator, number, verdict, secondary in IndicatorValue.objects.values_list(
        "assessment__commune__code",
        "assessment__year",
        "indicator__code",
        "value_number",
        "value_bool",
        "secondary_number",
    ):
        text = verdict_text(verdict) if verdict is not None else decimal_text(number)
        if secondary is not None:
            text += f" (phụ {decimal_text(secondary)})"
        out[(code, year, indicator)] = text
    for code, year, row_id, value in Target.objects.values_list(
        "unit__code", "year", "row_id", "value"
    ):
        out[(code, year, row_id)] = decimal_text(value)
    return out


def outcome(summary: ImportSummary) -> dict:
    """Everything a summary says, but whether it was a dry run."""
    return {
        "files": summary.files,
        "kinds": {k: vars(v) for k, v in summary.kinds.items()},
        "changes": summary.changes,
        "assessments_created": summary.assessments_created,
        "assessments_evaluated": summary.assessments_evaluated,
    }


def preview_then_import(sources: list[Source], user=None) -> ImportSummary:
    """Preview, check nothing was written, import, and check the preview said what happened."""
    before, inputs_before = db_state(), inputs()
    preview = sources_import(sources=sources, user=user, dry_run=True)
    assert preview.dry_run
    assert db_state() == before
    last = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    done = sources_import(sources=sources, user=user)
    assert outcome(preview) == outcome(done)

    records = ChangeRecord.objects.filter(pk__gt=last)
    assert records.count() == done.changed
    after = inputs()
    changed = {k: v for k, v in after.items() if inputs_before.get(k) != v}
    assert changed == {(c.unit_code, c.year, c.key): c.after for c in done.changes}
    return done


def test_a_statuses_file(communes, stored):
    rows = [
        f"2019,{communes[0]},3,1",  # declared the same: unchanged
        f"2019,{communes[0]},5,0",  # new
        f"2019,{communes[1]},4,1",  # declared the other way: updated
        f"2019,{communes[2]},10,0",  # the values already say so: unchanged
        f"2019,{communes[3]},10,0",  # the values say met: declared
        f"2019,{communes[8]},1,1",  # a commune without an assessment yet
    ]
    done = preview_then_import([source("s.csv", STATUSES, rows)])
    assert done.changed == 4
    assert (done.kinds["statuses"].created, done.kinds["statuses"].updated) == (2, 2)
    assert done.kinds["statuses"].unchanged == 2
    assert done.assessments_created == 1


def test_a_values_file(communes, stored):
    rows = [
        f"2019,{communes[2]},10.1,20",  # unchanged
        f"2019,{communes[2]},11.1,5",  # new
        f"2019,{communes[3]},10.1,30.5",  # updated
        f"2019,{communes[4]},1.1,Không đạt",  # updated
        f"2019,{communes[9]},10.1,50",  # a commune without an assessment yet
    ]
    done = preview_then_import([source("v.csv", VALUES, rows)])
    assert [(c.unit_code, c.key, c.before, c.after) for c in done.changes] == [
        (communes[2], "11.1", None, "5"),
        (communes[3], "10.1", "40", "30.5"),
        (communes[4], "1.1", "Đạt", "Không đạt"),
        (communes[9], "10.1", None, "50"),
    ]


def test_values_and_statuses_of_the_same_communes_in_one_call(communes, stored):
    """The statuses are compared with the results of the new values, in the preview as in the write.

    communes[2]'s income rises to 40 million: TC10 stated met is then what the
    values say, nothing to declare (a preview that compared with the stored
    result showed a declaration here). communes[3]'s falls to 20: TC10 stated
    met then contradicts the values and is declared.
    """
    values = source("v.csv", VALUES, [f"2019,{communes[2]},10.1,40", f"2019,{communes[3]},10.1,20"])
    statuses = source(
        "s.csv",
        STATUSES,
        [f"2019,{communes[2]},10,1", f"2019,{communes[3]},10,1", f"2019,{communes[10]},10,0"],
    )
    new = source("n.csv", VALUES, [f"2019,{communes[10]},10.1,25"])  # new commune, TC10 not met
    done = preview_then_import([statuses, values, new])
    assert [(c.unit_code, c.key, c.before, c.after) for c in done.changes] == [
        (communes[3], "TC10", "Không đạt", "Đạt"),
        (communes[2], "10.1", "20", "40"),
        (communes[3], "10.1", "40", "20"),
        (communes[10], "10.1", None, "25"),
    ]
    assert done.kinds["statuses"].unchanged == 2
    tc10 = CriterionStatus.objects.get(assessment__commune__code=communes[2], criterion__number=10)
    assert (tc10.declared_met, tc10.computed_met, tc10.met) == (None, True, True)
    tc10 = CriterionStatus.objects.get(assessment__commune__code=communes[3], criterion__number=10)
    assert (tc10.declared_met, tc10.computed_met, tc10.met) == (True, False, True)


def test_a_targets_file(province, stored):
    district = AdminUnit.objects.filter(level=2, province=province).order_by("code").first()
    rows = ["2020,6,2.1,20", "2020,6,1,15", "2020,6,3.10,35", "2020,6,2.5,"]
    done = preview_then_import(
        [
            source("t.csv", TARGETS, rows),
            source("d.csv", "year,district_code,row_id,value", [f"2020,{district.code},2.1,2"]),
        ]
    )
    assert (done.kinds["targets"].created, done.kinds["targets"].updated) == (2, 1)
    assert (done.kinds["targets"].unchanged, done.kinds["targets"].skipped) == (1, 1)


def test_a_workbook_whose_values_change_a_criterions_result_declares_nothing_untyped(
    province, communes, stored
):
    """The criterion cells hold only declarations: where an edited value changes a criterion's
    result, the rules decide it (the result computed when the workbook was made is shown beside
    the criteria, never imported), and a status the officer typed is a declaration."""
    book = load_workbook(io.BytesIO(workbook_build(province=province, year=2019)))
    sheet, values = book["Tiêu chí"], book["Chỉ tiêu"]

    def cell(ws, code: str, title: str):
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == code)
        col = next(
            c for c in range(1, ws.max_column + 1) if str(ws.cell(1, c).value).startswith(title)
        )
        return ws.cell(row=row, column=col)

    assert cell(sheet, communes[2], "TC10 ").value is None  # computed, not declared
    assert "Không đạt: TC10" in cell(sheet, communes[2], "Kết quả tự tính").value
    cell(values, communes[2], "10.1 ").value = "45,5"  # now met
    cell(values, communes[3], "10.1 ").value = 41  # still met
    cell(sheet, communes[6], "TC2 ").value = "Đạt"
    out = io.BytesIO()
    book.save(out)
    done = preview_then_import([Source("bang-nhap-lieu.xlsx", out.getvalue())])
    assert sorted((c.unit_code, c.key, c.before, c.after) for c in done.changes) == sorted(
        [
            (communes[2], "10.1", "20", "45.5"),
            (communes[3], "10.1", "40", "41"),
            (communes[6], "TC2", None, "Đạt"),
        ]
    )
    tc10 = CriterionStatus.objects.get(
        assessment__commune__code=communes[2], assessment__year=2019, criterion__number=10
    )
    assert tc10.declared_met is None and tc10.met is True


def test_an_officers_import(communes, province, stored):
    user = get_user_model().objects.create_user(username="tinh", password="x")
    profile_set(user=user, role="province", unit=province)
    user = get_user_model().objects.get(pk=user.pk)
    done = preview_then_import(
        [
            source("s.csv", STATUSES, [f"2019,{communes[3]},10,0", f"2019,{communes[5]},1,1"]),
            source("v.csv", VALUES, [f"2019,{communes[3]},10.1,30"]),
            source("t.csv", TARGETS, [f"2020,{PROVINCE},2.1,25"]),
        ],
        user=user,
    )
    assert done.changed == 3  # TC10 of communes[3] is what the new value gives
    assert Target.objects.get(row_id="2.1").value == Decimal("25")
