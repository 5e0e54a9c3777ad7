"""The analytics and report tests' names for the suite's factories (``tests/factories.py``)."""

from collections.abc import Iterable

from ntm.assessments.models import Assessment
from ntm.criteria.models import CriteriaSet
from ntm.units.models import AdminUnit
from tests.factories import (
    assessment_make,
    first,
    province_make,
    recognition_make,
    target_commune_make,
    target_make,
)
from tests.factories import unit_make as unit

__all__ = ["assess", "first", "province_with", "recognise", "target", "target_commune", "unit"]

province_with = province_make
recognise = recognition_make
target = target_make
target_commune = target_commune_make


def assess(
    commune: AdminUnit,
    year: int,
    met: Iterable[int],
    cset: CriteriaSet,
    state: str = Assessment.State.APPRAISED,
) -> Assessment:
    """An assessment meeting exactly the criteria numbered in ``met`` (others not met).

    Appraised by the province unless told otherwise: the figures of a year whose
    every commune is assessed this way are final.
    """
    return assessment_make(commune, year, criteria_set=cset, met=met, state=state)
