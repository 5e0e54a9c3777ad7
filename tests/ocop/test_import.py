"""``ntm import`` of the OCOP file and ``ntm export --kind ocop`` (docs/ocop.md).

Products rated in 2022 (QĐ 1048) and 2024 (QĐ 148) with totals on the band
boundaries, imported into a fresh database (units only): every product gets
the stars of its sheet's bands; a malformed file is refused naming file, row
and column, and nothing is written.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from ntm.core.models import ChangeRecord
from ntm.interchange.errors import ImportRefused
from ntm.interchange.services import files_import, province_export
from ntm.ocop.models import Certificate, Producer, Product, Rating

from .conftest import HEADER, PROVINCE, csv_text

FULL = HEADER + ",producer,producer_type,stars,certificate_no,certificate_date"


def _state() -> dict[str, list]:
    return {
        "products": list(Product.objects.order_by("pk").values_list()),
        "producers": list(Producer.objects.order_by("pk").values_list()),
        "ratings": list(Rating.objects.order_by("pk").values_list()),
        "certificates": list(Certificate.objects.order_by("pk").values_list()),
        "log": list(ChangeRecord.objects.order_by("pk").values_list("pk")),
    }


def refused(path) -> list[str]:
    before = _state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[path])
    assert _state() == before
    return [str(e) for e in info.value.errors]


@pytest.fixture
def boundaries(communes) -> list[str]:
    """Ten products: 2022 (A ≤ 35, C ≤ 40) and 2024 (A ≤ 40, C ≤ 35) on each band's boundary."""
    c = communes[0]
    return [
        f"2022,P22-1,Miến dong,{c},thuc_pham,10,10,9.99",  # 29.99 → 1★
        f"2022,P22-2,Chè shan,{c},do_uong,10,10,10",  # 30 → 2★
        f"2022,P22-3,Mật ong,{c},thuc_pham,20,10,20",  # 50 → 3★
        f"2022,P22-4,Rượu men lá,{c},do_uong,25,15,30",  # 70 → 4★
        f"2022,P22-5,Gạo nếp,{c},thuc_pham,35,25,30",  # 90 → 5★ (C 30 of 40)
        f"2024,P24-1,Giỏ mây,{c},thu_cong_my_nghe,10,10,9.99",
        f"2024,P24-2,Lan rừng,{c},sinh_vat_canh,10,10,10",
        f"2024,P24-3,Cao gắm,{c},duoc_lieu,20,10,20",
        f"2024,P24-4,Homestay Pác Ngòi,{c},du_lich,30,15,25",
        f"2024,P24-5,Miến dong Na Rì,{c},thuc_pham,40,25,25",  # 90 with A 40 (only under 148)
    ]


def test_every_product_gets_the_stars_of_its_sheets_bands(boundaries, write):
    summary = files_import(paths=[write("ocop.csv", csv_text(HEADER, boundaries))])

    assert summary.kinds["ocop"].created == 10
    stars = dict(Rating.objects.values_list("product__code", "stars"))
    assert stars == {
        "P22-1": 1, "P22-2": 2, "P22-3": 3, "P22-4": 4, "P22-5": 5,
        "P24-1": 1, "P24-2": 2, "P24-3": 3, "P24-4": 4, "P24-5": 5,
    }  # fmt: skip
    sheets = dict(Rating.objects.values_list("product__code", "sheet"))
    assert sheets["P22-5"] == "qd-1048-2019" and sheets["P24-5"] == "qd-148-2023"
    assert Rating.objects.get(product__code="P22-1").total == Decimal("29.99")
    levels = dict(Rating.objects.values_list("product__code", "level"))
    assert (levels["P22-3"], levels["P22-4"], levels["P22-5"]) == ("huyen", "tinh", "trung_uong")


def test_importing_the_same_file_again_changes_nothing(boundaries, write):
    path = write("ocop.csv", csv_text(HEADER, boundaries))
    files_import(paths=[path])
    before = _state()
    summary = files_import(paths=[path])
    assert (summary.kinds["ocop"].created, summary.kinds["ocop"].unchanged) == (0, 10)
    assert _state() == before


