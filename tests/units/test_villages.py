"""Villages (thôn) loaded from a province's file: under their commune, idempotent, all or nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.units.models import AdminUnit

HEADER = "commune_code,village_code,village_name,valid_from\n"


@pytest.fixture
def cao_bang(db):
    call_command("loadunits", "--province", "4", stdout=StringIO())


def _write(tmp_path, body, name="thon-cao-bang.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_villages_are_loaded_under_their_commune_with_codes_that_cannot_collide(cao_bang, tmp_path):
    path = _write(
        tmp_path,
        "01438,01,Thôn Nà Mò,01/01/2019\n1438,02,Thôn Cốc Rầy,01/01/2019\n1510,01,Xóm Pác Rảo,\n",
    )
    out = StringIO()
    call_command("loadvillages", str(path), stdout=out)
    assert "tạo mới 3" in out.getvalue()
    phu_ngoc = AdminUnit.objects.get(level=3, code="1438")
    villages = AdminUnit.objects.filter(level=AdminUnit.Level.VILLAGE).order_by("code")
    assert [v.code for v in villages] == ["1438.01", "1438.02", "1510.01"]
    first = villages[0]
    assert first.parent == phu_ngoc
    assert first.province == phu_ngoc.province
    assert first.path.startswith(phu_ngoc.path) and first.path.endswith(f"/{first.pk}/")
    assert first.kind == AdminUnit.Kind.VILLAGE
    assert list(AdminUnit.objects.within(phu_ngoc).filter(level=4)) == list(villages[:2])


def test_loading_the_same_file_again_changes_nothing(cao_bang, tmp_path):
    path = _write(tmp_path, "1438,01,Thôn Nà Mò,01/01/2019\n")
    call_command("loadvillages", str(path), stdout=StringIO())
    out = StringIO()
    call_command("loadvillages", str(path), stdout=out)
    assert "tạo mới 0, giữ nguyên 1" in out.getvalue()
    assert AdminUnit.objects.filter(level=4).count() == 1


def test_a_renamed_village_gets_a_new_version(cao_bang, tmp_path):
    call_command(
        "loadvillages", str(_write(tmp_path, "1438,01,Thôn Nà Mò,01/01/2019\n")), stdout=StringIO()
    )
    renamed = _write(tmp_path, "1438,01,Thôn Nà Mò Mới,01/01/2020\n", name="doi-ten.csv")
    call_command("loadvillages", str(renamed), stdout=StringIO())
    old, new = AdminUnit.objects.filter(level=4).order_by("pk")
    assert old.valid_to is not None and old.valid_to.year == 2020
    assert new.previous == old and new.name == "Thôn Nà Mò Mới"


def test_a_bad_file_names_file_row_and_column_and_loads_nothing(cao_bang, tmp_path):
    path = _write(
        tmp_path,
        "1438,01,Thôn Nà Mò,01/01/2019\n"
        "99999,01,Thôn Không Có,01/01/2019\n"
        "1438,,Thôn Thiếu Mã,01/01/2019\n"
        "1438,03,,01/01/2019\n"
        "1438,04,Thôn Ngày Sai,31/02/2019\n"
        "1438,01,Thôn Trùng,01/01/2019\n",
    )
    with pytest.raises(CommandError) as exc:
        call_command("loadvillages", str(path), stdout=StringIO())
    message = str(exc.value)
    assert "thon-cao-bang.csv:3:commune_code: không có xã mã 99999" in message
    assert "thon-cao-bang.csv:4:village_code" in message
    assert "thon-cao-bang.csv:5:village_name" in message
    assert "thon-cao-bang.csv:6:valid_from" in message
    assert "thon-cao-bang.csv:7:village_code: thôn 1438.01 đã có ở dòng 2" in message
    assert not AdminUnit.objects.filter(level=4).exists()


def test_a_missing_column_is_refused(cao_bang, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("commune_code,village_name\n1438,Thôn A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="x.csv:1: thiếu cột village_code"):
        call_command("loadvillages", str(path), stdout=StringIO())
