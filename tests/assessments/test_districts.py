"""Huyện nông thôn mới: a district's conditions from its communes, its survey and its criteria."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from ntm.assessments.models import Assessment, DistrictRecord
from ntm.assessments.selectors import district_standing, province_districts
from ntm.assessments.services.district import district_results_save, district_results_state
from ntm.core.concurrency import StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet
from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
from ntm.evaluation.district import COMMUNES_ADVANCED, COMMUNES_STANDARD, SATISFACTION
from ntm.units.models import AdminUnit
from tests.factories import (
    assessment_make,
    criteria_set_make,
    province_make,
    recognition_make,
    unit_make,
    user_make,
)

pytestmark = pytest.mark.django_db
ALL_MET = {n: True for n in range(1, 10)}


@pytest.fixture
def place():
    criteria_set_load(path=CRITERIA_DIR / "huyen-ntm-2016-2020.yaml")
    criteria_set_load(path=CRITERIA_DIR / "huyen-ntm-2021-2025.yaml")
    units = province_make({"Hà Quảng": ["An", "Bình", "Cường"], "Hòa An": ["Dũng"]})
    district = units["Hà Quảng"]
    for name in ("An", "Bình", "Cường"):
        recognition_make(units[name], 2021)
    recognition_make(units["An"], 2022, title="nang_cao")
    return {
        **units,
        "district_user": user_make("huyen", "district", district),
        "other_district_user": user_make("huyen_khac", "district", units["Hòa An"]),
        "commune_user": user_make("xa", "commune", units["An"]),
        "province_user": user_make("tinh", "province", units["province"]),
    }


def conditions(standing):
    return {r.rule.code: r for r in standing.results}


def test_the_shipped_district_sets_carry_their_conditions_and_nine_criteria(place):
    cset = CriteriaSet.objects.get(code="huyen-ntm-2021-2025")
    assert cset.level == CriteriaSet.Level.DISTRICT
    assert cset.criteria.count() == 9
    codes = [c["code"] for c in cset.conditions]
    assert codes[:2] == [COMMUNES_STANDARD, COMMUNES_ADVANCED]
    satisfaction = next(c for c in cset.conditions if c["code"] == SATISFACTION)
    assert satisfaction["percent"] == "90" and satisfaction["verified"] is True
    towns = next(c for c in cset.conditions if c["code"] == "towns_civilised")
    assert towns["verified"] is False


def test_a_district_meeting_every_condition_qualifies(place):
    district = place["Hà Quảng"]
    district_results_save(
        user=place["district_user"],
        district=district,
        year=2022,
        satisfaction=Decimal("92.5"),
        towns_civilised=None,
        source="Báo cáo kết quả lấy ý kiến số 12/BC-UBND",
        criteria=ALL_MET,
    )
    standing = district_standing(district=district, year=2022)
    got = conditions(standing)
    assert got[COMMUNES_STANDARD].met is True and got[COMMUNES_STANDARD].whole == 3
    assert got[COMMUNES_ADVANCED].met is True  # 1 of 3 = 33,33%
    assert got[SATISFACTION].met is True
    assert standing.standing is True


def test_the_advanced_title_counts_only_from_its_decision_year(place):
    got = conditions(district_standing(district=place["Hà Quảng"], year=2021))
    assert got[COMMUNES_ADVANCED].met is False
    assert got[COMMUNES_ADVANCED].part == 0


def test_without_a_survey_the_district_is_not_known_not_failed(place):
    district = place["Hà Quảng"]
    district_results_save(
        user=place["district_user"],
        district=district,
        year=2022,
        satisfaction=None,
        towns_civilised=None,
        criteria=ALL_MET,
    )
    standing = district_standing(district=district, year=2022)
    assert conditions(standing)[SATISFACTION].met is None
    assert standing.standing is None


def test_a_revoked_decision_makes_the_district_fall_short(place):
    revoked = place["Bình"].recognitions.get()
    revoked.revoked_on = datetime.date(2022, 6, 1)
    revoked.save()
    got = conditions(district_standing(district=place["Hà Quảng"], year=2022))
    assert got[COMMUNES_STANDARD].met is False
    assert got[COMMUNES_STANDARD].part == 2


def test_a_district_file_is_not_counted_among_the_communes_files(place):
    district = place["Hà Quảng"]
    assessment_make(place["An"], 2020, criteria_set=criteria_set_make())
    district_results_save(
        user=place["district_user"],
        district=district,
        year=2020,
        satisfaction=Decimal(95),
        towns_civilised=None,
        criteria={1: True, 2: False},
    )
    file = Assessment.objects.get(commune=district, year=2020)
    assert file.level == CriteriaSet.Level.DISTRICT
    assert file.criteria_set.code == "huyen-ntm-2016-2020"
    assert list(Assessment.objects.standard().filter(year=2020)) == [
        Assessment.objects.get(commune=place["An"], year=2020)
    ]
    assert (
        conditions(district_standing(district=district, year=2020))["district_criteria"].met
        is False
    )


def test_no_district_set_after_2025(place):
    standing = district_standing(district=place["Hà Quảng"], year=2026)
    assert standing.criteria_set is None and standing.standing is None
    with pytest.raises(ApplicationError, match="2026"):
        district_results_save(
            user=place["province_user"],
            district=place["Hà Quảng"],
            year=2026,
            satisfaction=Decimal(95),
            towns_civilised=None,
            criteria={},
        )


def test_an_officer_outside_the_district_cannot_record_its_results(place):
    for user in (place["commune_user"], place["other_district_user"]):
        with pytest.raises(ApplicationError):
            district_results_save(
                user=user,
                district=place["Hà Quảng"],
                year=2022,
                satisfaction=Decimal(95),
                towns_civilised=None,
                criteria={},
            )
    assert not DistrictRecord.objects.exists()


def test_a_change_made_since_the_page_opened_is_refused(place):
    district = place["Hà Quảng"]
    opened = version_token(district_results_state(district=district, year=2022))
    district_results_save(
        user=place["province_user"],
        district=district,
        year=2022,
        satisfaction=Decimal(80),
        towns_civilised=None,
        criteria={},
    )
    with pytest.raises(StaleEdit):
        district_results_save(
            user=place["district_user"],
            district=district,
            year=2022,
            satisfaction=Decimal(95),
            towns_civilised=None,
            criteria={},
            version=opened,
        )
    assert DistrictRecord.objects.get().satisfaction == Decimal(80)


def test_more_civilised_towns_than_towns_is_refused(place):
    district = place["Hà Quảng"]
    unit_make("T1", "Xuân Hòa", level=3, kind=AdminUnit.Kind.TOWNSHIP, parent=district)
    with pytest.raises(ApplicationError, match="1 thị trấn"):
        district_results_save(
            user=place["district_user"],
            district=district,
            year=2022,
            satisfaction=None,
            towns_civilised=2,
            criteria={},
        )


def test_the_district_page_records_results_and_shows_the_standing(place, client):
    district = place["Hà Quảng"]
    client.force_login(place["district_user"])
    url = reverse("assessments:district", args=[district.pk])
    page = client.get(url + "?year=2022")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Chưa đủ số liệu để kết luận" in body
    form = page.context["form"]
    data = {"year": "2022", "version": form.initial["version"], "satisfaction": "92,5"}
    data.update({f"tc{n}": "1" for n in range(1, 10)})
    saved = client.post(url, data, follow=True)
    body = saved.content.decode()
    assert "Đủ điều kiện huyện nông thôn mới" in body
    assert "92,50%" in body
    assert DistrictRecord.objects.get().satisfaction == Decimal("92.5")


def test_the_district_page_refuses_a_satisfaction_above_100_at_its_field(place, client):
    district = place["Hà Quảng"]
    client.force_login(place["district_user"])
    url = reverse("assessments:district", args=[district.pk])
    page = client.post(url, {"year": "2022", "satisfaction": "120"})
    assert page.status_code == 200
    assert page.context["form"].errors["satisfaction"]
    assert not DistrictRecord.objects.exists()


def test_the_province_list_shows_each_district(place, client):
    client.force_login(place["province_user"])
    province = place["province"]
    page = client.get(reverse("assessments:district_list") + f"?province={province.pk}&year=2022")
    assert page.status_code == 200
    rows = {r.district.name: r for r in page.context["rows"]}
    assert set(rows) == {"Hà Quảng", "Hòa An"}
    assert rows["Hòa An"].standing is False  # its one commune holds no title
    assert (
        province_districts(user=place["district_user"], province=province, year=2022)[0].district
        == place["Hà Quảng"]
    )


def test_a_bad_condition_in_a_set_file_is_refused_naming_the_key(tmp_path: Path):
    text = (CRITERIA_DIR / "huyen-ntm-2021-2025.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "huyen-thu.yaml"
    bad.write_text(
        text.replace("code: huyen-ntm-2021-2025", "code: huyen-thu")
        .replace("period_start: 2021", "period_start: 2031")
        .replace("period_end: 2025", "period_end: 2035")
        .replace('percent: "90"', 'percent: "chín mươi"'),
        encoding="utf-8",
    )
    with pytest.raises(ApplicationError, match=r"huyen-thu.yaml: set.conditions\[4\].percent"):
        criteria_set_load(path=bad)
    assert not CriteriaSet.objects.filter(code="huyen-thu").exists()


def test_the_province_list_costs_the_same_queries_for_one_district_or_many(
    place, client, django_assert_max_num_queries
):
    client.force_login(place["province_user"])
    url = reverse("assessments:district_list") + f"?province={place['province'].pk}&year=2022"
    client.get(url)
    for n in range(3, 8):
        province_make({f"H{n}": ["X"]}, code=f"9{n}")  # other provinces: not listed
    more = [
        unit_make(f"99{n:02d}", f"Mới {n}", level=2, kind="huyen", parent=place["province"])
        for n in range(10, 16)
    ]
    with django_assert_max_num_queries(40) as captured:
        page = client.get(url)
    assert len(page.context["rows"]) == 2 + len(more)
    few = len(captured.captured_queries)
    more.append(unit_make("9920", "Mới 20", level=2, kind="huyen", parent=place["province"]))
    with django_assert_max_num_queries(few):
        client.get(url)


def test_a_district_officer_sees_the_list_of_their_province_with_their_district_only(place, client):
    client.force_login(place["district_user"])
    url = reverse("assessments:district_list") + f"?province={place['province'].pk}&year=2022"
    page = client.get(url)
    assert page.status_code == 200
    assert [r.district.name for r in page.context["rows"]] == ["Hà Quảng"]


def test_the_province_dashboard_counts_its_districts_conditions(place, client):
    commune_set = criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2021-2025.yaml").criteria_set
    assessment_make(place["An"], 2022, criteria_set=commune_set)
    district_results_save(
        user=place["district_user"],
        district=place["Hà Quảng"],
        year=2022,
        satisfaction=Decimal(95),
        towns_civilised=None,
        criteria=ALL_MET,
    )
    client.force_login(place["province_user"])
    page = client.get(
        reverse("analytics:unit_dashboard", args=[place["province"].pk]) + "?year=2022"
    )
    summary = page.context["districts"]
    assert (summary.total, summary.met, summary.short, summary.unknown) == (2, 1, 1, 0)
    assert "Đủ điều kiện: <strong>1/2</strong>" in page.content.decode()


def test_a_district_s_criteria_are_imported_from_a_file_and_count_in_its_conditions(
    place, tmp_path
):
    from ntm.interchange.services import files_import

    district = place["Hà Quảng"]
    rows = "\n".join(f"2022,{district.code},{n},1" for n in range(1, 10))
    path = tmp_path / "tieu-chi-huyen.csv"
    path.write_text("year,district_code,criterion,met\n" + rows + "\n", encoding="utf-8")
    from ntm.interchange.errors import ImportRefused

    try:
        files_import(paths=[path], user=place["district_user"])
    except ImportRefused as exc:
        raise AssertionError(exc.lines()) from exc
    file = Assessment.objects.get(commune=district, year=2022)
    assert file.level == CriteriaSet.Level.DISTRICT
    assert file.criteria_set.code == "huyen-ntm-2021-2025"
    assert (
        conditions(district_standing(district=district, year=2022))["district_criteria"].met is True
    )


def test_a_district_file_naming_a_criterion_the_district_set_lacks_is_refused(place, tmp_path):
    from ntm.interchange.services import files_import

    district = place["Hà Quảng"]
    path = tmp_path / "tieu-chi-huyen.csv"
    path.write_text(
        f"year,district_code,criterion,met\n2022,{district.code},1,1\n2022,{district.code},12,1\n",
        encoding="utf-8",
    )
    from ntm.interchange.errors import ImportRefused

    with pytest.raises(ImportRefused) as refused:
        files_import(paths=[path], user=place["district_user"])
    (line,) = refused.value.lines()
    assert line.startswith("tieu-chi-huyen.csv:3:criterion: tiêu chí 12 ngoài phạm vi")
    assert not Assessment.objects.filter(commune=district).exists()


@pytest.fixture
def province_set(place, tmp_path):
    """A province's own file of completion conditions (the shipped 2026-2030 one has none: the
    annex was not retrieved), with two conditions of the known codes."""
    path = tmp_path / "tinh-thu.yaml"
    path.write_text(
        """