def test_the_optional_columns_give_producer_stars_and_certificate(communes, write):
    c = communes[1]
    rows = [
        f"2024,P1,Mật ong bạc hà,{c},thuc_pham,30,15,25,HTX Bạc Hà,hop_tac_xa,4,12/QĐ-UBND,15/03/2024"
    ]
    files_import(paths=[write("ocop.csv", csv_text(FULL, rows))])

    product = Product.objects.get(code="P1")
    assert (product.producer.name, product.producer.kind) == ("HTX Bạc Hà", "hop_tac_xa")
    cert = Certificate.objects.get(rating__product=product)
    assert (cert.number, cert.issued_on, cert.valid_until) == (
        "12/QĐ-UBND",
        datetime.date(2024, 3, 15),
        datetime.date(2027, 3, 15),
    )


def test_a_dry_run_writes_nothing(boundaries, write):
    before = _state()
    summary = files_import(paths=[write("ocop.csv", csv_text(HEADER, boundaries))], dry_run=True)
    assert summary.kinds["ocop"].created == 10
    assert _state() == before


def test_a_re_rating_in_a_later_round_keeps_the_history(communes, write):
    c = communes[0]
    files_import(
        paths=[write("a.csv", csv_text(HEADER, [f"2021,P1,Mật ong,{c},thuc_pham,20,10,20"]))]
    )
    files_import(
        paths=[write("b.csv", csv_text(HEADER, [f"2024,P1,Mật ong,{c},thuc_pham,30,15,25"]))]
    )
    assert list(Rating.objects.order_by("year").values_list("year", "stars")) == [
        (2021, 3),
        (2024, 4),
    ]


# --- refusals: named FILE:ROW:COLUMN, nothing written ----------------------------------


@pytest.mark.parametrize(
    ("row", "column", "says"),
    [
        ("2024,X1,Mật ong,{c},thuc_pham,41,10,10", "score_a", "quá mức tối đa 40"),
        ("2022,X1,Mật ong,{c},thuc_pham,36,10,10", "score_a", "quá mức tối đa 35"),
        ("2024,X1,Mật ong,{c},thuc_pham,10,10,36", "score_c", "quá mức tối đa 35"),
        ("2024,X1,Mật ong,{c},thuc_pham,10,26,10", "score_b", "quá mức tối đa 25"),
        ("2024,X1,Mật ong,{c},thuc_pham,-1,10,10", "score_a", "âm"),
        ("2024,X1,Mật ong,{c},thuc_pham,10,10,10.123", "score_c", "chữ số thập phân"),
        ("2024,X1,Mật ong,{c},thuc_pham,10,10,abc", "score_c", "không phải là một số"),
        ("2024,X1,Mật ong,{c},hai_san,10,10,10", "group", "nhóm sản phẩm không rõ"),
        ("2024,X1,Mật ong,{ward},thuc_pham,10,10,10", "commune_code", "không phải xã"),
        ("2024,X1,Mật ong,99999,thuc_pham,10,10,10", "commune_code", ""),
        ("2024,X1,,{c},thuc_pham,10,10,10", "name", "ô trống"),
        ("24,X1,Mật ong,{c},thuc_pham,10,10,10", "year", "năm không hợp lệ"),
    ],
)
def test_a_malformed_row_is_refused_naming_row_and_column(communes, ward, write, row, column, says):
    c = communes[0]
    good = f"2024,G1,Gạo,{c},thuc_pham,30,15,25"
    path = write("bad.csv", csv_text(HEADER, [good, row.format(c=c, ward=ward)]))
    errors = refused(path)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"bad.csv:3:{column}:"), errors
    assert says in errors[0]


def test_stars_that_contradict_the_scores_are_refused(communes, write):
    c = communes[0]
    rows = [f"2024,X1,Mật ong,{c},thuc_pham,20,10,19.99,,,3,,"]  # 49.99 → 2★, not 3★
    errors = refused(write("stars.csv", csv_text(FULL, rows)))
    assert len(errors) == 1 and errors[0].startswith("stars.csv:2:stars:"), errors
    assert "2 sao" in errors[0]


def test_a_certificate_below_three_stars_is_refused(communes, write):
    c = communes[0]
    rows = [f"2024,X1,Mật ong,{c},thuc_pham,20,10,19.99,,,,5/QĐ,01/06/2024"]
    errors = refused(write("cert.csv", csv_text(FULL, rows)))
    assert errors[0].startswith("cert.csv:2:certificate_no:"), errors


