"""The dashboard shows the figures of the report's read, computed once."""

import pytest
from django.urls import reverse

from ntm.analytics import selectors
from ntm.reports.selectors import report_data

#: Queries of the province's dashboard (session, units, years, figures, page): 31 before the
#: figures were read in one go, 19 then; the worklist and notification counts of the
#: navigation and the multi-year trend (every year counted at once, the set of each year) add
#: the rest, and the advanced and model titles two more; the chosen criterion's trend across
#: periods its set and one per period its crosswalk links reach (none here: two); the district
#: set's look-up, the OCOP registry's three reads and the villages' count one each, and the loaded
#: boundaries of the districts (the map) one. None of them grows with the districts.
DASHBOARD_QUERIES = 39


@pytest.fixture
def central(django_user_model, client):
    user = django_user_model.objects.create_superuser("tw", password="x")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_dashboard_shows_the_figures_the_report_prints(small_province, central):
    p = small_province["province"]
    response = central.get(reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2019")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures == selectors.unit_figures(unit=p, year=2019)
    assert figures == report_data(unit=p, year=2019).figures


@pytest.mark.django_db
def test_the_ranking_links_each_district_without_reading_them_again(
    small_province, central, django_assert_max_num_queries
):
    p = small_province["province"]
    url = reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2019"
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = central.get(url)
    ranking = [(item["row"].name, item["pk"]) for item in response.context["ranking"]]
    assert ranking == [("Cao", small_province["TP Cao"].pk), ("Đồi", small_province["Đồi"].pk)]
    district_url = reverse("analytics:unit_dashboard", args=[small_province["Đồi"].pk])
    assert f'href="{district_url}?year=2019"' in response.content.decode()


@pytest.mark.django_db
def test_a_campaign_just_opened_shows_communes_not_assessed_and_no_figure_as_final(
    campaign_opened, central
):
    p = campaign_opened["province"]
    text = central.get(
        reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2020"
    ).content.decode()
    assert "Số liệu năm 2020 là số liệu tạm tính." in text
    assert "2 / 30 xã đã đánh giá; 28 xã chưa đánh giá; 2 hồ sơ đã mở; 0 / 30 hồ sơ" in text
    # The three recognised communes stay counted, whatever the two drafts say.
    assert "Đã có quyết định công nhận: 3" in text
    # Averages of the communes assessed, with their denominator: (19 + 12) / 2.
    assert "15,50" in text and "trên 2 / 30 xã đã đánh giá" in text
    # No fall against 2019 nor percentage of plan from a 2-of-30 year.
    assert "so với năm 2019 (" not in text
    assert "−" not in text and "-3 xã" not in text
    key_figures = text.split('id="figures-title"')[1].split("</section>")[0]
    assert "% kế hoạch" not in key_figures and "đạt –" not in key_figures
    assert "Kế hoạch: 6 xã<" in key_figures  # the plan itself is shown, not a percentage of it
    assert "chưa tính (số liệu tạm tính)" in text


@pytest.mark.django_db
def test_a_district_lists_its_communes_without_a_file_as_not_assessed(campaign_opened, central):
    district = campaign_opened["B"]  # B1 has a 2020 draft, B2 … B10 nothing yet
    text = central.get(
        reverse("analytics:unit_dashboard", args=[district.pk]) + "?year=2020"
    ).content.decode()
    assert "Huyện B – kết quả năm 2020" in text
    rows = text.split('id="communes-title"')[1]
    assert rows.count('<span class="muted">chưa đánh giá</span>') == 2 * 9
    assert "Không đạt" not in text and "1 / 10 xã đã đánh giá" in text


@pytest.mark.django_db
def test_the_completeness_of_the_year_by_district(campaign_opened, central):
    p = campaign_opened["province"]
    response = central.get(reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2020")
    figures = response.context["figures"]
    assert figures.completeness.opened == 2 and figures.completeness.appraised == 0
    by_district = {s.name: s.completeness.opened for s in figures.subunits}
    assert by_district == {"A": 1, "B": 1, "C": 0}
    assert "Tiến độ hồ sơ đánh giá năm 2020" in response.content.decode()
    final = central.get(reverse("analytics:unit_dashboard", args=[p.pk]) + "?year=2019")
    assert "tạm tính" not in final.content.decode()


@pytest.mark.django_db
def test_the_appendix_page_of_an_unfinished_year_states_its_completeness(campaign_opened, central):
    p = campaign_opened["province"]
    text = central.get(reverse("reports:report_home") + f"?unit={p.pk}&year=2020").content.decode()
    assert "TH 2020 (tạm tính)" in text
    assert "Ghi chú: Số liệu năm 2020 là số liệu tạm tính: 2/30 xã đã đánh giá" in text