set:
  code: tinh-thu-2021-2025
  name_vi: "Điều kiện tỉnh hoàn thành nhiệm vụ (thử)"
  legal_basis: "thử"
  period_start: 2021
  period_end: 2025
  level: tinh
  province: "99"
  conditions:
    - {code: districts_qualified, name_vi: "Tỷ lệ huyện đạt chuẩn", percent: "100"}
    - {code: communes_standard, name_vi: "Tỷ lệ xã đạt chuẩn", percent: "75"}
groups: []
criteria: []
""",
        encoding="utf-8",
    )
    return criteria_set_load(path=path).criteria_set


def test_a_province_s_completion_counts_its_districts_and_communes(place, province_set, client):
    province = place["province"]
    district_results_save(
        user=place["district_user"],
        district=place["Hà Quảng"],
        year=2022,
        satisfaction=Decimal(95),
        towns_civilised=None,
        criteria=ALL_MET,
    )
    client.force_login(place["province_user"])
    page = client.get(reverse("assessments:district", args=[province.pk]) + "?year=2022")
    assert page.status_code == 200
    standing = page.context["standing"]
    got = conditions(standing)
    assert (got["districts_qualified"].part, got["districts_qualified"].whole) == (1, 2)
    assert got["districts_qualified"].met is False  # Hòa An's commune holds no title
    assert (got["communes_standard"].part, got["communes_standard"].whole) == (3, 4)
    assert got["communes_standard"].met is True  # 75%
    assert standing.standing is False
    assert "hoàn thành nhiệm vụ xây dựng nông thôn mới" in page.content.decode()


def test_the_shipped_2026_province_conditions_are_not_known_until_a_province_loads_them(place):
    criteria_set_load(path=CRITERIA_DIR / "tinh-ntm-2026-2030.yaml")
    from ntm.assessments.selectors import province_standing

    standing = province_standing(province=place["province"], year=2026)
    assert standing.criteria_set.code == "tinh-ntm-2026-2030"
    assert standing.results == [] and standing.standing is None
