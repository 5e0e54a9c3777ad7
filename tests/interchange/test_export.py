"""Exports write the import formats: a round trip gives the same data, importing back changes nothing."""

from decimal import Decimal

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.core.errors import ApplicationError
from ntm.interchange.services import files_import, province_export
from ntm.plans.models import Target

from .conftest import PROVINCE, csv_text, db_state


@pytest.fixture
def data(communes, write):
    """Declared statuses for two years, values for one commune, next year's targets."""
    statuses = [
        f"{year},{code},{n},{int((int(code) + n) % 4 != 0)}"
        for year in (2018, 2019)
        for code in communes[:6]
        for n in range(1, 20)
    ]
    code = communes[10]
    values = [
        f"2019,{code},1.1,Đạt",
        f"2019,{code},1.2,Không đạt",
        f"2019,{code},10.1,37.25",
        f"2019,{code},11.1,8",
        f"2019,{code},17.1,92.5",
    ]
    targets = ["2020,6,1,12.00", "2020,6,2.1,28", "2020,6,3.10,35", "2020,6,tong_so_xa,110"]
    files_import(
        paths=[
            write("s.csv", csv_text("year,commune_code,criterion,met", statuses)),
            write("v.csv", csv_text("year,commune_code,indicator,value", values)),
            write("t.csv", csv_text("year,province_code,row_id,value", targets)),
        ]
    )


def figures() -> dict[str, set]:
    """What a report reads: each status, each value, each target, and the counts per assessment."""
    return {
        "statuses": set(
            CriterionStatus.objects.values_list(
                "assessment__commune__code",
                "assessment__year",
                "criterion__number",
                "met",
                "declared_met",
                "computed_met",
                "source",
            )
        ),
        "values": set(
            IndicatorValue.objects.values_list(
                "assessment__commune__code",
                "assessment__year",
                "indicator__code",
                "value_number",
                "value_bool",
                "secondary_number",
            )
        ),
        "targets": set(Target.objects.values_list("unit__code", "year", "row_id", "value")),
        "counts": set(
            Assessment.objects.values_list(
                "commune__code", "year", "criteria_met", "meets_standard"
            )
        ),
    }


def _empty_database() -> None:
    """Every programme record gone (the change log, append-only, stays: it is not data)."""
    Assessment.objects.all().delete()
    Target.objects.all().delete()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imported_into_an_empty_database_gives_the_same_data(data, file_format, tmp_path):
    before = figures()
    files = province_export(
        province_code=PROVINCE, years=[2018, 2019, 2020], file_format=file_format
    )
    known = CriterionStatus.objects.filter(met__isnull=False).count()
    assert {f.kind: f.rows for f in files} == {"statuses": known, "values": 5, "targets": 4}
    paths = []
    for f in files:
        path = tmp_path / f.filename
        path.write_bytes(f.data)
        paths.append(path)
    _empty_database()
    assert figures()["statuses"] == set()
    files_import(paths=paths)
    assert figures() == before


def test_an_export_imported_back_changes_nothing(data, tmp_path):
    files = province_export(province_code=PROVINCE, years=[2018, 2019, 2020])
    paths = []
    for f in files:
        (tmp_path / f.filename).write_bytes(f.data)
        paths.append(tmp_path / f.filename)
    before = db_state()
    summary = files_import(paths=paths)
    assert summary.changed == 0
    assert db_state() == before


def test_the_export_is_the_documented_csv(data, communes):
    files = {f.kind: f for f in province_export(province_code="06", years=[2019, 2020])}
    statuses = files["statuses"].data.decode("utf-8").splitlines()
    assert statuses[0] == "year,commune_code,criterion,met"
    assert statuses[1] == f"2019,{communes[0]},1,{int((int(communes[0]) + 1) % 4 != 0)}"
    values = files["values"].data.decode("utf-8").splitlines()
    assert values[0] == "year,commune_code,indicator,value"
    assert f"2019,{communes[10]},10.1,37.25" in values
    assert f"2019,{communes[10]},1.2,Không đạt" in values
    targets = files["targets"].data.decode("utf-8").splitlines()
    assert targets == [
        "year,province_code,row_id,value",
        "2020,6,tong_so_xa,110",
        "2020,6,1,12",
        "2020,6,2.1,28",
        "2020,6,3.10,35",
    ]


def test_values_with_a_secondary_part_export_the_optional_column(communes, write):
    code = communes[0]
    header = "year,commune_code,indicator,value,secondary_value"
    files_import(
        paths=[
            write("v.csv", csv_text(header, [f"2019,{code},17.1,92.5,55", f"2019,{code},10.1,40,"]))
        ]
    )
    stored = IndicatorValue.objects.get(indicator__code="17.1")
    assert stored.secondary_number == Decimal("55")
    (values,) = province_export(province_code=PROVINCE, years=[2019], kinds=["values"])
    assert values.data.decode().splitlines() == [
        header,
        f"2019,{code},10.1,40,",
        f"2019,{code},17.1,92.5,55",
    ]


