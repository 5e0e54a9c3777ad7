"""The rules core's vocabulary: criteria rules in, results with reasons out (pure; no Django).

A criteria set (bộ tiêu chí, e.g. QĐ 1980/QĐ-TTg for 2016-2020) is given as a
:class:`RuleSet`: criteria (tiêu chí), each with indicators (chỉ tiêu), each
with the thresholds (ngưỡng) that apply nationally, in a socio-economic region
(vùng) or in one province. A commune (xã) is described by a
:class:`CommuneContext` and its reported values by :class:`IndicatorInput`.
The engine (``engine.py``) turns these into :class:`CommuneResult`, every
status carrying the value and threshold used and a sentence saying why.

All dataclasses are frozen: a result never changes once computed. Mappings
inside them are plain dicts that nobody mutates; do not hash these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Kind = Literal["ratio", "amount", "count", "boolean"]
Op = Literal[">=", "<=", ">", "<", "="]
IndicatorStatus = Literal["met", "not_met", "missing", "not_applicable"]
CriterionState = Literal["met", "not_met", "not_assessed"]
Scope = Literal["province", "group", "region", "national"]


@dataclass(frozen=True)
class ThresholdValue:
    """One threshold as written in the decision or a provincial variant.

    ``number`` is the numeric threshold (70 means 70 % for a ratio); ``text``
    is the word of a boolean indicator ("Đạt", or "Không" for 9.1 "Nhà tạm,
    dột nát"). ``secondary`` is the inner threshold of a compound indicator
    (17.1 "≥90 %, trong đó ≥50 % nước sạch"). ``verified`` is False where the
    value could not be checked against the decision's text.
    """

    number: Decimal | None = None
    text: str = ""
    secondary: Decimal | None = None
    verified: bool = True

    @property
    def known(self) -> bool:
        """A value is written for the main threshold (a null cell is not a threshold)."""
        return self.number is not None or bool(self.text)


@dataclass(frozen=True, eq=False)
class IndicatorRule:
    """How one indicator (chỉ tiêu) is judged.

    Compared and hashed by identity (``eq=False``), so that the engine can
    remember the threshold it resolved for a rule and a commune's context.

    ``label_vi``/``label_en`` name the indicator in reasons ("Thu nhập");
    ``content`` is the full wording of the decision. Thresholds: ``national``
    (the "chỉ tiêu chung" column), ``by_region`` (region code → value) and
    ``by_province`` (province code → the province's own value).
    """

    code: str
    criterion: int
    kind: Kind
    op: Op
    content: str
    unit: str = ""
    unit_en: str = ""
    label_vi: str = ""
    label_en: str = ""
    national: ThresholdValue | None = None
    by_region: dict[str, ThresholdValue] = field(default_factory=dict)
    by_province: dict[str, ThresholdValue] = field(default_factory=dict)
    by_group: dict[str, ThresholdValue] = field(default_factory=dict)
    secondary_label: str = ""
    secondary_op: Op | None = None


@dataclass(frozen=True)
class CriterionRule:
    """A criterion (tiêu chí) and its indicators, in the order of the decision.

    ``complete`` is False where NTM does not hold every indicator of the
    decision (the 2026-2030 annex was not retrieved): such a criterion is
    never computed "met" from the indicators it knows, only "not met" when
    one of them fails; an officer's declaration decides.
    """

    number: int
    name: str
    indicators: tuple[IndicatorRule, ...]
    name_en: str = ""
    complete: bool = True


@dataclass(frozen=True)
class RegionRule:
    """Units with a classification apply another region's thresholds.

    E.g. QĐ 318/QĐ-TTg: extremely disadvantaged communes (``xa_dbkk``) apply
    the thresholds of the Northern Midlands and Mountains (``TDMNPB``).
    ``values`` limits the rule to some classes of the classification (empty:
    any class).
    """

    classification: str
    region_code: str
    basis: str
    classification_name: str = ""
    classification_name_en: str = ""
    region_name: str = ""
    region_name_en: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """A criteria set in force for a period (bộ tiêu chí).

    ``group_classification`` names the classification whose class chooses
    the ``by_group`` thresholds (``nhom_xa`` in 2026-2030); ``region_rules``
    move classified communes to another region's thresholds.
    """

    code: str
    criteria: tuple[CriterionRule, ...]
    name: str = ""
    group_classification: str = ""
    region_rules: tuple[RegionRule, ...] = ()


@dataclass(frozen=True)
class CommuneContext:
    """Where a commune stands for the choice of thresholds.

    ``region_code`` is the commune's own region when it has one (a commune
    assigned to another region's thresholds), else its province's region.
    """

    region_code: str | None
    region_name: str = ""
    province_code: str | None = None
    province_name: str = ""
    region_name_en: str = ""
    # classifications in force for the year: (code, class, source decision)
    classes: tuple[tuple[str, str, str], ...] = ()
    # set by ``engine.context_for``: the commune group and why the region applies
    group_code: str | None = None
    group_basis: str = ""
    region_basis_vi: str = ""
    region_basis_en: str = ""


@dataclass(frozen=True)
class IndicatorInput:
    """What a commune reported for one indicator.

    ``value`` is a number (Decimal) or, for a Đạt/Không đạt indicator, a bool
    (True = Đạt). A ratio may instead be given as ``numerator`` and
    ``denominator`` (km hardened / km in total); ``secondary`` is the inner
    value of a compound indicator (17.1's share of clean water).
    """

    value: Decimal | bool | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    secondary: Decimal | None = None


@dataclass(frozen=True)
class ResolvedThreshold:
    """The threshold that applied to a commune, and where it comes from."""

    op: Op
    number: Decimal | None
    text: str
    secondary: Decimal | None
    secondary_op: Op | None
    scope: Scope
    scope_label_vi: str
    scope_label_en: str
    verified: bool


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator judged: status, value used, threshold used, gap and reasons.

    ``gap`` is the shortfall to the threshold (in the indicator's unit) when
    a numeric indicator is not met, else None. ``value_source`` says whether
    the value was entered ("value") or computed from numerator/denominator
    ("ratio").
    """

    code: str
    status: IndicatorStatus
    value: Decimal | bool | None
    threshold: ResolvedThreshold | None
    gap: Decimal | None
    reason_vi: str
    reason_en: str
    value_source: Literal["value", "ratio", "none"] = "none"
    secondary_value: Decimal | None = None


@dataclass(frozen=True)
class CriterionResult:
    """A criterion judged.

    ``status`` and ``computed_met`` come from the indicators alone;
    ``declared`` is an officer's declaration (None if none). ``met`` is what
    counts: the declaration if any, else the computed result.
    """

    number: int
    status: CriterionState
    indicators: tuple[IndicatorResult, ...]
    computed_met: bool | None
    declared: bool | None
    met: bool | None
    source: Literal["computed", "declared"]
    disagrees: bool
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class CommuneResult:
    """A commune judged against a whole criteria set for a year."""

    criteria: tuple[CriterionResult, ...]
    met_count: int
    total: int
    meets_standard: bool
