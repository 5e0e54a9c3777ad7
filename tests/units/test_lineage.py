"""Lineage: a later list ends the units of the provinces merged into a new one and records, for
every new unit, its predecessors (whole or in part) with the change's date and basis."""

import csv
import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ntm.units.models import AdminUnit, UnitLineage
from ntm.units.selectors import predecessors, successors, territory, unit_on_map
from ntm.units.services import units_load

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def merged(db):
    """Bắc Kạn (6) and Thái Nguyên (19) on the 2019 list, then the July 2025 list of Thái Nguyên."""
    units_load(province_code="6")
    units_load(province_code="19")
    out = StringIO()
    call_command("loadunits", "--province", "19", "--list", "2025-10", stdout=out)
    return out.getvalue()


def test_loading_the_new_province_ends_every_unit_of_the_province_merged_into_it(merged):
    assert "Sáp nhập vào: tỉnh mã 6" in merged
    bac_kan = AdminUnit.objects.filter(
        path__startswith=AdminUnit.objects.get(code="6", level=1).path
    )
    assert bac_kan.count() == 131
    assert set(bac_kan.values_list("valid_to", flat=True)) == {REFORM}
    # the former Thái Nguyên ends too: the province of today is a new unit
    old, new = sorted(
        AdminUnit.objects.filter(level=1, code="19"),
        key=lambda u: u.valid_from or datetime.date.min,
    )
    assert old.valid_to == REFORM and new.valid_from == REFORM and new.valid_to is None
    assert AdminUnit.objects.filter(path__startswith=new.path, level=3).count() == 92


def test_the_new_province_has_both_former_provinces_as_whole_predecessors(merged):
    new = unit_on_map(code="19", level=1, list_name="2025-10")
    links = predecessors(unit=new)
    assert sorted((link.predecessor.name, link.whole) for link in links) == [
        ("Bắc Kạn", True),
        ("Thái Nguyên", True),
    ]
    assert all(link.effective == REFORM for link in links)
    assert all("202/2025/QH15" in link.resolution for link in links)
    old_bac_kan = AdminUnit.objects.get(level=1, code="6")
    assert [link.successor for link in successors(unit=old_bac_kan)] == [new]


def test_a_new_commune_has_its_former_communes_from_the_conversion_table(merged):
    # Phường Đức Xuân of 2025 took in the whole of three wards of the town of Bắc Kạn
    duc_xuan = unit_on_map(code="1840", level=3, list_name="2025-10")
    assert duc_xuan.parent.code == "19"
    names = sorted(link.predecessor.name for link in predecessors(unit=duc_xuan))
    assert names == ["Huyền Tụng", "Nguyễn Thị Minh Khai", "Đức Xuân"]
    assert all(link.whole for link in predecessors(unit=duc_xuan))


def test_a_commune_taken_in_part_is_recorded_as_such(merged):
    partial = UnitLineage.objects.filter(successor__province__code="19", whole=False)
    assert partial.exists()
    assert all("một phần" in link.note.lower() for link in partial)


def test_loading_the_list_again_changes_nothing(merged):
    before = (AdminUnit.objects.count(), UnitLineage.objects.count())
    summary = units_load(list_name="2025-10", province_code="19")
    assert summary.created == 0 and summary.ended == 0
    assert (AdminUnit.objects.count(), UnitLineage.objects.count()) == before


def test_an_older_list_is_refused_for_a_merged_province(merged):
    with pytest.raises(CommandError, match="2025-10"):
        call_command("loadunits", "--province", "6", "--list", "2025-01", stdout=StringIO())


def test_the_territory_of_the_new_province_is_both_former_provinces(merged):
    new = unit_on_map(code="19", level=1, list_name="2025-10")
    roots = {(u.level, u.code) for u in territory(unit=new)}
    assert roots == {(1, "19"), (1, "6")}
    assert len(territory(unit=new)) == 3  # the new province and the two former ones


def test_a_unit_not_on_a_lists_map_is_refused_by_name(merged):
    with pytest.raises(Exception, match="mã 6 trên bản đồ của danh mục 2025-10"):
        unit_on_map(code="6", level=1, list_name="2025-10")


