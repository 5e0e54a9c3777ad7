"""``ntm import`` of the funds and support files and ``ntm export --kind funds|support``.

A file is recognised by its header; every problem names FILE:ROW:COLUMN in Vietnamese and
nothing is written (all or nothing); what is exported imports back unchanged.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from ntm.core.models import ChangeRecord
from ntm.interchange.errors import ImportRefused
from ntm.interchange.services import files_import, province_export
from ntm.resources.models import Fund, Support

from .conftest import FUNDS, PROVINCE, SUPPORT


def _state() -> dict[str, list]:
    return {
        "funds": list(Fund.objects.order_by("pk").values_list()),
        "support": list(Support.objects.order_by("pk").values_list()),
        "log": list(ChangeRecord.objects.order_by("pk").values_list("pk")),
    }


def refused(*paths) -> list[str]:
    before = _state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=list(paths))
    assert _state() == before
    return [str(e) for e in info.value.errors]


@pytest.mark.django_db
def test_a_funds_file_is_recognised_by_its_header_and_imported(province, district, write):
    path = write(
        "von.csv",
        FUNDS + ",as_of",
        "2024,06,tw_dtpt,1000,850.5,2024-09-30",
        "2024,06,tw_dtpt_dp,200,,",
        "2024,06,tw_sn,300,300,",
        f"2024,{district.code.zfill(3)},dia_phuong,12.25,,",
        f"2024,{district.code.zfill(3)},quy_ntm,7,,",
    )
    summary = files_import(paths=[path])
    assert summary.kinds["funds"].created == 5
    dtpt = Fund.objects.get(year=2024, unit=province, source="tw_dtpt")
    assert (dtpt.allocated, dtpt.disbursed, dtpt.as_of.isoformat()) == (
        Decimal("1000"),
        Decimal("850.5"),
        "2024-09-30",
    )
    sn = Fund.objects.get(year=2024, unit=province, source="tw_sn")
    assert sn.as_of.isoformat() == "2024-12-31"  # default: 31/12 of the year
    assert Fund.objects.get(source="dia_phuong").unit == district
    assert ChangeRecord.objects.filter(object_type="resources.fund", action="create").count() == 5


@pytest.mark.django_db
def test_every_problem_names_file_row_and_column(province, write):
    path = write(
        "von.csv",
        FUNDS,
        "2024,06,tw_xyz,100,",
        "2024,06,tw_sn,100.125,",
        "2024,06,tin_dung,100,120",
        "2024,069,tw_sn,100,",
        "2024,06,long_ghep,1,2,3",
    )
    errors = sorted(refused(path))
    assert len(errors) == 5
    assert errors[0].startswith("von.csv:2:source: nguồn vốn không rõ “tw_xyz”")
    assert errors[1].startswith("von.csv:3:allocated: “100.125”: số tiền có quá 2 chữ số thập phân")
    assert errors[2] == "von.csv:4:disbursed: giải ngân 120 lớn hơn kế hoạch vốn 100 triệu đồng"
    assert errors[3].startswith("von.csv:5:unit_code: không có huyện mã 69")
    assert errors[4].startswith("von.csv:6: dòng có nhiều ô hơn dòng tiêu đề")


@pytest.mark.django_db
def test_a_contingency_above_its_development_capital_is_refused_naming_its_row(province, write):
    path = write(
        "von.csv",
        FUNDS,
        "2024,06,tw_dtpt,100,",
        "2024,06,tw_dtpt_dp,150,",
        "2025,06,tw_dtpt_dp,10,",
    )
    errors = refused(path)
    assert errors == [
        "von.csv:3:allocated: vốn dự phòng 150 lớn hơn vốn đầu tư phát triển (tw_dtpt) 100 "
        "triệu đồng của cùng đơn vị, cùng năm",
        "von.csv:4:allocated: vốn dự phòng (tw_dtpt_dp) là một phần vốn đầu tư phát triển: "
        "cần có dòng tw_dtpt của cùng đơn vị, cùng năm",
    ]


@pytest.mark.django_db
def test_one_bad_row_in_one_file_writes_nothing_of_any_file(province, commune, write):
    good = write("von.csv", FUNDS, "2024,06,tw_sn,100,90")
    bad = write("hotro.csv", SUPPORT, f"2024,Sở Tài chính,{commune.code.zfill(5)},1,2,-3")
    errors = refused(good, bad)
    assert errors == ["hotro.csv:2:materials: “-3”: số tiền không được âm"]
    assert not Fund.objects.exists()


@pytest.mark.django_db
def test_a_quy_ntm_of_a_commune_is_refused(province, commune, write):
    errors = refused(write("von.csv", FUNDS, f"2024,{commune.code.zfill(5)},quy_ntm,5,"))
    assert errors[0].startswith(
        "von.csv:2:unit_code: Quỹ xây dựng nông thôn mới ghi theo cấp tỉnh hoặc cấp huyện"
    )


@pytest.mark.django_db
def test_support_rows_of_communes_and_a_summary_row_on_the_province(province, commune, write):
    path = write(
        "hotro.csv",
        SUPPORT,
        f"2024,Sở Tài chính,{commune.code.zfill(5)},10.5,2,0",
        "2024,Các đơn vị phụ trách xã,06,100,200,300.25",
    )
    summary = files_import(paths=[path])
    assert summary.kinds["support"].created == 2
    assert Support.objects.get(sponsor="Các đơn vị phụ trách xã").commune == province
    assert Support.objects.get(sponsor="Sở Tài chính").cash == Decimal("10.5")


@pytest.mark.django_db
def test_export_then_import_changes_nothing(province, district, commune, write, tmp_path):
    files_import(
        paths=[
            write(
                "von.csv",
                FUNDS + ",as_of,level",
                "2024,06,tw_dtpt,1000,850.5,2024-09-30,",
                "2024,06,tw_dtpt_dp,200,,,",
                "2024,06,quy_ntm,3.5,,,",
                "2024,06,quy_ntm,8.75,,,2",
                f"2024,{district.code.zfill(3)},cong_dong,40,,,",
            ),
            write("hotro.csv", SUPPORT, f"2024,Sở Tài chính,{commune.code.zfill(5)},10.5,2,0"),
        ]
    )
    before = _state()
    exported = province_export(province_code=PROVINCE, years=[2024], kinds=["funds", "support"])
    paths = []
    for f in exported:
        path = tmp_path / f.filename
        path.write_bytes(f.data)
        paths.append(path)
    assert exported[0].data.decode().splitlines()[0] == FUNDS + ",as_of,level"
    summary = files_import(paths=paths)
    assert summary.kinds["funds"].unchanged == 5
    assert summary.kinds["support"].unchanged == 1
    assert _state() == before
    # …and into an empty database, the same rows.
    rows = sorted(Fund.objects.values_list("unit__code", "source", "level", "allocated"))
    Fund.objects.all().delete()
    Support.objects.all().delete()
    files_import(paths=paths)
    assert sorted(Fund.objects.values_list("unit__code", "source", "level", "allocated")) == rows


@pytest.mark.django_db
def test_the_export_command_writes_the_funds_file(province, write):
    files_import(paths=[write("von.csv", FUNDS, "2024,06,tw_sn,100,90")])
    out = StringIO()
    call_command(
        "export",
        "--province",
        PROVINCE,
        "--years",
        "2024",
        "--kind",
        "funds",
        "-o",
        "-",
        stdout=out,
    )
    assert out.getvalue().splitlines() == [FUNDS, "2024,06,tw_sn,100,90"]


@pytest.mark.django_db
def test_an_officer_imports_only_the_rows_of_units_within_their_own(
    province, district, commune, write
):
    from tests.factories import user_make

    officer = user_make("huyen_bk", "district", district)
    path = write(
        "von.csv",
        FUNDS,
        f"2024,{district.code.zfill(3)},dia_phuong,10,",
        "2024,06,tw_sn,100,",
    )
    before = _state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[path], user=officer)
    assert _state() == before
    assert [str(e) for e in info.value.errors] == [
        "von.csv:3:unit_code: Tỉnh Bắc Kạn nằm ngoài phạm vi quản lý của bạn"
    ]
    files_import(
        paths=[write("ok.csv", FUNDS, f"2024,{district.code.zfill(3)},dia_phuong,10,")],
        user=officer,
    )
    fund = Fund.objects.get()
    assert fund.updated_by == officer
    assert ChangeRecord.objects.get(object_type="resources.fund").user == officer
