"""A province whose 2019 is final: every commune of P has its standard file appraised."""

import pytest

from ntm.assessments.models import Assessment
from tests.factories import World, certified_product_make, recognition_make


@pytest.fixture
def final_world(world: World) -> World:
    world.assessment(commune=world.c1, state=Assessment.State.RECOGNISED)
    world.assessment(commune=world.c2, state=Assessment.State.APPRAISED)
    world.assessment(commune=world.c3, state=Assessment.State.APPRAISED, meets_standard=False)
    recognition_make(world.c1, 2019)
    certified_product_make(world.c2)
    return world
