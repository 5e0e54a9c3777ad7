"""Downloads in scope: each officer downloads the workbook and the exports of their own unit."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from ntm.units.models import AdminUnit
from tests.factories import CaoBang, target_make

WORKBOOK = reverse("interchange:workbook")
EXPORT = reverse("interchange:export")


def _workbook_communes(client) -> set[str]:
    response = client.get(WORKBOOK, {"year": 2019})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Tiêu chí"]
    return {str(sheet.cell(row=r, column=1).value) for r in range(2, sheet.max_row + 1)} - {"None"}


def _export(client, kind: str) -> list[dict[str, str]]:
    response = client.get(EXPORT, {"kind": kind, "year": 2019, "format": "csv"})
    assert response.status_code == 200, response
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_district_officer_downloads_the_districts_workbook_and_data(
    cao_bang: CaoBang, login
) -> None:
    district = AdminUnit.objects.get(pk=cao_bang.district)
    in_district = set(district.children.values_list("code", flat=True))
    client = login("huyen")
    communes = _workbook_communes(client)
    assert communes and communes <= in_district
    codes = {r["commune_code"] for r in _export(client, "statuses")}
    assert codes == {cao_bang.unit("commune").code, cao_bang.unit("neighbour").code}
    assert {r["commune_code"] for r in _export(client, "values")} <= in_district
    target_make(district, 2019, "1", 3)
    assert _export(client, "targets") == [
        {"year": "2019", "district_code": district.code, "row_id": "1", "value": "3"}
    ]


def test_a_commune_officer_downloads_the_communes_own_workbook_and_data(
    cao_bang: CaoBang, login
) -> None:
    commune = cao_bang.unit("commune")
    client = login("xa")
    assert _workbook_communes(client) == {commune.code}
    assert {r["commune_code"] for r in _export(client, "statuses")} == {commune.code}
    page = client.get(reverse("interchange:import")).content.decode()
    assert f"Xuất số liệu của {commune}" in page
    assert 'value="targets"' not in page  # a commune has no plan targets
    refused = client.get(EXPORT, {"kind": "targets", "year": 2019, "format": "csv"}, follow=True)
    assert "Xã không có chỉ tiêu kế hoạch để xuất." in refused.content.decode()


def test_the_province_still_downloads_the_whole_province(cao_bang: CaoBang, login) -> None:
    client = login("tinh")
    codes = {r["commune_code"] for r in _export(client, "statuses")}
    assert codes == {
        cao_bang.unit(n).code for n in ("commune", "neighbour", "other_district_commune")
    }


def test_the_province_downloads_the_advanced_files_with_their_set(cao_bang: CaoBang, login) -> None:
    from ntm.criteria.models import CriteriaSet
    from tests.factories import assessment_make, criteria_set_make

    advanced = criteria_set_make(n=3, code="xa-nang-cao-thu-2016-2020")
    advanced.kind = CriteriaSet.SetKind.ADVANCED
    advanced.save(update_fields=["kind"])
    commune = cao_bang.unit("commune")
    assessment_make(commune, 2019, criteria_set=advanced, met={1, 2})
    client = login("tinh")
    page = client.get(reverse("interchange:import")).content.decode()
    assert 'name="set_kind"' in page and '<option value="advanced">' in page
    response = client.get(
        EXPORT, {"kind": "statuses", "year": 2019, "format": "csv", "set_kind": "advanced"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["commune_code"], r["criterion"], r["met"], r["criteria_set"]) for r in rows] == [
        (commune.code, "1", "1", advanced.code),
        (commune.code, "2", "1", advanced.code),
        (commune.code, "3", "0", advanced.code),
    ]
    assert "criteria_set" not in _export(client, "statuses")[0]  # the standard files by default
    bad = {"kind": "statuses", "year": 2019, "format": "csv", "set_kind": "nang_cao"}
    assert client.get(EXPORT, bad).status_code == 404


def test_the_province_downloads_its_ocop_ratings(cao_bang: CaoBang, login, tmp_path) -> None:
    from ntm.interchange.services import files_import

    commune = cao_bang.unit("commune")
    path = tmp_path / "ocop.csv"
    path.write_text(
        "year,product_code,name,commune_code,group,score_a,score_b,score_c\n"
        f"2019,P1,Mật ong,{commune.code},thuc_pham,20,10,25\n",
        encoding="utf-8",
    )
    files_import(paths=[path])
    client = login("tinh")
    page = client.get(reverse("interchange:import")).content.decode()
    assert 'value="ocop"' in page
    response = client.get(EXPORT, {"kind": "ocop", "year": 2019, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["product_code"], r["commune_code"], r["stars"]) for r in rows] == [
        ("P1", commune.code, "3")
    ]
