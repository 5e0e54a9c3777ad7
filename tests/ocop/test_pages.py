"""The OCOP pages: scope on every page and action, the public page and its QR code without login."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ntm.core.models import ChangeRecord
from ntm.ocop import services
from ntm.ocop.models import Certificate, Product, Rating
from tests.factories import World

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _product(world: World, code: str = "SP-1", commune=None) -> Product:
    return Product.objects.create(
        code=code,
        name="Mật ong bạc hà",
        group="thuc_pham",
        commune=commune or world.c1,
        dossier=Product.Dossier.PRECHECKED,
    )


def _certified(world: World, code: str = "SP-1", issued: datetime.date | None = None) -> Product:
    """A 4★ product rated by the centre this year, its certificate issued ``issued`` (today)."""
    p = _product(world, code)
    services.rating_record(
        user=world.user("central"),
        product=p,
        year=(issued or TODAY).year,
        score_a=Decimal(30),
        score_b=Decimal(15),
        score_c=Decimal(25),
        certificate_no=f"{code}/QĐ-UBND",
        certificate_date=issued or TODAY,
    )
    return p


def test_the_public_page_needs_no_login_and_shows_the_certificate(world, login):
    p = _certified(world, issued=datetime.date(TODAY.year, 1, 1))
    response = login(None).get(reverse("ocop:public_product", args=[p.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mật ong bạc hà" in text and "SP-1/QĐ-UBND" in text and "4 sao" in text
    assert f"01/01/{TODAY.year}" in text and f"01/01/{TODAY.year + 3}" in text
    assert world.c1.name in text


def test_the_qr_code_is_an_svg_that_points_to_the_public_page(world, login):
    p = _certified(world)
    response = login(None).get(reverse("ocop:public_qr", args=[p.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_a_product_never_certified_or_revoked_has_no_public_page(world, login):
    rated = _product(world, "SP-2")
    services.rating_record(
        user=world.user("central"),
        product=rated,
        year=TODAY.year,
        score_a=Decimal(10),
        score_b=Decimal(10),
        score_c=Decimal(10),
    )
    revoked = _certified(world, "SP-3", issued=TODAY - datetime.timedelta(days=10))
    services.certificate_revoke(
        user=world.user("central"),
        certificate=Certificate.objects.get(rating__product=revoked),
        on=TODAY,
        reason="Không duy trì chất lượng",
    )
    expired = _certified(world, "SP-4", issued=datetime.date(2020, 1, 2))
    anonymous = login(None)
    for p in (rated, revoked, expired):
        assert anonymous.get(reverse("ocop:public_product", args=[p.pk])).status_code == 404
        assert anonymous.get(reverse("ocop:public_qr", args=[p.pk])).status_code == 404


def test_the_registry_pages_need_a_login(world, login):
    response = login(None).get(reverse("ocop:product_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_officer_sees_the_products_of_their_units_only(world, login):
    mine = _product(world, "SP-1")
    other = _product(world, "SP-9", commune=world.c2)
    page = login("xa").get(reverse("ocop:product_list")).content.decode()
    assert "SP-1" in page and "SP-9" not in page
    assert login("xa").get(reverse("ocop:product_detail", args=[other.pk])).status_code == 404
    assert login("huyen").get(reverse("ocop:product_detail", args=[mine.pk])).status_code == 200
    assert (
        login("huyen_khac").get(reverse("ocop:product_detail", args=[mine.pk])).status_code == 404
    )


def test_a_commune_registers_and_prechecks_its_product(world, login):
    client = login("xa")
    response = client.post(
        reverse("ocop:product_list"),
        {"code": "SP-7", "name": "Miến dong", "group": "thuc_pham", "producer_name": "HTX An"},
    )
    p = Product.objects.get(code="SP-7")
    assert response.status_code == 302 and p.commune == world.c1
    assert p.producer.name == "HTX An" and p.dossier == Product.Dossier.REGISTERED
    client.post(reverse("ocop:product_precheck", args=[p.pk]))
    assert Product.objects.get(pk=p.pk).dossier == Product.Dossier.PRECHECKED
    assert ChangeRecord.objects.filter(object_type="ocop.product", object_id=p.pk).count() == 2


def test_the_district_records_a_three_star_rating_but_not_a_four_star_one(world, login):
    p = _product(world)
    client = login("huyen")
    url = reverse("ocop:rating_record", args=[p.pk])
    client.post(url, {"year": "2024", "score_a": "20", "score_b": "10", "score_c": "20"})
    assert Rating.objects.get(product=p, year=2024).stars == 3
    client.post(url, {"year": "2023", "score_a": "30", "score_b": "15", "score_c": "25"})
    assert not Rating.objects.filter(product=p, year=2023).exists()


def test_an_out_of_scope_officer_cannot_rate_precheck_or_revoke(world, login):
    p = _certified(world)
    cert = Certificate.objects.get(rating__product=p)
    outsider = login("tinh_khac")
    url = reverse("ocop:rating_record", args=[p.pk])
    data = {"year": "2020", "score_a": "30", "score_b": "15", "score_c": "25"}
    assert outsider.post(url, data).status_code == 404
    assert outsider.post(reverse("ocop:product_precheck", args=[p.pk])).status_code == 404
    revoke = reverse("ocop:certificate_revoke", args=[cert.pk])
    assert outsider.post(revoke, {"on": "01/01/2026", "reason": "x"}).status_code == 404
    assert Certificate.objects.get(pk=cert.pk).revoked_on is None
    assert not Rating.objects.filter(product=p, year=2020).exists()


def test_a_commune_may_not_record_scores(world, login):
    p = _product(world)
    login("xa").post(
        reverse("ocop:rating_record", args=[p.pk]),
        {"year": "2024", "score_a": "20", "score_b": "10", "score_c": "20"},
    )
    assert not Rating.objects.exists()


def test_the_expiring_page_lists_certificates_ending_within_90_days(world, login):
    soon = TODAY - datetime.timedelta(days=3 * 365 - 20)  # valid until about 20 days from now
    _certified(world, "SP-5", issued=soon)
    _certified(world, "SP-6")  # three years left
    page = login("tinh").get(reverse("ocop:certificate_expiring")).content.decode()
    assert "SP-5" in page and "SP-6" not in page
    assert "Sắp hết hạn (trong 30 ngày)" in page
    assert (
        "SP-5" not in login("tinh_khac").get(reverse("ocop:certificate_expiring")).content.decode()
    )
