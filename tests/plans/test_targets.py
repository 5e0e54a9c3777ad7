"""Plans: targets for the appendix rows and the communes a plan names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ntm.assessments.models import Recognition
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.plans.models import Target, TargetCommune
from ntm.plans.rows import PLAN_ROWS
from ntm.plans.selectors import target_communes, target_rows, targets_for
from ntm.plans.services import target_commune_add, target_commune_remove, target_set
from tests.factories import World, criteria_set_make, recognition_make


def _set(world: World, row_id: str, value, *, unit=None, year: int = 2020, user=None):
    return target_set(
        unit=unit or world.province,
        year=year,
        row_id=row_id,
        value=value,
        user=user or world.user("province"),
    )


def test_the_rows_follow_the_number_of_criteria_in_the_set(world):
    assert [r.row_id for r in target_rows(criteria_set=world.criteria_set)] == [
        "tong_so_xa",
        "1",
        "2.1",
        "2.1.qd",
        "2.2",
        "2.3",
        "3",
        "3.1",
        "3.2",
        "3.3",
        "ocop.3sao",
        "ocop.huyen",
        # the plan's other targets of section III.1 (ranges, districts, villages …)
        *[r.key for r in PLAN_ROWS],
    ]
    five = criteria_set_make(n=5, code="xa-nam-2021-2025")
    rows = target_rows(criteria_set=five)
    assert [r.row_id for r in rows if r.row_id.startswith("2.")] == [
        "2.1",
        "2.1.qd",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
    ]
    by_id = {r.row_id: r for r in rows}
    assert by_id["2.1"].label == "Số xã đạt chuẩn (5 tiêu chí) NTM"
    assert (by_id["2.5"].label, by_id["2.5"].criteria_met) == ("Số xã đạt 01 tiêu chí", 1)


def test_the_shipped_set_gives_the_rows_of_the_printed_appendix(db, criteria_2016):
    rows = {r.row_id: r for r in target_rows(criteria_set=criteria_2016)}
    n = criteria_2016.criteria.count()
    expected = (
        {"tong_so_xa", "1", "2.1.qd", "3"}
        | {f"2.{k}" for k in range(1, n + 1)}
        | {f"3.{k}" for k in range(1, n + 1)}
        | {"ocop.3sao", "ocop.huyen"}
        | {r.key for r in PLAN_ROWS}
    )
    assert set(rows) == expected
    assert rows["2.1"].label == f"Số xã đạt chuẩn ({n} tiêu chí) NTM"
    assert rows["2.11"].label == f"Số xã đạt {n - 10:02d} tiêu chí"
    assert rows["3.6"].label.startswith("Số xã đạt TC số 6 về ")


def test_the_unnumbered_rows_take_targets_as_the_import_does(world):
    _set(world, "tong_so_xa", 3)
    _set(world, "2.1.qd", 1)
    assert targets_for(unit=world.province, year=2020) == {
        "tong_so_xa": Decimal("3"),
        "2.1.qd": Decimal("1"),
    }


def test_a_target_outside_the_rows_of_the_set_is_refused(world):
    for row_id in ("2.4", "3.4", "4", "2", "", "2.0"):
        with pytest.raises(ApplicationError, match="không có trong biểu"):
            _set(world, row_id, 1)
    _set(world, "2.3", 1)
    _set(world, "3.3", 2)
    assert Target.objects.count() == 2


def test_targets_are_set_changed_and_cleared_with_a_record_each_time(world):
    _set(world, "1", "2.75")
    _set(world, "2.1", 2)
    _set(world, "3.2", Decimal("3"))
    assert targets_for(unit=world.province, year=2020) == {
        "1": Decimal("2.75"),
        "2.1": Decimal("2"),
        "3.2": Decimal("3"),
    }
    _set(world, "2.1", 3)
    _set(world, "2.1", 3)  # unchanged: no new record
    _set(world, "3.2", None)
    assert targets_for(unit=world.province, year=2020) == {
        "1": Decimal("2.75"),
        "2.1": Decimal("3"),
    }
    assert targets_for(unit=world.province, year=2019) == {}
    records = ChangeRecord.objects.filter(object_type="plans.target").order_by("id")
    assert [
        (r.action, (r.before or {}).get("value"), (r.after or {}).get("value")) for r in records
    ] == [
        ("create", None, "2.75"),
        ("create", None, "2"),
        ("create", None, "3"),
        ("update", "2", "3"),
        ("delete", "3", None),
    ]
    assert all(r.user == world.user("province") for r in records)


def test_targets_are_kept_in_row_order(world):
    for row_id in ("3.3", "2.2", "3", "1", "3.1"):
        _set(world, row_id, 1)
    assert list(targets_for(unit=world.province, year=2020)) == ["1", "2.2", "3", "3.1", "3.3"]


@pytest.mark.parametrize(
    ("row_id", "value", "message"),
    [
        ("2.1", -1, "không được âm"),
        ("2.1", "1.5", "số nguyên"),
        ("2.1", "abc", "không phải là một số"),
        ("2.1", "NaN", "không phải là một số"),
        ("1", "3.01", "không vượt quá 3"),
        ("1", "2.555", "2 chữ số thập phân"),
        ("3.1", 4, "có 3 xã trong năm 2020"),
    ],
)
def test_impossible_targets_are_refused(world, row_id, value, message):
    with pytest.raises(ApplicationError, match=message):
        _set(world, row_id, value)
    assert not Target.objects.exists()


def test_a_district_target_is_bounded_by_its_own_communes(world):
    _set(world, "2.1", 2, unit=world.d1)
    with pytest.raises(ApplicationError, match="có 2 xã"):
        _set(world, "2.1", 3, unit=world.d1)


def test_plans_are_made_for_provinces_and_districts_by_the_province(world):
    with pytest.raises(ApplicationError, match="không phải đơn vị cấp tỉnh, cấp huyện"):
        _set(world, "1", 1, unit=world.c1)
    with pytest.raises(ApplicationError, match="không được sửa kế hoạch"):
        _set(world, "1", 1, unit=world.d1, user=world.user("district"))
    with pytest.raises(ApplicationError, match="không có quyền"):
        _set(world, "1", 1, unit=world.d1, user=world.user("province", in_scope=False))
    _set(world, "1", 1, unit=world.d1)
    _set(world, "1", 2, unit=world.other_province, user=world.user("central"))
    assert targets_for(unit=world.d1, year=2020) == {"1": Decimal("1")}
    assert targets_for(unit=world.province, year=2020) == {}


def test_a_year_without_a_criteria_set_is_refused(world):
    with pytest.raises(ApplicationError, match="Không có bộ tiêu chí"):
        _set(world, "1", 1, year=2030)


def test_named_target_communes(world):
    target_commune_add(
        unit=world.province,
        year=2020,
        commune=world.c1,
        user=world.user("province"),
        note="Trọng điểm",
    )
    target_commune_add(
        unit=world.province, year=2020, commune=world.c3, user=world.user("province")
    )
    target_commune_add(unit=world.d1, year=2020, commune=world.c2, user=world.user("province"))
    rows = target_communes(unit=world.province, year=2020)
    assert [(r["commune_code"], r["title"], r["note"]) for r in rows] == [
        ("C111", "dat_chuan", "Trọng điểm"),
        ("C121", "dat_chuan", ""),
    ]
    assert rows[0]["parent"] == str(world.d1)
    below = target_communes(unit=world.province, year=2020, include_below=True)
    assert sorted(r["commune_code"] for r in below) == ["C111", "C112", "C121"]
    assert target_communes(unit=world.province, year=2019) == []

    with pytest.raises(ApplicationError, match="đã có trong danh sách"):
        target_commune_add(
            unit=world.province, year=2020, commune=world.c1, user=world.user("province")
        )
    with pytest.raises(ApplicationError, match="không phải là xã thuộc"):
        target_commune_add(unit=world.d1, year=2020, commune=world.c3, user=world.user("province"))
    with pytest.raises(ApplicationError, match="không phải là xã thuộc"):
        target_commune_add(
            unit=world.province, year=2020, commune=world.d2, user=world.user("province")
        )

    tc = TargetCommune.objects.get(unit=world.province, commune=world.c3)
    with pytest.raises(ApplicationError):
        target_commune_remove(target_commune=tc, user=world.user("district"))
    target_commune_remove(
        target_commune=tc, user=world.user("province"), reason="Chuyển sang năm 2021"
    )
    assert [r["commune_code"] for r in target_communes(unit=world.province, year=2020)] == ["C111"]
    actions = list(
        ChangeRecord.objects.filter(object_type="plans.targetcommune")
        .order_by("id")
        .values_list("action", "reason")
    )
    assert actions == [
        ("create", ""),
        ("create", ""),
        ("create", ""),
        ("delete", "Chuyển sang năm 2021"),
    ]


def test_a_commune_already_holding_the_title_is_not_a_target_for_it(world):
    recognition_make(world.c1, 2018, number="1/QĐ")
    with pytest.raises(ApplicationError, match="đã được công nhận"):
        target_commune_add(
            unit=world.province, year=2020, commune=world.c1, user=world.user("province")
        )
    # but it can strive for the next title
    target_commune_add(
        unit=world.province,
        year=2020,
        commune=world.c1,
        user=world.user("province"),
        title=Recognition.Title.ADVANCED,
    )


def test_the_ocop_targets_are_whole_numbers_not_bounded_by_the_communes(world):
    _set(world, "ocop.3sao", 12)  # more products than the province's three communes
    assert targets_for(unit=world.province, year=2020)["ocop.3sao"] == Decimal("12")
    with pytest.raises(ApplicationError, match="đếm số sản phẩm"):
        _set(world, "ocop.3sao", Decimal("2.5"))


def test_a_commune_named_by_two_requests_at_once_is_refused_not_a_server_error(world, monkeypatch):
    """The second of two requests passing the check together meets the table's constraint."""
    user = world.user("province")
    target_commune_add(unit=world.province, year=2020, commune=world.c1, user=user)
    # the check before the write sees no row, as the second request did
    monkeypatch.setattr(TargetCommune.objects, "filter", lambda **_: TargetCommune.objects.none())
    with pytest.raises(ApplicationError, match="đã có trong danh sách"):
        target_commune_add(unit=world.province, year=2020, commune=world.c1, user=user)
    monkeypatch.undo()
    assert TargetCommune.objects.filter(commune=world.c1, year=2020).count() == 1
