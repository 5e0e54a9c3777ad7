"""The status board (bảng trạng thái): a province's files by state, filtered by district, name, standard."""

from django.urls import reverse

from tests.factories import CaoBang


def _board(client, **params):
    return client.get(reverse("assessments:board"), {"year": 2019, **params}).context


def _names(context) -> set[str]:
    return {a.commune.name for a in context["rows"]}


def test_the_board_lists_the_files_within_the_officers_units(cao_bang: CaoBang, login) -> None:
    names = {cao_bang.unit(n).name for n in ("commune", "neighbour", "other_district_commune")}
    assert _names(_board(login("tinh"))) == names
    assert _names(_board(login("huyen"))) == {"Sóc Hà", "Quý Quân"}


def test_the_board_filters_by_district_name_or_code_state_and_standard(
    cao_bang: CaoBang, login
) -> None:
    client = login("tinh")
    assert _names(_board(client, district=cao_bang.district)) == {"Sóc Hà", "Quý Quân"}
    assert _names(_board(client, q=" sóc ")) == {"Sóc Hà"}
    assert _names(_board(client, q="soc ha")) == {"Sóc Hà"}
    assert _names(_board(client, q="QUY  QUAN")) == {"Quý Quân"}
    assert _names(_board(client, q=cao_bang.unit("neighbour").code)) == {"Quý Quân"}
    assert _names(_board(client, state="submitted")) == set()
    assert len(_names(_board(client, state="draft"))) == 3
    assert _names(_board(client, meets_standard="true")) == set()
    assert len(_names(_board(client, meets_standard="false"))) == 3


def test_communes_without_a_file_are_listed_within_the_chosen_district(
    cao_bang: CaoBang, login
) -> None:
    client = login("tinh")
    everywhere = _board(client)["missing"]
    in_district = _board(client, district=cao_bang.district)["missing"]
    assert in_district and len(in_district) < len(everywhere)
    assert {c.parent_id for c in in_district} == {cao_bang.district}
    assert not {c.name for c in in_district} & {"Sóc Hà", "Quý Quân"}
    assert _board(client, q="Sóc")["missing"] == []  # a search lists files only


def test_a_district_outside_the_officers_units_is_not_offered(cao_bang: CaoBang, login) -> None:
    form = _board(login("huyen"))["filter"].form
    assert [d.pk for d in form.fields["district"].queryset] == [cao_bang.district]


def test_a_states_column_names_a_few_communes_and_counts_the_rest(
    cao_bang: CaoBang, login, monkeypatch
) -> None:
    from ntm.assessments import views

    monkeypatch.setattr(views, "BOARD_COLUMN_ITEMS", 1)
    response = login("tinh").get(reverse("assessments:board"), {"year": 2019})
    draft = next(c for c in response.context["columns"] if c["state"] == "draft")
    assert draft["count"] == 3 and len(draft["items"]) == 1 and draft["more"] == 2
    page = response.content.decode()
    assert "… và 2 xã khác" in page
    assert "state=draft#table-title" in page


def test_the_link_to_a_columns_other_communes_keeps_the_district_and_search(
    cao_bang: CaoBang, login, monkeypatch
) -> None:
    import re

    from ntm.assessments import views

    monkeypatch.setattr(views, "BOARD_COLUMN_ITEMS", 1)
    client = login("tinh")
    url = reverse("assessments:board")
    page = client.get(url, {"year": 2019, "district": cao_bang.district, "q": "q"})
    html = page.content.decode()
    assert "… và 1 xã khác" not in html  # "q" finds Quý Quân alone: nothing more to link
    page = client.get(url, {"year": 2019, "district": cao_bang.district, "sort": "commune"})
    link = re.search(r'href="\?([^"#]*)#table-title">… và 1 xã khác', page.content.decode())
    assert link is not None
    query = link.group(1).replace("&amp;", "&")
    assert f"district={cao_bang.district}" in query and "state=draft" in query
    assert "sort=commune" in query and "year=2019" in query
    shown = client.get(f"{url}?{query}").context
    assert _names(shown) == {"Sóc Hà", "Quý Quân"}  # the district's, not the province's three


def test_the_board_counts_its_columns_in_the_same_number_of_queries_however_many_files(
    cao_bang: CaoBang, login, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ntm.assessments.models import Assessment
    from ntm.criteria.models import CriteriaSet
    from ntm.units.models import AdminUnit
    from tests.factories import assessment_make

    client = login("tinh")
    url = reverse("assessments:board")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": 2019})
    criteria_set = CriteriaSet.objects.get(pk=cao_bang.assessment("commune").criteria_set_id)
    with_file = Assessment.objects.filter(year=2019).values("commune_id")
    others = (
        AdminUnit.objects.communes().filter(province_id=cao_bang.province).exclude(pk__in=with_file)
    )
    states = [Assessment.State.SUBMITTED, Assessment.State.REVIEWED]
    for i, commune in enumerate(others.order_by("code")[:40]):
        assessment_make(commune, 2019, criteria_set=criteria_set, state=states[i % 2])
    with django_assert_max_num_queries(len(few)) as many:
        context = client.get(url, {"year": 2019}).context
    counts = {c["state"]: c["count"] for c in context["columns"]}
    assert (counts["draft"], counts["submitted"], counts["reviewed"]) == (3, 20, 20)
    aggregate = [q["sql"].upper() for q in many.captured_queries if "GROUP BY" in q["sql"].upper()]
    assert any("COUNT(" in sql and "STATE" in sql for sql in aggregate)
