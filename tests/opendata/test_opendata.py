"""Open data: a province publishes a final year; anyone reads it and its files; nothing else shows."""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from ntm.analytics.selectors import unit_figures
from ntm.assessments.models import Assessment
from ntm.assessments.services import workflow
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.ocop.selectors import ocop_figures
from ntm.opendata.models import Publication
from ntm.opendata.services import publication_publish, publication_withdraw
from ntm.reports.renderers.csv import appendix_csv
from ntm.reports.selectors import appendix_table
from tests.factories import World

pytestmark = pytest.mark.django_db


def _page(world: World, name: str = "") -> str:
    if name:
        return reverse("opendata:publication_download", args=[world.province.code, 2019, name])
    return reverse("opendata:publication_detail", args=[world.province.code, 2019])


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_year_not_final_cannot_be_published(world: World):
    world.assessment(commune=world.c1, state=Assessment.State.APPRAISED)
    world.assessment(commune=world.c2, state=Assessment.State.REVIEWED)
    world.assessment(commune=world.c3, state=Assessment.State.APPRAISED)
    with pytest.raises(ApplicationError, match="chưa chính thức"):
        publication_publish(user=world.user("province"), province=world.province, year=2019)
    assert not Publication.objects.exists()


def test_a_year_with_a_commune_without_file_cannot_be_published(world: World):
    world.assessment(commune=world.c1, state=Assessment.State.APPRAISED)
    world.assessment(commune=world.c2, state=Assessment.State.APPRAISED)
    with pytest.raises(ApplicationError, match="chưa chính thức"):
        publication_publish(user=world.user("province"), province=world.province, year=2019)


def test_a_final_year_is_published_with_the_licence_and_recorded(final_world: World, settings):
    settings.NTM_OPEN_DATA_LICENCE = "CC BY 4.0"
    officer = final_world.user("province")
    p = publication_publish(user=officer, province=final_world.province, year=2019)
    assert (p.licence, p.published_by, p.withdrawn_at) == ("CC BY 4.0", officer, None)
    record = ChangeRecord.objects.get(object_type="opendata.publication", object_id=str(p.pk))
    assert record.action == "create" and record.user == officer


@pytest.mark.parametrize("role", ["commune", "district", "viewer", "none"])
def test_an_officer_below_the_province_cannot_publish(final_world: World, role: str):
    with pytest.raises(ApplicationError):
        publication_publish(user=final_world.user(role), province=final_world.province, year=2019)
    assert not Publication.objects.exists()


def test_another_province_cannot_publish(final_world: World):
    with pytest.raises(ApplicationError):
        publication_publish(
            user=final_world.user("province", in_scope=False),
            province=final_world.province,
            year=2019,
        )


def test_anonymous_reads_the_index_the_page_and_every_file(final_world: World):
    publication_publish(user=final_world.user("province"), province=final_world.province, year=2019)
    anonymous = Client()
    index = anonymous.get(reverse("opendata:publication_list")).content.decode()
    assert "Thử Nhất" in index and _page(final_world) in index
    response = anonymous.get(_page(final_world))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport"' in text and "https://" not in text.split("</head>")[0]
    assert "An" in text and "Miến dong" in text and "CC BY 4.0" in text
    assert "66,67%" in text  # 2 of 3 communes meet the standard
    assert "01/06/2022" in text  # the certificate's validity, dd/mm/yyyy
    for name in ("data.json", "figures.csv", "communes.csv", "ocop.csv"):
        assert anonymous.get(_page(final_world, name)).status_code == 200, name
    xlsx = anonymous.get(_page(final_world, "appendix.xlsx"))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert anonymous.get(_page(final_world, "nothing.txt")).status_code == 404


def test_the_files_give_the_figures_of_the_dashboard_report_and_registry(final_world: World):
    province = final_world.province
    publication_publish(user=final_world.user("province"), province=province, year=2019)
    figures = unit_figures(unit=province, year=2019)
    anonymous = Client()

    doc = json.loads(anonymous.get(_page(final_world, "data.json")).content)
    assert doc["licence"] == "CC BY 4.0" and "Thử Nhất" in doc["attribution"]
    by_key = {f["key"]: f["value"] for f in doc["figures"]}
    assert by_key["communes"] == figures.now.communes == 3
    assert by_key["communes_standard"] == figures.standard.standard
    assert by_key["communes_standard_share"] == f"{figures.standard.share:f}"
    assert by_key["criteria_average"] == f"{figures.average.value:f}"
    assert [c["commune_code"] for c in doc["communes"]] == ["C111", "C112", "C121"]
    assert [c["recognised"] for c in doc["communes"]] == [True, False, False]
    assert len(doc["ocop_products"]) == ocop_figures(unit=province, year=2019).certified == 1

    rows = _csv(anonymous.get(_page(final_world, "figures.csv")))
    assert rows[0] == ["key", "label", "value", "unit"]
    values = {r[0]: r[2] for r in rows[1:]}
    assert values["communes_standard_share"] == f"{figures.standard.share:f}"
    assert rows[-1][0] == "giay_phep" and "CC BY 4.0" in rows[-1][1]

    communes = _csv(anonymous.get(_page(final_world, "communes.csv")))
    assert communes[1][:6] == ["C111", "An", "Một", "recognised", "3", "3"]
    assert communes[-1][0] == "giay_phep"

    ocop = _csv(anonymous.get(_page(final_world, "ocop.csv")))
    assert ocop[1][0] == "SP-1" and ocop[1][7] == "4" and ocop[-1][0] == "giay_phep"

    appendix = anonymous.get(_page(final_world, "appendix.csv")).content.decode("utf-8-sig")
    assert appendix.startswith(appendix_csv(appendix_table(unit=province, year=2019)))
    assert appendix.rstrip().rsplit("\n", 1)[-1].startswith('giay_phep,"CC BY 4.0')


