"""Reading plans (kế hoạch): the rows a target can be set for, a unit's targets and target communes.

The rows are those of the appendix table of the yearly report (biểu chi tiết),
derived from the criteria set in force, never from a fixed count: with N
criteria they are

* ``tong_so_xa`` communes in the programme (printed without a number);
* ``1``      average number of criteria met per commune (bình quân tiêu chí/xã);
* ``2.1``    communes meeting the standard (all N criteria);
* ``2.1.qd`` of which recognised by a decision (printed without a number);
* ``2.k``    communes meeting exactly N − k + 1 criteria, k = 2 … N
  (``2.N`` is "1 tiêu chí");
* ``3``      the average again, as printed above the per-criterion rows;
* ``3.n``    communes meeting criterion number n.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ntm.criteria.models import CriteriaSet
from ntm.plans.models import Target, TargetCommune
from ntm.units.models import AdminUnit

# The two rows printed without a number carry these ids.
TOTAL_ROW = "tong_so_xa"  # "Tổng số xã thực hiện Chương trình NTM"
RECOGNISED_ROW = "2.1.qd"  # "Trong đó số xã đã có QĐ công nhận đạt chuẩn NTM"


def target_row_ids(criteria_count: int) -> tuple[str, ...]:
    """Row ids of the appendix table that can carry a target, in printed order (N = ``criteria_count``)."""
    n = criteria_count
    return (
        (TOTAL_ROW, "1", "2.1", RECOGNISED_ROW)
        + tuple(f"2.{k}" for k in range(2, n + 1))
        + ("3",)
        + tuple(f"3.{k}" for k in range(1, n + 1))
    )


@dataclass(frozen=True)
class TargetRow:
    """One row of the appendix table that a plan can set a target for."""

    row_id: str
    label: str
    kind: str  # "average" (criteria per commune) or "count" (communes)
    criteria_count: int | None = None  # for 2.k: how many criteria the communes meet
    criterion_number: int | None = None  # for 3.n


def target_rows(*, criteria_set: CriteriaSet) -> list[TargetRow]:
    """The appendix rows of ``criteria_set`` in printed order."""
    criteria = list(
        criteria_set.criteria.order_by("number").values_list("number", "short_name", "name")
    )
    n = len(criteria)
    rows = [
        TargetRow(TOTAL_ROW, _("Tổng số xã thực hiện Chương trình NTM"), "count"),
        TargetRow("1", _("Bình quân số tiêu chí đạt chuẩn/xã"), "average"),
        TargetRow(
            "2.1", _("Số xã đạt chuẩn (%(n)s tiêu chí) NTM") % {"n": n}, "count", criteria_count=n
        ),
        TargetRow(RECOGNISED_ROW, _("Trong đó số xã đã có QĐ công nhận đạt chuẩn NTM"), "count"),
    ]
    for k in range(2, n + 1):
        met = n - k + 1
        rows.append(
            TargetRow(
                f"2.{k}",
                _("Số xã đạt %(m)s tiêu chí") % {"m": f"{met:02d}"},
                "count",
                criteria_count=met,
            )
        )
    rows.append(
        TargetRow("3", _("Kết quả đạt chuẩn theo từng tiêu chí (bình quân tiêu chí/xã)"), "average")
    )
    for number, short_name, name in criteria:
        rows.append(
            TargetRow(
                f"3.{number}",
                _("Số xã đạt TC số %(n)s về %(s)s") % {"n": number, "s": short_name or name},
                "count",
                criterion_number=number,
            )
        )
    return rows


def _row_key(row_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in row_id.split(".") if p.isdigit())


def targets_for(*, unit: AdminUnit, year: int) -> dict[str, Decimal]:
    """The targets ``unit`` planned for ``year``: row id → value, in row order."""
    pairs = Target.objects.filter(unit=unit, year=year).values_list("row_id", "value")
    return dict(sorted(pairs, key=lambda p: _row_key(p[0])))


def target_communes(
    *, unit: AdminUnit, year: int, include_below: bool = False
) -> list[dict[str, Any]]:
    """Communes named in the plan of ``unit`` for ``year`` (xã phấn đấu), as plain rows.

    With ``include_below``, also those named by the units below it (a
    province's districts).
    """
    qs = TargetCommune.objects.filter(year=year).select_related(
        "commune", "commune__parent", "unit"
    )
    qs = qs.filter(unit__path__startswith=unit.path) if include_below else qs.filter(unit=unit)
    return [
        {
            "id": tc.pk,
            "unit_id": tc.unit_id,
            "unit": str(tc.unit),
            "commune_id": tc.commune_id,
            "commune_code": tc.commune.code,
            "commune": str(tc.commune),
            "parent": str(tc.commune.parent) if tc.commune.parent_id else "",
            "title": tc.title,
            "note": tc.note,
        }
        for tc in qs.order_by("commune__path", "title")
    ]
