"""``ntm dhis2 export|import|mapping``."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ntm.assessments.models import Assessment, CriterionStatus

from .conftest import PROVINCE, csv_text


@pytest.fixture
def statuses(communes, write):
    rows = [f"2019,{code},{n},1" for code in communes[:2] for n in range(1, 20)]
    call_command(
        "import",
        str(write("s.csv", csv_text("year,commune_code,criterion,met", rows))),
        stdout=StringIO(),
    )


def test_export_then_import_into_an_empty_database_gives_the_same_statuses(statuses, tmp_path):
    before = set(
        CriterionStatus.objects.values_list("assessment__commune__code", "criterion__number", "met")
    )
    path = tmp_path / "out.json"
    call_command(
        "dhis2",
        "export",
        "--province",
        PROVINCE,
        "--year",
        "2019",
        "-o",
        str(path),
        stderr=StringIO(),
    )
    assert len(json.loads(path.read_bytes())["dataValues"]) == 38
    Assessment.objects.all().delete()
    out = StringIO()
    call_command("dhis2", "import", str(path), stdout=out)
    assert "Tổng cộng: " in out.getvalue()
    after = set(
        CriterionStatus.objects.values_list("assessment__commune__code", "criterion__number", "met")
    )
    assert after == before


def test_export_as_adx_to_the_screen(statuses, capsys):
    call_command("dhis2", "export", "--province", PROVINCE, "--year", "2019", "--format", "adx")
    assert 'xmlns="urn:ihe:qrph:adx:2015"' in capsys.readouterr().out


def test_import_dry_run_writes_nothing(statuses, tmp_path):
    path = tmp_path / "out.adx.xml"
    call_command(
        "dhis2",
        "export",
        "--province",
        PROVINCE,
        "--year",
        "2019",
        "--format",
        "adx",
        "-o",
        str(path),
        stderr=StringIO(),
    )
    Assessment.objects.all().delete()
    call_command("dhis2", "import", str(path), "--dry-run", stdout=StringIO())
    assert not CriterionStatus.objects.exists()


def test_the_mapping_is_written_and_used(statuses, tmp_path):
    mapping = tmp_path / "map.csv"
    call_command(
        "dhis2",
        "mapping",
        "--province",
        PROVINCE,
        "--year",
        "2019",
        "-o",
        str(mapping),
        stderr=StringIO(),
    )
    text = mapping.read_text().replace("dataElement,TC_1,TC_1", "dataElement,TC_1,NTM_01")
    mapping.write_text(text)
    out = tmp_path / "out.json"
    call_command(
        "dhis2",
        "export",
        "--province",
        PROVINCE,
        "--year",
        "2019",
        "--mapping",
        str(mapping),
        "-o",
        str(out),
        stderr=StringIO(),
    )
    assert '"NTM_01"' in out.read_text()
    Assessment.objects.all().delete()
    call_command("dhis2", "import", str(out), "--mapping", str(mapping), stdout=StringIO())
    assert CriterionStatus.objects.filter(criterion__number=1, met=True).count() == 2


def test_a_refused_import_lists_its_problems(province, write):
    path = write("x.json", b'{"dataValues": [{"dataElement": "TC_1"}]}')
    with pytest.raises(CommandError, match="x.json:1:period"):
        call_command("dhis2", "import", str(path))
