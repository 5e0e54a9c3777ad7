"""Trends: a multi-year chart on the commune page and on a unit's dashboard."""

import re

from django.urls import reverse

from ntm.core.charts import TrendPoint, trend_chart
from tests.factories import CaoBang


def _columns(html: str, title: str) -> list[str]:
    section = html.split(title, 1)[1].split("</svg>", 1)[0]
    return re.findall(
        r'<text x="[\d.]+" y="[\d.]+" text-anchor="middle" class="val">([^<]*)</text>', section
    )


def test_the_commune_page_draws_the_criteria_met_each_year(cao_bang: CaoBang, login) -> None:
    commune = cao_bang.unit("commune")
    html = (
        login("tinh").get(reverse("assessments:commune_detail", args=[commune.pk])).content.decode()
    )
    files = sorted(commune.assessments.all(), key=lambda a: a.year)
    assert _columns(html, "Số tiêu chí đạt qua các năm") == [
        f"{a.criteria_met}/{a.criteria_total}" for a in files
    ]


def test_a_districts_dashboard_draws_the_communes_meeting_the_standard_each_year(
    cao_bang: CaoBang, login
) -> None:
    url = reverse("analytics:unit_dashboard", args=[cao_bang.district]) + "?year=2019"
    html = login("tinh").get(url).content.decode()
    labels = _columns(html, "Số xã đạt chuẩn nông thôn mới qua các năm")
    assert len(labels) >= 2 and all(label.isdigit() for label in labels)


def test_a_year_without_figures_has_no_column_and_a_provisional_one_is_marked() -> None:
    chart = trend_chart(
        [
            TrendPoint(2019, 12, "12/19"),
            TrendPoint(2020, None, "chưa đánh giá"),
            TrendPoint(2021, 19, "19/19", provisional=True),
        ],
        scale=19,
    )
    first, missing, last = chart["columns"]
    assert missing.missing and missing.height == 0
    assert last.height == 90.0 and last.provisional and chart["has_provisional"]
    assert first.height == round(12 / 19 * 90, 2)


def test_a_change_of_criteria_set_breaks_the_series_between_the_two_years() -> None:
    chart = trend_chart(
        [
            TrendPoint(2024, 15, "15/19", series="2021"),
            TrendPoint(2025, 17, "17/19", series="2021"),
            TrendPoint(2026, 8, "8/10", series="2026"),
        ],
        scale=19,
    )
    columns = chart["columns"]
    assert len(chart["breaks"]) == 1
    assert columns[1].x + 34 < chart["breaks"][0] < columns[2].x  # between 2025 and 2026
    same = trend_chart([TrendPoint(2019, 1, "1"), TrendPoint(2020, 2, "2")], scale=2)
    assert same["breaks"] == []


def test_a_reorganisation_of_units_is_marked_between_the_former_and_the_new_years() -> None:
    chart = trend_chart(
        [
            TrendPoint(2023, 5, "5", former=True),
            TrendPoint(2024, 6, "6", former=True),
            TrendPoint(2025, 9, "9"),
        ],
        scale=9,
    )
    assert len(chart["changes"]) == 1
    # the mark stands between 2024 and 2025, where the series' break would stand
    assert chart["changes"][0] > chart["columns"][1].x + 34
    assert chart["changes"][0] < chart["columns"][2].x
    assert (
        trend_chart([TrendPoint(2024, 6, "6"), TrendPoint(2025, 9, "9")], scale=9)["changes"] == []
    )
