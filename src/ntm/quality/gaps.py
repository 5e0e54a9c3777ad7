"""Gap analysis: what each commune lacks to meet the standard, and which are closest to it.

For a commune's file of a year, each criterion it does not meet is listed with its
smallest gap: of the indicators that fail, the one nearest its threshold (the gap
over the threshold; an indicator met or not, such as a yes/no one, has no distance
and comes after those that have one). A criterion not assessed is not a gap: it is
listed as not assessed, never as not met. The communes closest to the standard are
those lacking fewest criteria, then with the smallest gaps; a proposal of next
year's target communes takes those within a few criteria (1-4 by default).

Pure (no Django): the statuses' explanations (``assessments.mappers.status_fields``)
are given as read.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ntm.evaluation.numbers import format_number

_OPS = {">=": "≥", "<=": "≤", "=": "="}

#: Communes lacking this many criteria (inclusive) are proposed as next year's targets.
PROPOSE_LACKING = (1, 4)


@dataclass(frozen=True)
class IndicatorGap:
    code: str
    content: str
    value: str  # as the explanation gives it
    threshold: str  # "≥ 50"
    unit: str
    gap: Decimal | None
    relative: Decimal | None  # the gap over the threshold, for ordering

    @property
    def text(self) -> str:
        """ "17.1: 63,7% (ngưỡng ≥ 90%, còn thiếu 26,3)"; "6.1: Không đạt" for a yes/no one."""
        if self.gap is None:
            return f"{self.code}: {self.value or 'Không đạt'}"
        unit = "" if not self.unit else self.unit if self.unit == "%" else f" {self.unit}"
        return (
            f"{self.code}: {self.value}{unit} (ngưỡng {self.threshold}{unit}, "
            f"còn thiếu {format_number(abs(self.gap), 2, strip=True)})"
        )


@dataclass(frozen=True)
class CriterionGap:
    number: int
    name: str
    assessed: bool
    smallest: IndicatorGap | None
    failing: int  # indicators that fail


@dataclass(frozen=True)
class CommuneGap:
    """What one file lacks: a commune's, or at those levels a village's or a district's
    (``commune_id`` is then the village or district; ``district`` names the unit above)."""

    commune_id: int
    code: str
    name: str
    district: str
    criteria_met: int
    criteria_total: int
    lacking: tuple[CriterionGap, ...]  # assessed and not met, smallest gap first
    not_assessed: tuple[CriterionGap, ...]
    parent_id: int | None = None

    @property
    def lacking_count(self) -> int:
        return len(self.lacking)

    def order(self) -> tuple[Any, ...]:
        gaps = [c.smallest.relative for c in self.lacking if c.smallest and c.smallest.relative]
        return (self.lacking_count, len(self.not_assessed), sum(gaps, Decimal(0)), self.code)


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    number = _decimal(value)
    return format_number(number, 2, strip=True) if number is not None else str(value or "")


def indicator_gap(line: Mapping[str, Any]) -> IndicatorGap:
    """An indicator's line of an explanation that fails, as a gap."""
    threshold = line.get("threshold") or {}
    limit = _decimal(threshold.get("value"))
    gap = _decimal(line.get("gap"))
    relative = abs(gap) / abs(limit) if gap is not None and limit else None
    op = _OPS.get(str(threshold.get("op") or ""), str(threshold.get("op") or ""))
    return IndicatorGap(
        code=str(line.get("code", "")),
        content=str(line.get("content", "")),
        value=_shown(line.get("value")),
        threshold=f"{op} {_shown(threshold.get('value'))}".strip(),
        unit=str(line.get("unit", "")),
        gap=gap,
        relative=relative,
    )


def criterion_gap(
    number: int, name: str, met: bool | None, explanation: Mapping[str, Any]
) -> CriterionGap:
    """A criterion not met (``met`` False; None: not assessed) with its failing indicator
    nearest its threshold."""
    assessed = met is not None
    failing = [
        indicator_gap(line)
        for line in explanation.get("indicators") or []
        if line.get("status") == "not_met"
    ]
    failing.sort(key=lambda g: (g.relative is None, g.relative or Decimal(0), g.code))
    return CriterionGap(number, name, assessed, failing[0] if failing else None, len(failing))


def commune_gap(
    *,
    commune_id: int,
    code: str,
    name: str,
    district: str,
    criteria_met: int,
    criteria_total: int,
    statuses: Iterable[tuple[int, str, bool | None, Mapping[str, Any]]],
    parent_id: int | None = None,
) -> CommuneGap:
    """A commune's file: ``statuses`` are its criteria not met or not assessed, as
    (number, name, met, explanation)."""
    gaps = [criterion_gap(*status) for status in sorted(statuses, key=lambda s: s[0])]
    lacking = sorted(
        (g for g in gaps if g.assessed),
        key=lambda g: (
            g.smallest is None or g.smallest.relative is None,
            g.smallest.relative if g.smallest and g.smallest.relative else Decimal(0),
            g.number,
        ),
    )
    return CommuneGap(
        commune_id,
        code,
        name,
        district,
        criteria_met,
        criteria_total,
        tuple(lacking),
        tuple(g for g in gaps if not g.assessed),
        parent_id,
    )


def closest(communes: Sequence[CommuneGap]) -> list[CommuneGap]:
    """The communes that do not meet the standard, closest to it first."""
    return sorted((c for c in communes if c.lacking or c.not_assessed), key=CommuneGap.order)


def proposed(
    communes: Sequence[CommuneGap], lacking: tuple[int, int] = PROPOSE_LACKING
) -> list[CommuneGap]:
    """Next year's target communes to propose: fully assessed, lacking within ``lacking``."""
    low, high = lacking
    return [c for c in closest(communes) if not c.not_assessed and low <= c.lacking_count <= high]


__all__ = ["CommuneGap", "CriterionGap", "IndicatorGap", "closest", "commune_gap", "proposed"]
