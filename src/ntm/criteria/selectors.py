"""Reads of the criteria catalogue: which years a criteria set covers."""

from typing import Any

from ntm.criteria.models import CriteriaSet


def years_with_criteria_set(*, province: Any = None) -> set[int]:
    """The years some set applies to: each national set's period and its base year, and a
    province's own sets (``criteria_set_for_year`` finds a set for exactly these years)."""
    qs = CriteriaSet.objects.filter(province__isnull=True)
    if province is not None:
        qs = CriteriaSet.objects.filter(province__isnull=True) | CriteriaSet.objects.filter(
            province=province
        )
    years: set[int] = set()
    for start, end, own in qs.values_list("period_start", "period_end", "province_id"):
        years.update(range(start, end + 1))
        if own is None:
            years.add(start - 1)
    return years
