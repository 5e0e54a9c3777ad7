"""The dashboard shows the figures of the report's read, computed once."""

import pytest
from django.urls import reverse

from ntm.analytics import selectors
from ntm.reports.selectors import report_data

#: Queries of the province's dashboard (session, units, years, figures, page): 31 before the
#: figures were read in one go, 19 now.
DASHBOARD_QUERIES = 24


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