def test_one_bad_row_refuses_every_file_of_the_call(boundaries, communes, write):
    good = write("good.csv", csv_text(HEADER, boundaries))
    bad = write("bad.csv", csv_text(HEADER, [f"2024,X,Y,{communes[0]},thuc_pham,50,0,0"]))
    before = _state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[good, bad])
    assert [str(e)[:18] for e in info.value.errors] == ["bad.csv:2:score_a:"]
    assert _state() == before


def test_the_same_product_and_year_twice_with_different_scores_is_refused(communes, write):
    c = communes[0]
    rows = [f"2024,X1,Mật ong,{c},thuc_pham,30,15,25", f"2024,X1,Mật ong,{c},thuc_pham,30,15,20"]
    errors = refused(write("twice.csv", csv_text(HEADER, rows)))
    assert errors[0].startswith("twice.csv:3:product_code:") and "twice.csv:2" in errors[0]


# --- export ----------------------------------------------------------------------------


def test_an_export_has_the_computed_stars_and_validity_and_imports_back_unchanged(
    communes, write, tmp_path
):
    c = communes[0]
    rows = [
        f"2022,P1,Mật ong,{c},thuc_pham,20,10,20,HTX A,hop_tac_xa,,7/QĐ-UBND,20/12/2022",
        f"2024,P2,Giỏ mây,{c},thu_cong_my_nghe,10,10,10,,,,,",
    ]
    files_import(paths=[write("in.csv", csv_text(FULL, rows))])
    [exported] = province_export(province_code=PROVINCE, years=[2022, 2024], kinds=["ocop"])
    lines = exported.data.decode().splitlines()
    assert lines[0] == FULL + ",valid_until"
    assert (
        lines[1]
        == f"2022,P1,Mật ong,{c},thuc_pham,20,10,20,HTX A,hop_tac_xa,3,7/QĐ-UBND,20/12/2022,20/12/2025"
    )
    assert lines[2] == f"2024,P2,Giỏ mây,{c},thu_cong_my_nghe,10,10,10,,,2,,,"

    before = _state()
    path = tmp_path / exported.filename
    path.write_bytes(exported.data)
    summary = files_import(paths=[path])
    assert summary.kinds["ocop"].unchanged == 2
    assert _state() == before


def test_the_commands_import_and_export_ocop(boundaries, write, tmp_path, capsys):
    call_command("import", str(write("ocop.csv", csv_text(HEADER, boundaries))))
    out = tmp_path / "ocop-out.csv"
    call_command(
        "export",
        "--kind",
        "ocop",
        "--province",
        PROVINCE,
        "--years",
        "2022",
        "2024",
        "-o",
        str(out),
    )
    text = out.read_text()
    assert text.count("\n") == 11 and ",5,,," in text


# --- an officer's import: the rating level's rights and scope, row by row -------------------


def test_an_officers_import_is_refused_outside_their_rights_or_units(communes, province, write):
    from ntm.units.models import AdminUnit
    from tests.factories import user_make

    commune = AdminUnit.objects.get(level=3, code=communes[0])
    district = commune.parent
    other = AdminUnit.objects.filter(level=2, province=province).exclude(pk=district.pk).first()
    rows = [f"2024,X1,Mật ong,{communes[0]},thuc_pham,30,15,25"]
    path = write("ocop.csv", csv_text(HEADER, rows))

    for officer in (
        user_make("xa_ocop", "commune", commune),  # a commune registers, does not rate
        user_make("huyen_khac_ocop", "district", other),  # another district's commune
    ):
        before = _state()
        with pytest.raises(ImportRefused) as info:
            files_import(paths=[path], user=officer)
        assert str(info.value.errors[0]).startswith("ocop.csv:2:commune_code:"), info.value.errors
        assert _state() == before

    # 70 points in 2024 is 4★: the province's to rate, not the district's
    own_district = user_make("huyen_ocop", "district", district)
    before = _state()
    with pytest.raises(ImportRefused) as info:
        files_import(paths=[path], user=own_district)
    assert str(info.value.errors[0]).startswith("ocop.csv:2:stars:"), info.value.errors
    assert _state() == before

    files_import(paths=[path], user=user_make("tinh_ocop", "province", province))
    assert Rating.objects.get(product__code="X1").recorded_by.username == "tinh_ocop"
