"""The OCOP figures of a unit and year (ocop.selectors.ocop_figures), for the report and dashboard."""

import datetime

import pytest

from ntm.interchange.services import files_import
from ntm.ocop.selectors import certificates_expiring, ocop_figures
from ntm.units.models import AdminUnit

from .conftest import HEADER, csv_text

FULL = HEADER + ",producer,producer_type,stars,certificate_no,certificate_date"


@pytest.fixture
def rated(communes, write):
    a, b = communes[0], communes[-1]
    rows = [
        f"2022,P1,Mật ong,{a},thuc_pham,20,10,20,,,,1/QĐ,15/03/2022",  # 3★ 2022, new in 2022
        f"2024,P1,Mật ong,{a},thuc_pham,30,15,25,,,,2/QĐ,20/03/2024",  # 4★ 2024, not new
        f"2024,P2,Giỏ mây,{a},thu_cong_my_nghe,20,10,20,,,,3/QĐ,01/02/2024",  # 3★ new
        f"2024,P3,Lan rừng,{b},sinh_vat_canh,10,10,10,,,,,",  # 2★
        f"2024,P4,Homestay,{b},du_lich,40,25,25,,,,4/QĐ,10/10/2024",  # 5★ new
    ]
    files_import(paths=[write("ocop.csv", csv_text(FULL, rows))])
    return a, b


def test_the_figures_count_products_by_stars_level_district_new_and_expiring(rated, province):
    figures = ocop_figures(unit=province, year=2024)

    assert figures.rated == 4
    assert figures.by_stars == {2: 1, 3: 1, 4: 1, 5: 1}
    assert figures.by_level == {"huyen": 2, "tinh": 1, "trung_uong": 1}
    assert sum(figures.by_district.values()) == 4
    assert figures.new == 2  # P2 and P4; P1 had 3★ already in 2022
    # on 31/12/2024 in force: 2022's (until 15/03/2025: expiring within 90 days), and 2024's three
    assert figures.certified == 4
    assert figures.expiring == 1


def test_the_figures_of_a_commune_count_its_products_only(rated):
    a, _ = rated
    commune = AdminUnit.objects.get(level=3, code=a)
    figures = ocop_figures(unit=commune, year=2024)
    assert figures.by_stars == {3: 1, 4: 1}


def test_expiring_certificates_per_commune(rated, province):
    from tests.factories import user_make

    a, b = rated
    officer = user_make("tinh_bk", "province", province)
    on = datetime.date(2025, 1, 1)
    commune_a = AdminUnit.objects.get(level=3, code=a)
    commune_b = AdminUnit.objects.get(level=3, code=b)
    assert len(certificates_expiring(user=officer, on=on, within=commune_a)) == 1
    assert certificates_expiring(user=officer, on=on, within=commune_b) == []
    assert certificates_expiring(user=None, on=on) == []  # nobody's scope: nothing


def test_expiring_certificates_for_an_officer(rated, province):
    from tests.factories import user_make

    officer = user_make("tinh_bk", "province", province)
    rows = certificates_expiring(user=officer, on=datetime.date(2025, 1, 1))
    assert [(r["number"], r["days_left"], r["state"]) for r in rows] == [
        ("1/QĐ", 73, "expiring_90")
    ]
    assert rows[0]["province"] == province.name


def test_the_report_opens_part_i5_with_the_registry_figures(rated, province):
    import io

    from docx import Document

    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
    from ntm.reports.annual import report_document_build
    from ntm.reports.renderers.docx import report_docx
    from ntm.reports.selectors import report_data

    criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2021-2025.yaml")
    document = report_document_build(report_data(unit=province, year=2024))
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(document))).paragraphs)
    assert (
        "Năm 2024, có 04 sản phẩm OCOP được đánh giá, phân hạng (01 sản phẩm 2 sao, 01 sản phẩm "
        "3 sao, 01 sản phẩm 4 sao, 01 sản phẩm 5 sao), trong đó 02 sản phẩm lần đầu đạt từ 3 sao "
        "trở lên; đến ngày 31/12/2024 có 04 sản phẩm có giấy chứng nhận OCOP còn hiệu lực, trong "
        "đó 01 sản phẩm hết hạn trong 90 ngày tới."
    ) in text


def test_the_dashboard_shows_the_year_s_ocop_figures(rated, province, client, django_user_model):
    from django.urls import reverse

    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
    from tests.factories import assessment_make

    cset = criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2021-2025.yaml").criteria_set
    a, _ = rated
    assessment_make(AdminUnit.objects.get(level=3, code=a), 2024, criteria_set=cset)
    client.force_login(django_user_model.objects.create_superuser("tw", password="x"))
    page = client.get(reverse("analytics:unit_dashboard", args=[province.pk]) + "?year=2024")
    assert page.context["ocop"].rated == 4
    body = page.content.decode()
    assert "Sản phẩm OCOP năm 2024" in body
    assert "Giấy chứng nhận còn hiệu lực ngày 31/12/2024: 4" in body


def test_the_plan_s_ocop_targets_show_their_progress_and_next_year_s_in_the_report(
    rated, province, client, django_user_model
):
    import io

    from django.urls import reverse
    from docx import Document

    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
    from ntm.plans.models import Target
    from ntm.reports.annual import report_document_build
    from ntm.reports.renderers.docx import report_docx
    from ntm.reports.selectors import report_data
    from tests.factories import assessment_make

    cset = criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2021-2025.yaml").criteria_set
    a, _ = rated
    assessment_make(AdminUnit.objects.get(level=3, code=a), 2024, criteria_set=cset)
    Target.objects.create(unit=province, year=2024, row_id="ocop.3sao", value=6)
    Target.objects.create(unit=province, year=2025, row_id="ocop.3sao", value=8)
    client.force_login(django_user_model.objects.create_superuser("tw", password="x"))
    page = client.get(reverse("analytics:unit_dashboard", args=[province.pk]) + "?year=2024")
    (progress,) = page.context["ocop_progress"]
    assert (progress.key, progress.actual, progress.target) == ("ocop.3sao", 3, 6)
    assert "50,00%" in page.content.decode()  # 3 of 6 products planned reached 3 stars

    document = report_document_build(report_data(unit=province, year=2024))
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(document))).paragraphs)
    assert "Phấn đấu năm 2025 có 08 sản phẩm OCOP được đánh giá, phân hạng đạt từ 3 sao" in text
