"""Reads of the criteria catalogue: which years a criteria set covers, a criterion's rule."""

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.criteria.models import CriteriaSet, Criterion, Threshold


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


def threshold_scope(threshold: Threshold) -> tuple[int, str, str]:
    """Where a threshold applies, as (order on the page, kind, label people read).

    National first, then each region's, then a province's own (the most specific applies,
    ``evaluation.engine.resolve_threshold``). A new scope of threshold gets its line here.
    """
    if threshold.province_id is not None:
        return 2, "province", _("Ngưỡng riêng của %(p)s") % {"p": threshold.province.name}
    if threshold.region_id is not None:
        region = threshold.region
        name = region.name_en if get_language() == "en" and region.name_en else region.name
        return 1, "region", _("Vùng %(r)s") % {"r": name}
    return 0, "national", _("Chung cả nước")


def _threshold_row(threshold: Threshold) -> dict[str, Any]:
    order, kind, label = threshold_scope(threshold)
    empty = threshold.value_number is None and not threshold.value_text
    return {
        "order": order,
        "region_order": threshold.region_id or 0,
        "scope": kind,
        "scope_label": label,
        "number": threshold.value_number,
        "text": threshold.value_text,
        "secondary": threshold.secondary_number,
        "empty": empty,
        "verified": threshold.verified and not empty,
    }


def criterion_rule(*, criteria_set_code: str, number: int) -> dict[str, Any] | None:
    """One criterion of a set as its rule reads (quy định của tiêu chí): the set's legal basis,
    and each indicator's content, unit, comparison and every threshold with where it applies
    and whether it was verified against its source (an empty one is shown as having none).
    None when the set has no such criterion."""
    criterion = (
        Criterion.objects.filter(criteria_set__code=criteria_set_code, number=number)
        .select_related("criteria_set", "group")
        .first()
    )
    if criterion is None:
        return None
    thresholds = Threshold.objects.select_related("region", "province")
    indicators = []
    for indicator in criterion.indicators.prefetch_related(Prefetch("thresholds", thresholds)):
        rows = sorted(
            (_threshold_row(t) for t in indicator.thresholds.all()),
            key=lambda r: (r["order"], r["region_order"], r["scope_label"]),
        )
        indicators.append(
            {
                "code": indicator.code,
                "content": indicator.content,
                "unit": indicator.unit,
                "kind": indicator.kind,
                "kind_label": indicator.get_kind_display(),
                "op": indicator.op,
                "secondary_label": indicator.secondary_label,
                "secondary_op": indicator.secondary_op,
                "note": indicator.note,
                "sources": indicator.sources,
                "thresholds": rows,
            }
        )
    cset = criterion.criteria_set
    return {
        "criteria_set": cset,
        "criterion": criterion,
        "indicators": indicators,
        "criteria": list(
            Criterion.objects.filter(criteria_set=cset).order_by("number").values("number", "name")
        ),
    }
