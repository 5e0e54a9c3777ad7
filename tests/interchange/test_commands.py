"""The commands: ntm import / export / workbook, and a refusal that exits non-zero without a traceback."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from ntm.assessments.models import CriterionStatus

from .conftest import csv_text, db_state


def test_import_prints_what_it_changed(communes, write):
    out = StringIO()
    path = write("s.csv", csv_text("year,commune_code,criterion,met", [f"2019,{communes[0]},1,1"]))
    call_command("import", str(path), stdout=out)
    assert "Tổng cộng: 1 thay đổi." in out.getvalue()
    out = StringIO()
    call_command("import", str(path), stdout=out)
    assert "Tổng cộng: 0 thay đổi." in out.getvalue()


def test_import_dry_run_writes_nothing(communes, write):
    path = write("s.csv", csv_text("year,commune_code,criterion,met", [f"2019,{communes[0]},1,1"]))
    out = StringIO()
    call_command("import", str(path), "--dry-run", stdout=out)
    assert "chạy thử" in out.getvalue()
    assert not CriterionStatus.objects.exists()


def test_a_refused_import_raises_a_command_error_listing_the_rows(communes, write):
    path = write(
        "bad.csv",
        csv_text("year,commune_code,criterion,met", [f"2019,{communes[0]},1,1", "2019,99999,1,1"]),
    )
    before = db_state()
    with pytest.raises(CommandError) as info:
        call_command("import", str(path))
    assert "bad.csv:3:commune_code: không có xã mã 99999" in str(info.value)
    assert db_state() == before


def test_export_writes_one_file_per_kind(communes, write, tmp_path):
    call_command(
        "import",
        str(
            write("s.csv", csv_text("year,commune_code,criterion,met", [f"2019,{communes[0]},1,1"]))
        ),
        stdout=StringIO(),
    )
    out = StringIO()
    call_command(
        "export",
        "--province",
        "6",
        "--years",
        "2018",
        "2019",
        "-o",
        str(tmp_path / "out"),
        stdout=out,
    )
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["ntm-statuses-6-2018-2019.csv"]
    assert "values: không có số liệu" in out.getvalue()
    out = StringIO()
    call_command(
        "export", "--province", "6", "--years", "2019", "--kind", "statuses", "-o", "-", stdout=out
    )
    assert out.getvalue() == f"year,commune_code,criterion,met\n2019,{communes[0]},1,1\n"
    target = tmp_path / "st.xlsx"
    call_command(
        "export",
        "--province",
        "6",
        "--years",
        "2019",
        "--kind",
        "statuses",
        "-o",
        str(target),
        stderr=StringIO(),
    )
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]] == ["year", "commune_code", "criterion", "met"]


def test_export_to_one_file_needs_one_kind(province, tmp_path):
    with pytest.raises(CommandError, match="một loại"):
        call_command("export", "--province", "6", "--years", "2019", "-o", str(tmp_path / "x.csv"))


def test_workbook_command_writes_the_workbook(province, tmp_path):
    target = tmp_path / "bk.xlsx"
    call_command(
        "workbook", "--province", "6", "--year", "2019", "-o", str(target), stdout=StringIO()
    )
    assert load_workbook(target).sheetnames == ["Tiêu chí", "Chỉ tiêu", "Thông tin"]


def test_workbook_for_an_unknown_province_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="Không có tỉnh mã 99"):
        call_command(
            "workbook", "--province", "99", "--year", "2019", "-o", str(tmp_path / "x.xlsx")
        )


def test_the_command_line_exits_non_zero_without_a_traceback(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "ntm.manage", "import", str(empty)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "empty.csv:1: tệp rỗng" in result.stderr
