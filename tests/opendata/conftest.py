"""A province whose 2019 is final: every commune of P has its standard file appraised."""

import datetime

import pytest

from ntm.assessments.models import Assessment
from ntm.ocop.models import Certificate, Product, Rating
from tests.factories import World, recognition_make


@pytest.fixture
def final_world(world: World) -> World:
    world.assessment(commune=world.c1, state=Assessment.State.RECOGNISED)
    world.assessment(commune=world.c2, state=Assessment.State.APPRAISED)
    world.assessment(commune=world.c3, state=Assessment.State.APPRAISED, meets_standard=False)
    recognition_make(world.c1, 2019)
    product = Product.objects.create(
        code="SP-1", name="Miến dong", group="thuc_pham", commune=world.c2
    )
    rating = Rating.objects.create(
        product=product, year=2019, sheet="qd-1048-2019", level="tinh", score_a=30, score_b=15,
        score_c=25, total=70, stars=4,
    )  # fmt: skip
    Certificate.objects.create(
        rating=rating,
        number="7/QĐ-UBND",
        issued_on=datetime.date(2019, 6, 1),
        valid_until=datetime.date(2022, 6, 1),
    )
    return world