# --------------------------------------------------------------------------- figures on a map


def _statuses(path, codes_met):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["year", "commune_code", "criterion", "met"])
        for code, met in codes_met:
            for number in range(1, 20):
                w.writerow([2019, code, number, 1 if number <= met else 0])


def _appendix(*args):
    out = StringIO()
    call_command("report", "appendix", "--year", "2019", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def _column(rows, year="TH 2019"):
    col = rows[0].index(next(h for h in rows[0] if h.startswith(year)))
    return {(r[0], r[1]): r[col] for r in rows[1:]}


@pytest.mark.django_db
def test_a_past_year_on_todays_map_counts_the_communes_of_both_former_provinces(tmp_path):
    call_command("loadcriteria", stdout=StringIO())
    units_load(province_code="6")
    units_load(province_code="19")
    communes = AdminUnit.objects.filter(kind="xa", level=3).order_by("code")
    bac_kan = [c.code for c in communes if c.province.code == "6"][:12]
    thai_nguyen = [c.code for c in communes if c.province.code == "19"][:9]
    met = [(code, 19 if i % 3 == 0 else 8 + i % 7) for i, code in enumerate(bac_kan + thai_nguyen)]
    _statuses(tmp_path / "statuses.csv", met)
    call_command("import", str(tmp_path / "statuses.csv"), stdout=StringIO())
    before_6 = _appendix("--province", "6")
    before_19 = _appendix("--province", "19")

    call_command("loadunits", "--province", "19", "--list", "2025-10", stdout=StringIO())

    assert _appendix("--province", "6") == before_6
    assert _appendix("--province", "19") == before_19
    assert _appendix("--province", "19", "--map", "2019") == before_19
    both = _column(_appendix("--province", "19", "--map", "2025-10"))
    six, nineteen = _column(before_6), _column(before_19)
    assert both[("", "Tổng số xã thực hiện Chương trình NTM")] == str(110 + 137)
    counted = [k for k in both if k[0].startswith("2.") and six[k] not in ("",)]
    assert counted
    for key in counted:
        assert int(both[key]) == int(six[key]) + int(nineteen[key]), key
    assert both[("2.1", "Số xã đạt chuẩn (19 tiêu chí) NTM")] == str(
        sum(1 for _, m in met if m == 19)
    )
    average = sum(m for _, m in met) / len(met)
    assert both[("1", "Bình quân số tiêu chí đạt chuẩn/xã")] == f"{average:.2f}"


# --------------------------------------------------------------------------- a merged commune


def _merged_commune(min_communes=2):
    """A commune of today's Thái Nguyên formed from at least two former xã, and those xã."""
    for link in UnitLineage.objects.filter(
        successor__province__code="19", successor__kind="xa", predecessor__kind="xa"
    ).select_related("successor"):
        preds = [
            lk.predecessor
            for lk in UnitLineage.objects.filter(successor=link.successor, predecessor__kind="xa")
        ]
        if len(preds) >= min_communes and all(p.valid_to == REFORM for p in preds):
            return link.successor, preds
    raise AssertionError("no merged commune in the table")


def _load_reform():
    out = StringIO()
    call_command("loadunits", "--province", "19", "--list", "2025-10", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_title_every_predecessor_held_is_carried_and_counted(tmp_path):
    from tests.factories import recognition_make

    units_load(province_code="6")
    units_load(province_code="19")
    # every xã of the 2019 list recognised: each merged commune carries the title
    for commune in AdminUnit.objects.filter(kind="xa", province__code__in=["6", "19"]):
        recognition_make(commune, 2019)
    out = _load_reform()
    assert "kế thừa" in out
    new, preds = _merged_commune()
    carried = new.recognitions.get()
    assert carried.kind == "ke_thua" and carried.date == REFORM and carried.year == 2025
    assert all(p.name in carried.note for p in preds)
    # counted: the new commune holds the title from 2025 on
    from ntm.assessments.services.recognition import recognised_communes

    province = unit_on_map(code="19", level=1, list_name="2025-10")
    assert new.pk in set(recognised_communes(unit=province, year=2026))
    # loading again carries nothing twice
    _load_reform()
    assert new.recognitions.count() == 1


@pytest.mark.django_db
def test_a_merged_commune_whose_predecessors_were_not_all_recognised_awaits_thua_nhan(login):
    from tests.factories import recognition_make, user_make

    units_load(province_code="6")
    units_load(province_code="19")
    units_load(list_name="2025-10", province_code="19")
    new, preds = _merged_commune()
    # only the first predecessor was recognised (decisions recorded before the change's day)
    UnitLineage.objects.filter(successor=new).delete()
    for p in preds:
        UnitLineage.objects.create(
            predecessor=p, successor=new, whole=True, effective=REFORM, list_name="2025-10"
        )
    recognition_make(preds[0], 2019)
    from ntm.assessments.services.recognition import merger_titles, recognitions_carry

    assert recognitions_carry(list_name="2025-10").awaiting >= 1
    assert not new.recognitions.exists()
    (title,) = merger_titles(commune=new)
    assert title.needs_decision and not title.carried

    province = unit_on_map(code="19", level=1, list_name="2025-10")
    user_make("tinh19", "province", province)
    page = login("tinh19").get(f"/assessments/communes/{new.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cần quyết định thừa nhận" in html
    for p in preds:
        assert p.name in html
    # the office of today's province opens the page of a former Bắc Kạn or Thái Nguyên commune
    assert login("tinh19").get(f"/assessments/communes/{preds[0].pk}/").status_code == 200
    assert (
        "Đơn vị này đã được sắp xếp vào"
        in login("tinh19").get(f"/assessments/communes/{preds[0].pk}/").content.decode()
    )


@pytest.mark.django_db
def test_the_report_page_states_a_past_year_on_the_chosen_map(login, tmp_path):
    from tests.factories import user_make

    call_command("loadcriteria", stdout=StringIO())
    units_load(province_code="6")
    units_load(province_code="19")
    first_bac_kan = AdminUnit.objects.filter(kind="xa", province__code="6").order_by("code")[0]
    first_thai = AdminUnit.objects.filter(kind="xa", province__code="19").order_by("code")[0]
    _statuses(tmp_path / "s.csv", [(first_bac_kan.code, 19), (first_thai.code, 10)])
    call_command("import", str(tmp_path / "s.csv"), stdout=StringIO())
    _load_reform()
    province = unit_on_map(code="19", level=1, list_name="2025-10")
    user_make("tinh19", "province", province)
    client = login("tinh19")
    # the year in force: the former Thái Nguyên alone
    page = client.get(f"/reports/?unit={province.pk}&year=2019").content.decode()
    assert "2019" in page and "theo đơn vị có hiệu lực năm đó" in page
    # today's map: both former provinces' communes of 2019
    page = client.get(f"/reports/?unit={province.pk}&year=2019&map=2025-10").content.decode()
    assert "trên địa bàn của Tỉnh Thái Nguyên" in page
    csv_today = client.get(
        f"/reports/appendix.csv?unit={province.pk}&year=2019&map=2025-10"
    ).content.decode("utf-8-sig")
    csv_then = client.get(f"/reports/appendix.csv?unit={province.pk}&year=2019").content.decode(
        "utf-8-sig"
    )
    total = "Tổng số xã thực hiện Chương trình NTM"
    row_today = next(r for r in csv.reader(io.StringIO(csv_today)) if r[1] == total)
    row_then = next(r for r in csv.reader(io.StringIO(csv_then)) if r[1] == total)
    assert row_today[-2] == "247" and row_then[-2] == "137"


def test_the_titles_of_every_merged_commune_are_read_in_three_queries(
    merged, django_assert_num_queries
):
    from ntm.assessments.services.recognition import merger_titles, merger_titles_of

    communes = list(
        AdminUnit.objects.filter(
            pk__in=UnitLineage.objects.filter(successor__kind="xa").values("successor_id")
        )
    )
    assert len(communes) > 50
    with django_assert_num_queries(3):
        together = merger_titles_of(communes)
    one = communes[0]
    assert together.get(one.pk, []) == merger_titles(commune=one)
