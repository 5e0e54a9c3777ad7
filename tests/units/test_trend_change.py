"""A dashboard's trend runs across a reorganisation of units and marks it."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from ntm.units.models import AdminUnit
from ntm.units.selectors import unit_on_map
from ntm.units.services import units_load


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["year", "commune_code", "criterion", "met"])
        w.writerows(rows)


@pytest.mark.django_db
def test_the_new_provinces_trend_marks_the_merger(login, tmp_path):
    from tests.factories import user_make

    call_command("loadcriteria", stdout=StringIO())
    units_load(province_code="6")
    units_load(province_code="19")
    old = AdminUnit.objects.filter(kind="xa", province__code="19").order_by("code")[0]
    _write(tmp_path / "old.csv", [[2019, old.code, n, 1] for n in range(1, 20)])
    call_command("import", str(tmp_path / "old.csv"), stdout=StringIO())
    call_command("loadunits", "--province", "19", "--list", "2025-10", stdout=StringIO())
    province = unit_on_map(code="19", level=1, list_name="2025-10")
    new = AdminUnit.objects.filter(kind="xa", province=province, valid_to=None).order_by("code")
    new = new[0]
    _write(tmp_path / "new.csv", [[2025, new.code, n, 1] for n in range(1, 20)])
    call_command("import", str(tmp_path / "new.csv"), stdout=StringIO())
    user_make("tinh19", "province", province)

    page = login("tinh19").get(f"/dashboard/{province.pk}/?year=2025").content.decode()

    # 2019 is counted on the former communes of the territory, and the change is marked
    assert ">2019*</text>" in page and ">2025*</text>" in page
    assert 'class="unit-change"' in page
    assert "sắp xếp đơn vị hành chính" in page


@pytest.mark.django_db
def test_a_dashboard_offers_the_same_code_on_each_lists_map(login, tmp_path):
    from tests.factories import user_make

    call_command("loadcriteria", stdout=StringIO())
    units_load(province_code="6")
    units_load(province_code="19")
    old = AdminUnit.objects.filter(kind="xa", province__code="19").order_by("code")[0]
    bk = AdminUnit.objects.filter(kind="xa", province__code="6").order_by("code")[0]
    rows = [[2019, code, n, 1] for code in (old.code, bk.code) for n in range(1, 20)]
    _write(tmp_path / "old.csv", rows)
    call_command("import", str(tmp_path / "old.csv"), stdout=StringIO())
    former = AdminUnit.objects.get(level=1, code="19")
    call_command("loadunits", "--province", "19", "--list", "2025-10", stdout=StringIO())
    province = unit_on_map(code="19", level=1, list_name="2025-10")
    user_make("tinh19", "province", province)
    client = login("tinh19")

    page = client.get(f"/dashboard/{province.pk}/?year=2019").content.decode()
    # today's Thái Nguyên is shown; the former one (on the 2019 list's map) is one link away
    assert '<strong aria-current="page">Danh mục 2025-10</strong>' in page
    assert f'href="/dashboard/{former.pk}/?year=2019">Danh mục 2019</a>' in page
    page = client.get(f"/dashboard/{former.pk}/?year=2019").content.decode()
    assert '<strong aria-current="page">Danh mục 2019</strong>' in page
    # a code with one version (Bắc Kạn, ended in 2025) offers no choice
    bac_kan = AdminUnit.objects.get(level=1, code="6")
    response = client.get(f"/dashboard/{bac_kan.pk}/?year=2019")
    assert "kết quả năm 2019" in response.content.decode()
    assert "Bản đồ đơn vị" not in response.content.decode()
