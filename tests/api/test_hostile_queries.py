"""Hostile query parameters never make the API fail: huge numbers, impossible years, text
where an id is expected are refused (400, naming the parameter) or match nothing."""

import pytest

from tests.factories import CaoBang

pytestmark = pytest.mark.django_db

BIG = str(10**30)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/assessments/?unit={BIG}",
        f"/api/v1/assessments/?commune={BIG}",
        f"/api/v1/assessments/?page={BIG}",
        "/api/v1/assessments/?page_size=-1",
        f"/api/v1/units/?parent={BIG}",
        "/api/v1/units/?level=99999999999999999999",
        f"/api/v1/units/{'9' * 9}/figures/?year=2019",
        f"/api/v1/units/{BIG}/",
        "/api/v1/units/true/appendix/?year=2019",
        "/api/v1/units/1/figures/?year=2100",
        f"/api/v1/targets/?row_id={'x' * 500}",
        "/api/v1/assessments/?state=zzz",
        "/api/v1/ocop-products/?group=%00",
    ],
)
def test_a_hostile_query_is_answered_below_500(url, cao_bang: CaoBang, api) -> None:
    assert api("tinh").get(url).status_code < 500


@pytest.mark.parametrize("query", ["year=1800", "year=abc", f"year={BIG}", "year=2019.5", "year=0"])
@pytest.mark.parametrize(
    "path",
    [
        "assessments",
        "units",
        "criteria-sets",
        "recognitions",
        "targets",
        "target-communes",
        "funds",
        "supports",
    ],
)
def test_an_impossible_year_is_refused_naming_it(path, query, cao_bang: CaoBang, api) -> None:
    response = api("tinh").get(f"/api/v1/{path}/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"


@pytest.mark.parametrize("year", ["", "²", "٣", "1899", "99999", "2019.0", "-2019"])
@pytest.mark.parametrize("what", ["figures", "appendix"])
def test_figures_of_an_impossible_year_are_refused_naming_it(
    what, year, cao_bang: CaoBang, api
) -> None:
    response = api("tinh").get(f"/api/v1/units/{cao_bang.province}/{what}/", {"year": year})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"