def test_a_secondary_value_for_an_indicator_without_one_is_refused(communes, write):
    from ntm.interchange.errors import ImportRefused

    header = "year,commune_code,indicator,value,secondary_value"
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[write("v.csv", csv_text(header, [f"2019,{communes[0]},10.1,40,3"]))])
    assert str(info.value.errors[0]).startswith("v.csv:2:secondary_value:")


def test_an_export_can_carry_a_bom_for_spreadsheet_programs(data):
    (f,) = province_export(province_code=PROVINCE, years=[2020], kinds=["targets"], bom=True)
    assert f.data.startswith(b"\xef\xbb\xbfyear,")


def test_an_unknown_province_is_refused(db):
    with pytest.raises(ApplicationError, match="Không có tỉnh mã 99"):
        province_export(province_code="99", years=[2019])


ADVANCED_SET = "xa-ntm-nang-cao-2021-2025"


@pytest.fixture
def advanced_files(communes, write):
    """2022: three communes' standard files, the first two also aiming for the advanced set
    (the first meets all its criteria but 17, the second the first ten)."""
    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load

    for code in ("xa-ntm-2021-2025", ADVANCED_SET, "xa-ntm-kieu-mau-2021-2025"):
        criteria_set_load(path=CRITERIA_DIR / f"{code}.yaml")
    rows = [f"2022,{code},{n},1," for code in communes[:3] for n in range(1, 20)]
    rows += [f"2022,{communes[0]},{n},{int(n != 17)},{ADVANCED_SET}" for n in range(1, 20)]
    rows += [f"2022,{communes[1]},{n},{int(n <= 10)},{ADVANCED_SET}" for n in range(1, 20)]
    files_import(
        paths=[write("s.csv", csv_text("year,commune_code,criterion,met,criteria_set", rows))]
    )
    return communes[:3]


def _files() -> set[tuple]:
    return set(
        Assessment.objects.values_list(
            "commune__code", "year", "kind", "criteria_set__code", "criteria_met"
        )
    )


def test_the_export_carries_the_standard_files_unless_told(advanced_files):
    (f,) = province_export(province_code=PROVINCE, years=[2022], kinds=["statuses"])
    lines = f.data.decode().splitlines()
    assert lines[0] == "year,commune_code,criterion,met"
    assert len(lines) == 1 + 3 * 19


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_advanced_files_are_exported_with_their_set_and_round_trip(
    advanced_files, tmp_path, file_format
):
    first = advanced_files[0]
    files = province_export(
        province_code=PROVINCE,
        years=[2022],
        kinds=["statuses"],
        set_kinds=["standard", "advanced"],
        file_format=file_format,
    )
    (f,) = files
    assert f.filename == f"ntm-statuses-{PROVINCE}-2022-standard-advanced.{file_format}"
    if file_format == "csv":
        lines = f.data.decode().splitlines()
        assert lines[0] == "year,commune_code,criterion,met,criteria_set"
        assert f"2022,{first},17,1," in lines  # the standard file: the set left to its default
        assert f"2022,{first},17,0,{ADVANCED_SET}" in lines
        assert len(lines) == 1 + 5 * 19
    assert f.rows == 5 * 19
    path = tmp_path / f.filename
    path.write_bytes(f.data)

    before, state = _files(), db_state()
    assert files_import(paths=[path]).changed == 0  # imported back: nothing changes
    assert db_state() == state

    Assessment.objects.all().delete()
    files_import(paths=[path])  # into an empty database: the same files, of both kinds
    assert _files() == before
    assert (first, 2022, "advanced", ADVANCED_SET, 18) in before


def test_the_command_exports_the_advanced_files_alone(advanced_files, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    call_command(
        "export",
        "--province",
        PROVINCE,
        "--years",
        "2022",
        "--kind",
        "values",
        "statuses",
        "--set-kind",
        "advanced",
        "-o",
        str(tmp_path),
        stdout=StringIO(),
    )
    out = tmp_path / f"ntm-statuses-{PROVINCE}-2022-advanced.csv"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "year,commune_code,criterion,met,criteria_set"
    assert len(lines) == 1 + 2 * 19
    assert all(line.endswith(f",{ADVANCED_SET}") for line in lines[1:])


def test_an_unknown_kind_of_set_is_refused(db):
    with pytest.raises(ApplicationError, match="Loại bộ tiêu chí không rõ: nang_cao"):
        province_export(province_code=PROVINCE, years=[2022], set_kinds=["nang_cao"])
