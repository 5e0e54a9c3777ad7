"""Gap analysis: what each commune lacks, nearest first, and next year's proposed targets."""

import pytest

from ntm.plans.models import TargetCommune
from ntm.quality.gaps import commune_gap, proposed


def _line(code, value, op, limit, gap, status="not_met", unit="%"):
    return {
        "code": code,
        "content": "",
        "unit": unit,
        "status": status,
        "value": value,
        "threshold": {"op": op, "value": limit},
        "gap": gap,
    }


def test_each_criterion_lacking_names_its_indicator_nearest_the_threshold() -> None:
    gap = commune_gap(
        commune_id=1,
        code="00001",
        name="Xã A",
        district="Huyện B",
        criteria_met=16,
        criteria_total=19,
        statuses=[
            (
                17,
                "Môi trường",
                False,
                {
                    "status": "not_met",
                    "indicators": [
                        _line("17.1", "63.7", ">=", "90", "-26.3"),
                        _line("17.2", "85", ">=", "90", "-5"),
                    ],
                },
            ),
            (
                10,
                "Thu nhập",
                False,
                {
                    "status": "not_met",
                    "indicators": [
                        _line("10.1", "35.7", ">=", "36", "-0.3", unit="triệu đồng/người/năm"),
                    ],
                },
            ),
            (
                6,
                "Cơ sở vật chất văn hóa",
                False,
                {
                    "status": "not_met",
                    "indicators": [
                        {
                            "code": "6.1",
                            "status": "not_met",
                            "value": False,
                            "threshold": {"op": "=", "value": "Đạt"},
                            "gap": None,
                            "unit": "Đạt",
                        },
                    ],
                },
            ),
            (9, "Nhà ở", None, {"status": "not_assessed", "indicators": []}),
        ],
    )
    assert [c.number for c in gap.lacking] == [10, 17, 6]  # nearest its threshold first
    assert gap.lacking[1].smallest.text == "17.2: 85% (ngưỡng ≥ 90%, còn thiếu 5)"
    assert gap.lacking[0].smallest.text == (
        "10.1: 35,7 triệu đồng/người/năm (ngưỡng ≥ 36 triệu đồng/người/năm, còn thiếu 0,3)"
    )
    assert gap.lacking[2].smallest.text == "6.1: Không đạt"
    # not assessed is never not met
    assert [c.number for c in gap.not_assessed] == [9]
    assert gap.lacking_count == 3
    assert proposed([gap]) == []  # a criterion not assessed: not proposed until it is


@pytest.mark.django_db
def test_the_page_lists_the_communes_closest_first_and_adds_the_chosen_to_next_years_plan(
    small_province, client
):
    from tests.factories import user_make

    province = small_province["province"]
    client.force_login(user_make("tinh99", "province", province))
    page = client.get(f"/quality/gaps/?unit={province.pk}&year=2019")
    rows = page.context["rows"]
    # 2019: X3 15, Y2 12, Y3 8, Y4 0 criteria; X1, X2, Y1 meet the standard
    names = [r.name for r in rows]
    assert names[:3] == [str(small_province[n]) for n in ("X3", "Y2", "Y3")]
    # X3 lacks 4 criteria but is already on the 2020 list: not proposed again
    assert page.context["proposed"] == set()
    html = page.content.decode()
    assert "Thêm các xã đã chọn vào danh sách xã phấn đấu đạt chuẩn năm 2020" in html
    response = client.post(
        "/quality/gaps/",
        {
            "unit": province.pk,
            "year": 2019,
            "commune": [small_province["X3"].pk, small_province["Y2"].pk],
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Đã thêm 1 xã vào danh sách xã phấn đấu đạt chuẩn năm 2020" in text
    assert "đã có trong danh sách xã phấn đấu năm 2020" in text  # X3 was already planned
    assert TargetCommune.objects.filter(year=2020, commune=small_province["Y2"]).exists()


@pytest.mark.django_db
def test_a_district_officer_reads_the_gaps_but_does_not_plan(small_province, client):
    from tests.factories import user_make

    district = small_province["X1"].parent
    client.force_login(user_make("huyen99", "district", district))
    page = client.get(f"/quality/gaps/?unit={district.pk}&year=2019")
    assert [r.name for r in page.context["rows"]] == [str(small_province["X3"])]
    assert not page.context["can_plan"]
    assert 'name="commune"' not in page.content.decode()
    # outside their district: not found
    other = small_province["Y1"].parent
    assert client.get(f"/quality/gaps/?unit={other.pk}&year=2019").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["thon", "huyen"])
def test_the_gaps_of_villages_and_districts_are_listed_at_their_level_and_not_proposed(
    small_province, client, level
):
    from ntm.assessments.models import Assessment
    from ntm.criteria.models import CriteriaSet
    from ntm.units.models import AdminUnit
    from tests.factories import assessment_make, criteria_set_make, unit_make, user_make

    cset = criteria_set_make(n=4, code=f"{level}-thu-2016-2020")
    CriteriaSet.objects.filter(pk=cset.pk).update(level=level)
    cset.refresh_from_db()
    district = small_province["X1"].parent
    if level == "thon":
        near = unit_make(
            "9901001.01", "Thôn Gần", level=4, kind="thon", parent=small_province["X1"]
        )
        far = unit_make("9901001.02", "Thôn Xa", level=4, kind="thon", parent=small_province["X1"])
        done = unit_make(
            "9901001.03", "Thôn Đạt", level=4, kind="thon", parent=small_province["X1"]
        )
    else:
        near, far = district, small_province["Y1"].parent
        done = None
    assessment_make(near, 2019, criteria_set=cset, met={1, 2, 3})
    assessment_make(far, 2019, criteria_set=cset, met={1})
    if done is not None:
        assessment_make(done, 2019, criteria_set=cset, met={1, 2, 3, 4})
    assert set(Assessment.objects.filter(level=level).values_list("level", flat=True)) == {level}
    province = small_province["province"]
    client.force_login(user_make("tinh99", "province", province))
    page = client.get(f"/quality/gaps/?unit={province.pk}&year=2019&level={level}")
    assert [(r.name, r.lacking_count) for r in page.context["rows"]] == [
        (str(near), 1),
        (str(far), 3),
    ]
    html = page.content.decode()
    # the plan names target communes: nothing at these levels is proposed
    assert not page.context["can_plan"] and 'name="commune"' not in html
    # the communes' list stays the communes': the villages' and districts' files are not in it
    communes = client.get(f"/quality/gaps/?unit={province.pk}&year=2019").context["rows"]
    assert {r.commune_id for r in communes} <= set(
        AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).values_list("pk", flat=True)
    )
    assert communes
