"""The OCOP services: the dossier's pre-check first, the sheet of the rating's day, revocation."""

import datetime
from decimal import Decimal as D

import pytest

from ntm.core.errors import ApplicationError
from ntm.ocop import services
from ntm.ocop.models import Certificate, Product, Rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(world) -> Product:
    return services.product_register(
        user=world.user("commune"), code="SP-1", name="Mật ong", group="thuc_pham", commune=world.c1
    )


def test_a_product_is_rated_only_after_its_commune_prechecked_the_dossier(world, product):
    central = world.user("central")
    with pytest.raises(ApplicationError, match="kiểm tra trước"):
        services.rating_record(
            user=central, product=product, year=2024, score_a=D(20), score_b=D(10), score_c=D(20)
        )
    services.product_precheck(user=world.user("commune"), product=product)
    rating = services.rating_record(
        user=central, product=product, year=2024, score_a=D(20), score_b=D(10), score_c=D(20)
    )
    assert (rating.stars, rating.level) == (3, "huyen")


def test_the_sheet_is_the_one_in_force_on_the_rating_day(world, product):
    services.product_precheck(user=world.user("commune"), product=product)
    central = world.user("central")
    # 36 points of part C: possible under QĐ 1048 (40), not under QĐ 148 (35)
    before = services.rating_record(
        user=central,
        product=product,
        year=2023,
        rated_on=datetime.date(2023, 2, 23),
        score_a=D(30),
        score_b=D(20),
        score_c=D(36),
    )
    assert (before.sheet, before.stars) == ("qd-1048-2019", 4)
    with pytest.raises(ApplicationError, match="quá mức tối đa 35"):
        services.rating_record(
            user=central,
            product=product,
            year=2024,
            rated_on=datetime.date(2024, 2, 24),
            score_a=D(30),
            score_b=D(20),
            score_c=D(36),
        )


def test_re_rating_keeps_the_history_and_its_certificate(world, product):
    services.product_precheck(user=world.user("commune"), product=product)
    central = world.user("central")
    services.rating_record(
        user=central, product=product, year=2021, score_a=D(20), score_b=D(10), score_c=D(20),
        certificate_no="1/QĐ", certificate_date=datetime.date(2021, 12, 1),
    )  # fmt: skip
    services.rating_record(
        user=central, product=product, year=2024, score_a=D(30), score_b=D(15), score_c=D(25),
        certificate_no="2/QĐ", certificate_date=datetime.date(2024, 12, 1),
    )  # fmt: skip
    assert list(Rating.objects.order_by("year").values_list("year", "stars")) == [
        (2021, 3),
        (2024, 4),
    ]
    assert list(Certificate.objects.order_by("issued_on").values_list("number", flat=True)) == [
        "1/QĐ",
        "2/QĐ",
    ]


def test_a_certificate_is_not_issued_below_three_stars(world, product):
    services.product_precheck(user=world.user("commune"), product=product)
    with pytest.raises(ApplicationError, match="từ 3 sao"):
        services.rating_record(
            user=world.user("central"), product=product, year=2024,
            score_a=D(20), score_b=D(10), score_c=D("19.99"),
            certificate_no="1/QĐ", certificate_date=datetime.date(2024, 12, 1),
        )  # fmt: skip
    assert not Rating.objects.exists()


def test_a_revocation_needs_a_reason_and_is_kept_with_it(world, product):
    services.product_precheck(user=world.user("commune"), product=product)
    rating = services.rating_record(
        user=world.user("central"), product=product, year=2024,
        score_a=D(20), score_b=D(10), score_c=D(20),
        certificate_no="1/QĐ", certificate_date=datetime.date(2024, 12, 1),
    )  # fmt: skip
    cert = rating.certificate
    district = world.user("district")
    with pytest.raises(ApplicationError, match="lý do"):
        services.certificate_revoke(
            user=district, certificate=cert, on=datetime.date(2025, 3, 1), reason=" "
        )
    services.certificate_revoke(
        user=district, certificate=cert, on=datetime.date(2025, 3, 1), reason="Không đánh giá lại"
    )
    cert.refresh_from_db()
    assert (cert.revoked_on, cert.revoke_reason) == (
        datetime.date(2025, 3, 1),
        "Không đánh giá lại",
    )


def test_a_product_belongs_to_a_xa(world):
    with pytest.raises(ApplicationError):
        services.product_register(
            user=world.user("central"), code="SP-2", name="Chè", group="do_uong", commune=world.d1
        )
