"""The activities' files (docs/formats.md): recognised by header, all or nothing, FILE:ROW:COLUMN."""

import datetime

import pytest

from ntm.activities.models import Course, Directive, Event, ValueChain
from ntm.activities.services import chain_communes
from ntm.core.models import ChangeRecord
from ntm.interchange.errors import ImportRefused
from ntm.interchange.services import files_import, province_export

YEAR = 2019


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _state():
    return (
        list(Course.objects.values_list("year", "unit__code", "kind", "classes", "participants")),
        list(Event.objects.values_list("date", "kind", "description")),
        list(ValueChain.objects.values_list("plan_code", "product", "plans")),
        list(Directive.objects.values_list("number", "date", "subject")),
    )


def _refused(paths, **kwargs) -> list[str]:
    before = _state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=paths, **kwargs)
    assert _state() == before
    return [str(e) for e in info.value.errors]


@pytest.mark.django_db
def test_the_four_files_are_recognised_by_their_header_and_written(land, tmp_path):
    files = [
        _write(
            tmp_path,
            "lop.csv",
            "year,unit_code,kind,classes,participants\n"
            "2019,99,truyen_thong,5,120\n2019,9901,dao_tao_ntm,2,60\n",
        ),
        _write(
            tmp_path,
            "su-kien.csv",
            "date,unit_code,kind,description\n20/12/2019,99,hoi_nghi,Hội nghị tổng kết năm\n",
        ),
        _write(
            tmp_path,
            "chuoi.csv",
            "year,unit_code,plan_code,product,communes,plans\n"
            "2019,99,KH1,Chè,9901002 9901001,\n2019,9901,H,Các sản phẩm,,3\n",
        ),
        _write(
            tmp_path,
            "van-ban.csv",
            "number,date,issuer,kind,subject,unit_code\n"
            "12/QĐ-UBND,2019-03-04,Ủy ban nhân dân tỉnh,quyet_dinh,về việc giao vốn,99\n",
        ),
    ]
    summary = files_import(paths=files)
    assert {k.kind: (k.rows, k.created) for k in summary.kind_counts} == {
        "courses": (2, 2),
        "events": (1, 1),
        "value_chains": (2, 2),
        "directives": (1, 1),
    }
    chain = ValueChain.objects.get(plan_code="KH1")
    assert [c.name for c in chain_communes(chain)] == ["Tây", "Đông"]  # the file's order
    d = Directive.objects.get()
    assert (d.date, d.unit) == (datetime.date(2019, 3, 4), land["province"])
    assert (
        ChangeRecord.objects.filter(object_type="activities.course", action="create").count() == 2
    )
    # Read again: nothing changes.
    again = files_import(paths=files)
    assert again.changed == 0


@pytest.mark.django_db
def test_every_problem_is_named_by_file_row_and_column_and_nothing_is_written(land, tmp_path):
    good = _write(
        tmp_path,
        "lop.csv",
        "year,unit_code,kind,classes,participants\n2019,99,truyen_thong,5,120\n",
    )
    bad = _write(
        tmp_path,
        "sai.csv",
        "year,unit_code,kind,classes,participants\n2019,99,hoc_tap,5,120\n2019,99,ocop,-3,120\n",
    )
    chains = _write(
        tmp_path,
        "chuoi.csv",
        "year,unit_code,plan_code,product,communes\n2019,9901,KH1,Chè,9902003\n",
    )
    dated = _write(
        tmp_path,
        "van-ban.csv",
        "number,date,issuer,kind,subject,unit_code\n1/KH,31/02/2019,UBND tỉnh,ke_hoach,về x,99\n",
    )
    errors = _refused([good, bad, chains, dated])
    assert errors[0].startswith("sai.csv:2:kind: loại không rõ “hoc_tap”")
    assert errors[1].startswith("sai.csv:3:classes: số không được âm")
    assert errors[2].startswith("chuoi.csv:2:communes: xã mã 9902003 (Nam) không thuộc")
    assert errors[3].startswith("van-ban.csv:2:date: ngày không hợp lệ “31/02/2019”")
    assert len(errors) == 4
    assert not Course.objects.exists()  # the good file is not written either


@pytest.mark.django_db
def test_a_directive_without_its_unit_belongs_to_the_officer_and_a_system_import_must_name_it(
    land, tmp_path
):
    path = _write(
        tmp_path,
        "van-ban.csv",
        "number,date,issuer,kind,subject\n5/CT-UBND,04/4/2019,UBND huyện,chi_thi,về việc y\n",
    )
    assert _refused([path])[0].startswith("van-ban.csv:2:unit_code: cần mã cấp ban hành")
    files_import(paths=[path], user=land["huyen"])
    assert Directive.objects.get().unit == land["Núi"]


@pytest.mark.django_db
def test_an_officer_imports_only_for_the_units_in_their_scope(land, tmp_path):
    path = _write(
        tmp_path,
        "lop.csv",
        "year,unit_code,kind,classes,participants\n2019,9902,khac,1,10\n",
    )
    errors = _refused([path], user=land["huyen"])
    assert errors[0].startswith("lop.csv:2:unit_code:"), errors


@pytest.mark.django_db
def test_the_export_reads_back_into_the_same_rows(land, tmp_path):
    files = [
        _write(
            tmp_path,
            "lop.csv",
            "year,unit_code,kind,classes,participants\n"
            "2019,99,ocop,,1588\n2019,9901,boi_duong_xa,3,90\n",
        ),
        _write(
            tmp_path,
            "chuoi.csv",
            "year,unit_code,plan_code,product,communes,plan,plans,level\n"
            "2019,99,KH1,Chè,9901002 9901001,Kế hoạch chè,,\n2019,99,HUYEN,,,,43,huyen\n",
        ),
        _write(
            tmp_path,
            "su-kien.csv",
            "date,unit_code,kind,description\n2019-06-01,9901,kiem_tra,Kiểm tra xã Đông\n",
        ),
        _write(
            tmp_path,
            "van-ban.csv",
            "number,date,issuer,kind,subject,unit_code\n"
            '32/2019/NQ-HĐND,11/12/2019,Hội đồng nhân dân tỉnh,nghi_quyet,"bổ sung a, b",99\n',
        ),
    ]
    files_import(paths=files)
    before = _state()
    exported = province_export(
        province_code="99",
        years=[YEAR],
        kinds=["courses", "value_chains", "events", "directives"],
    )
    assert [f.rows for f in exported] == [2, 2, 1, 1]
    assert exported[0].data.decode().splitlines()[1:] == [
        "2019,99,ocop,,1588",
        "2019,9901,boi_duong_xa,3,90",
    ]
    for model in (Course, ValueChain, Event, Directive):
        model.objects.all().delete()
    paths = []
    for f in exported:
        paths.append(tmp_path / f.filename)
        paths[-1].write_bytes(f.data)
    files_import(paths=paths)
    assert _state() == before
    assert files_import(paths=paths).changed == 0