def test_a_reopened_file_takes_the_year_off_until_it_is_final_again(final_world: World):
    publication_publish(user=final_world.user("province"), province=final_world.province, year=2019)
    anonymous = Client()
    assert anonymous.get(_page(final_world)).status_code == 200
    a = Assessment.objects.get(commune=final_world.c2, year=2019)
    workflow.assessment_reopen(assessment=a, user=final_world.user("province"), reason="Sửa")
    assert anonymous.get(_page(final_world)).status_code == 404
    assert anonymous.get(_page(final_world, "data.json")).status_code == 404
    assert (
        _page(final_world)
        not in anonymous.get(reverse("opendata:publication_list")).content.decode()
    )


def test_a_withdrawn_year_answers_404(final_world: World):
    officer = final_world.user("province")
    publication_publish(user=officer, province=final_world.province, year=2019)
    publication_withdraw(user=officer, province=final_world.province, year=2019)
    anonymous = Client()
    assert anonymous.get(_page(final_world)).status_code == 404
    assert anonymous.get(_page(final_world, "communes.csv")).status_code == 404
    again = publication_publish(user=officer, province=final_world.province, year=2019)
    assert again.withdrawn_at is None and anonymous.get(_page(final_world)).status_code == 200


def test_a_year_never_published_answers_404(final_world: World):
    assert Client().get(_page(final_world)).status_code == 404


def test_the_office_publishes_and_withdraws_by_post(final_world: World):
    client = Client()
    client.force_login(final_world.user("province"))
    office = reverse("opendata_office:publication_office")
    page = client.get(office).content.decode()
    assert 'value="publish"' in page and "csrfmiddlewaretoken" in page
    client.post(office, {"unit": final_world.province.pk, "year": 2019, "action": "publish"})
    assert Publication.objects.filter(withdrawn_at__isnull=True).count() == 1
    client.post(office, {"unit": final_world.province.pk, "year": 2019, "action": "withdraw"})
    assert Publication.objects.filter(withdrawn_at__isnull=True).count() == 0


def test_the_office_page_is_not_found_for_a_commune_officer(final_world: World):
    client = Client()
    client.force_login(final_world.user("commune"))
    office = reverse("opendata_office:publication_office")
    assert client.get(office).status_code == 404
    client.post(office, {"unit": final_world.province.pk, "year": 2019, "action": "publish"})
    assert not Publication.objects.exists()


def test_the_public_page_reads_in_english_when_chosen(final_world: World, settings):
    publication_publish(user=final_world.user("province"), province=final_world.province, year=2019)
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = anonymous.get(_page(final_world)).content.decode()
    assert '<html lang="en">' in text
    assert "Certified OCOP products" in text and "Sản phẩm OCOP được chứng nhận" not in text


def test_the_appendix_opens_only_once_the_years_it_prints_are_published(final_world: World):
    """The appendix of 2019 prints 2018 (TH): a 2018 in progress keeps it private."""
    province, officer = final_world.province, final_world.user("province")
    for commune in (final_world.c1, final_world.c2):
        final_world.assessment(commune=commune, year=2018, state=Assessment.State.SUBMITTED)
    publication_publish(user=officer, province=province, year=2019)
    anonymous = Client()
    for name in ("appendix.csv", "appendix.xlsx"):
        assert anonymous.get(_page(final_world, name)).status_code == 404, name
    doc = json.loads(anonymous.get(_page(final_world, "data.json")).content)
    assert doc["appendix"] is None and doc["appendix_waits_for"] == [2018]
    page = anonymous.get(_page(final_world)).content.decode()
    assert "appendix.csv" not in page and "(2018)" in page

    for commune in (final_world.c1, final_world.c2, final_world.c3):
        Assessment.objects.update_or_create(
            commune=commune,
            year=2018,
            defaults={
                "state": Assessment.State.APPRAISED,
                "criteria_set": final_world.criteria_set,
            },
        )
    assert (
        anonymous.get(_page(final_world, "appendix.csv")).status_code == 404
    )  # final, unpublished
    publication_publish(user=officer, province=province, year=2018)
    assert anonymous.get(_page(final_world, "appendix.csv")).status_code == 200


def test_a_name_a_spreadsheet_would_run_is_written_as_text(final_world: World):
    from ntm.ocop.models import Product

    Product.objects.filter(code="SP-1").update(name='=HYPERLINK("http://x","Miến")')
    publication_publish(user=final_world.user("province"), province=final_world.province, year=2019)
    ocop = _csv(Client().get(_page(final_world, "ocop.csv")))
    assert ocop[1][1] == '\'=HYPERLINK("http://x","Miến")'
