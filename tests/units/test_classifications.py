"""Dated classifications: loaded all or nothing, in force by year, and choosing thresholds."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.units.classifications import UnitClass, in_force
from ntm.units.models import Classification

HEADER = "unit_code,classification,value,valid_from,valid_to,legal_basis\n"


def test_a_classification_counts_when_in_force_on_the_last_day_of_the_year():
    group2 = UnitClass("nhom_xa", "2", "QĐ 1", datetime.date(2026, 3, 1))
    group1 = UnitClass("nhom_xa", "1", "QĐ 2", datetime.date(2028, 1, 1))
    ended = UnitClass("xa_dbkk", "", "QĐ 3", datetime.date(2021, 1, 1), datetime.date(2026, 1, 1))
    assert in_force([group2, group1, ended], 2025) == (ended,)
    assert in_force([group2, group1, ended], 2026) == (group2,)
    assert in_force([group2, group1, ended], 2028) == (group1,)


@pytest.mark.django_db
def test_a_file_with_errors_names_file_row_and_column_and_loads_nothing(tmp_path):
    call_command("loadunits", "--province", "4", "--list", "2025-10", stdout=StringIO())
    path = tmp_path / "nhom-xa.csv"
    path.write_text(
        HEADER
        + "1294,nhom_xa,2,15/02/2026,,Quyết định 10/QĐ-UBND\n"
        + "1294,nhom_xaa,2,15/02/2026,,Quyết định 10/QĐ-UBND\n"
        + "99999,nhom_xa,2,15/02/2026,,Quyết định 10/QĐ-UBND\n"
        + "1294,nhom_xa,2,31/02/2026,,Quyết định 10/QĐ-UBND\n"
        + "1294,nhom_xa,2,15/02/2026,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("loadclassifications", str(path), stdout=StringIO())
    message = str(exc.value)
    assert "nhom-xa.csv:3:classification: 'nhom_xaa'" in message
    assert "nhom-xa.csv:4:unit_code: không có đơn vị mã 99999" in message
    assert "nhom-xa.csv:5:valid_from: ngày '31/02/2026' không hợp lệ" in message
    assert "nhom-xa.csv:6:legal_basis" in message
    assert not Classification.objects.exists()


@pytest.mark.django_db
def test_a_missing_column_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("unit_code,classification\n1294,nhom_xa\n", encoding="utf-8")
    with pytest.raises(CommandError, match="x.csv:1: thiếu cột value, valid_from"):
        call_command("loadclassifications", str(path), stdout=StringIO())


@pytest.mark.django_db
def test_loading_again_replaces_the_row_of_the_same_start(tmp_path):
    call_command("loadunits", "--province", "4", "--list", "2025-10", stdout=StringIO())
    path = tmp_path / "nhom-xa.csv"
    path.write_text(HEADER + "01294,nhom_xa,2,2026-02-15,,Quyết định 10/QĐ-UBND\n")
    out = StringIO()
    call_command("loadclassifications", str(path), stdout=out)
    assert "tạo mới 1, cập nhật 0" in out.getvalue()
    path.write_text(HEADER + "1294,nhom_xa,3,15/02/2026,,Quyết định 11/QĐ-UBND\n")
    call_command("loadclassifications", str(path), stdout=StringIO())
    row = Classification.objects.get()
    assert (row.unit.code, row.value, row.legal_basis) == ("1294", "3", "Quyết định 11/QĐ-UBND")
    assert row.name == "Xã nhóm 3"
