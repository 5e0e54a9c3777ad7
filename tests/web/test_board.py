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
