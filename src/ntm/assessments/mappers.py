"""The one place that converts between ORM rows and the rules core's dataclasses.

criteria set + thresholds → :class:`RuleSet`; administrative unit →
:class:`CommuneContext`; stored values → :class:`IndicatorInput`; results →
the fields of ``CriterionStatus`` (with the explanation the commune page shows).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.criteria.models import CriteriaSet, Criterion, Indicator, Threshold
from ntm.evaluation.engine import RULES_VERSION, context_for
from ntm.evaluation.model import (
    CommuneContext,
    CriterionResult,
    CriterionRule,
    IndicatorInput,
    IndicatorResult,
    IndicatorRule,
    RegionRule,
    RuleSet,
    ThresholdValue,
)
from ntm.units.classifications import UnitClass, in_force, kind_name
from ntm.units.models import AdminUnit, Classification, Region
from ntm.units.names import unit_label

# Units of the shipped sets, in English, for the English reasons.
UNITS_EN = {
    "triệu đồng/người/năm": "million VND/person/year",
    "triệu đồng/người": "million VND/person",
    "km": "km",
    "hộ": "households",
    "xã": "communes",
    "người": "people",
}

# A label longer than this is replaced by a shorter name in reasons.
LABEL_MAX = 60


@dataclass(frozen=True)
class MappedRuleSet:
    """A criteria set as the core sees it, with the ids the database needs back."""

    criteria_set_id: int
    rules: RuleSet
    indicator_code_by_id: dict[int, str]
    indicator_by_code: dict[str, IndicatorRule]
    criterion_id_by_number: dict[int, int]
    criterion_names: dict[int, tuple[str, str]]
    # indicator code → (content, unit, kind), for the explanation
    contents: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # criterion number → digest of its rules, part of each status's fingerprint
    criterion_digest: dict[int, str] = field(default_factory=dict)
    # criterion number → its indicators' ids, in order
    indicator_ids: dict[int, tuple[int, ...]] = field(default_factory=dict)


def _labels(ind: Indicator, crit: Criterion, single: bool) -> tuple[str, str]:
    if len(ind.content) <= LABEL_MAX:
        vi = ind.content
    elif single:
        vi = crit.name
    else:
        vi = f"Chỉ tiêu {ind.code}"
    en = (crit.name_en or crit.name) if single else f"Indicator {ind.code}"
    return vi, en


def ruleset_from_db(criteria_set_id: int) -> MappedRuleSet:
    """Read a criteria set with its indicators and every threshold (three queries)."""
    criteria = list(Criterion.objects.filter(criteria_set_id=criteria_set_id).order_by("number"))
    indicators = list(
        Indicator.objects.filter(criterion__criteria_set_id=criteria_set_id).order_by(
            "criterion__number", "order", "code"
        )
    )
    thresholds = list(
        Threshold.objects.filter(indicator__criterion__criteria_set_id=criteria_set_id)
        .order_by("pk")
        .values(
            "indicator_id",
            "region__code",
            "province__code",
            "commune_group",
            "value_number",
            "value_text",
            "secondary_number",
            "verified",
        )
    )
    national: dict[int, ThresholdValue] = {}
    by_region: dict[int, dict[str, ThresholdValue]] = {}
    by_province: dict[int, dict[str, ThresholdValue]] = {}
    by_group: dict[int, dict[str, ThresholdValue]] = {}
    for t in thresholds:
        value = ThresholdValue(
            number=t["value_number"],
            text=t["value_text"] or "",
            secondary=t["secondary_number"],
            verified=t["verified"],
        )
        if t["province__code"] is not None:
            by_province.setdefault(t["indicator_id"], {})[t["province__code"]] = value
        elif t["commune_group"]:
            by_group.setdefault(t["indicator_id"], {})[t["commune_group"]] = value
        elif t["region__code"] is not None:
            by_region.setdefault(t["indicator_id"], {})[t["region__code"]] = value
        else:
            national[t["indicator_id"]] = value

    by_criterion: dict[int, list[Indicator]] = {}
    for ind in indicators:
        by_criterion.setdefault(ind.criterion_id, []).append(ind)

    crit_rules = []
    code_by_id: dict[int, str] = {}
    rule_by_code: dict[str, IndicatorRule] = {}
    contents: dict[str, tuple[str, str, str]] = {}
    for crit in criteria:
        inds = by_criterion.get(crit.pk, [])
        rules = []
        for ind in inds:
            label_vi, label_en = _labels(ind, crit, len(inds) == 1)
            rule = IndicatorRule(
                code=ind.code,
                criterion=crit.number,
                kind=ind.kind,  # type: ignore[arg-type]
                op=ind.op,  # type: ignore[arg-type]
                content=ind.content,
                unit=ind.unit,
                unit_en=UNITS_EN.get(ind.unit, ind.unit),
                label_vi=label_vi,
                label_en=label_en,
                national=national.get(ind.pk),
                by_region=by_region.get(ind.pk, {}),
                by_province=by_province.get(ind.pk, {}),
                by_group=by_group.get(ind.pk, {}),
                secondary_label=ind.secondary_label,
                secondary_op=ind.secondary_op or None,  # type: ignore[arg-type]
            )
            rules.append(rule)
            code_by_id[ind.pk] = ind.code
            rule_by_code[ind.code] = rule
            contents[ind.code] = (ind.content, ind.unit, ind.kind)
        crit_rules.append(
            CriterionRule(
                number=crit.number,
                name=crit.name,
                name_en=crit.name_en,
                indicators=tuple(rules),
                complete=crit.indicators_complete,
            )
        )
    cset = CriteriaSet.objects.only("code", "name", "threshold_classification", "region_rules").get(
        pk=criteria_set_id
    )
    set_rules = region_rules(cset.region_rules)
    digests = {
        rule.number: _digest((RULES_VERSION, criteria_set_id, cset.code, rule, contents, set_rules))
        for rule in crit_rules
    }
    return MappedRuleSet(
        criteria_set_id=criteria_set_id,
        rules=RuleSet(
            code=cset.code,
            name=cset.name,
            criteria=tuple(crit_rules),
            group_classification=cset.threshold_classification,
            region_rules=set_rules,
        ),
        indicator_code_by_id=code_by_id,
        indicator_by_code=rule_by_code,
        criterion_id_by_number={c.number: c.pk for c in criteria},
        criterion_names={c.number: (c.name, c.name_en) for c in criteria},
        contents=contents,
        criterion_digest=digests,
        indicator_ids={
            c.number: tuple(ind.pk for ind in by_criterion.get(c.pk, [])) for c in criteria
        },
    )


def region_rules(raw: list[dict[str, Any]]) -> tuple[RegionRule, ...]:
    """A set's ``region_rules`` (as stored) → the core's rules, with the region's names."""
    if not raw:
        return ()
    regions = {r.code: r for r in Region.objects.filter(code__in=[x["region"] for x in raw])}
    out = []
    for item in raw:
        region = regions.get(item["region"])
        out.append(
            RegionRule(
                classification=item["classification"],
                region_code=item["region"],
                basis=item.get("basis", ""),
                classification_name=kind_name(item["classification"]),
                classification_name_en=kind_name(item["classification"], en=True),
                region_name=region.name if region else "",
                region_name_en=region.name_en if region else "",
                values=tuple(str(v) for v in item.get("values", [])),
            )
        )
    return tuple(out)


def _digest(data: object) -> str:
    """A short digest of a criterion's rules (the dataclasses' repr is complete and ordered)."""
    return hashlib.blake2b(repr(data).encode(), digest_size=16).hexdigest()


class RuleSetCache:
    """Criteria sets read once per call (a bulk evaluation touches one or two sets)."""

    def __init__(self) -> None:
        self._sets: dict[int, MappedRuleSet] = {}

    def get(self, criteria_set_id: int) -> MappedRuleSet:
        if criteria_set_id not in self._sets:
            self._sets[criteria_set_id] = ruleset_from_db(criteria_set_id)
        return self._sets[criteria_set_id]


def commune_context(
    commune: AdminUnit, classes: tuple[tuple[str, str, str], ...] = ()
) -> CommuneContext:
    """The commune's region (its own override, else its province's), its province and classes.

    Expects ``region`` and ``province__region`` selected with the commune.
    ``classes`` are its classifications in force for the year (code, class,
    source decision); a set's rules then choose from them (``context_for``).
    """
    region = commune.threshold_region()
    province = commune.province if commune.province_id else None
    return CommuneContext(
        region_code=region.code if region else None,
        region_name=region.name if region else "",
        region_name_en=region.name_en if region else "",
        province_code=province.code if province else None,
        province_name=unit_label(province.kind, province.name) if province else "",
        classes=classes,
    )


def unit_classes(unit_ids: list[int]) -> dict[int, list[UnitClass]]:
    """Every dated classification of the given units (one query)."""
    out: dict[int, list[UnitClass]] = {}
    for uid, code, value, basis, start, end in Classification.objects.filter(
        unit_id__in=unit_ids
    ).values_list("unit_id", "code", "value", "legal_basis", "valid_from", "valid_to"):
        out.setdefault(uid, []).append(UnitClass(code, value, basis, start, end))
    return out


class ContextCache:
    """Commune contexts under a set's rules; communes with the same region, province and classes share one.

    ``load`` reads the classifications of the communes about to be judged
    (one query per batch); a commune not loaded is judged without any.
    """

    def __init__(self) -> None:
        self._contexts: dict[tuple[Any, ...], CommuneContext] = {}
        self._classes: dict[int, list[UnitClass]] = {}

    def load(self, unit_ids: list[int]) -> None:
        missing = [u for u in unit_ids if u not in self._classes]
        if missing:
            found = unit_classes(missing)
            for uid in missing:
                self._classes[uid] = found.get(uid, [])

    def get(self, commune: AdminUnit, year: int, rules: RuleSet) -> CommuneContext:
        classes = tuple(
            (c.code, c.value, c.legal_basis)
            for c in in_force(self._classes.get(commune.pk, []), year)
        )
        key = (commune.region_id, commune.province_id, classes, rules.code)
        if key not in self._contexts:
            self._contexts[key] = context_for(rules, commune_context(commune, classes))
        return self._contexts[key]


def input_from_row(
    value_number: Decimal | None,
    value_bool: bool | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    secondary: Decimal | None,
) -> IndicatorInput:
    """A stored IndicatorValue row (as a tuple of its fields) → core input."""
    value: Decimal | bool | None = value_bool if value_bool is not None else value_number
    return IndicatorInput(
        value=value, numerator=numerator, denominator=denominator, secondary=secondary
    )


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return "0" if text == "-0" else text
    return value


def indicator_explanation(
    result: IndicatorResult, content: tuple[str, str, str], given: IndicatorInput | None
) -> dict[str, Any]:
    """One indicator's line of the explanation (JSON-safe; numbers as strings)."""
    t = result.threshold
    return {
        "code": result.code,
        "content": content[0],
        "unit": content[1],
        "kind": content[2],
        "status": result.status,
        "value": _json_number(result.value),
        "value_source": result.value_source,
        "numerator": _json_number(given.numerator) if given else None,
        "denominator": _json_number(given.denominator) if given else None,
        "secondary_value": _json_number(result.secondary_value),
        "threshold": None
        if t is None
        else {
            "op": t.op,
            "value": _json_number(t.number) if t.number is not None else t.text,
            "secondary_op": t.secondary_op,
            "secondary": _json_number(t.secondary),
            "scope": t.scope,
            "scope_label": t.scope_label_vi,
            "scope_label_en": t.scope_label_en,
            "verified": t.verified,
        },
        "gap": _json_number(result.gap),
        "reason_vi": result.reason_vi,
        "reason_en": result.reason_en,
    }


def status_fields(
    result: CriterionResult,
    mapped: MappedRuleSet,
    context: CommuneContext,
    inputs: dict[str, IndicatorInput],
) -> dict[str, Any]:
    """CriterionStatus fields derived from a criterion result."""
    name, name_en = mapped.criterion_names.get(result.number, ("", ""))
    explanation = {
        "criterion": result.number,
        "name": name,
        "name_en": name_en,
        "status": result.status,
        "computed_met": result.computed_met,
        "declared_met": result.declared,
        "met": result.met,
        "source": result.source,
        "disagrees": result.disagrees,
        "reason_vi": result.reason_vi,
        "reason_en": result.reason_en,
        "region": context.region_code,
        "criteria_set": mapped.rules.code,
        "indicators": [
            indicator_explanation(r, mapped.contents[r.code], inputs.get(r.code))
            for r in result.indicators
        ],
    }
    return {
        "computed_met": result.computed_met,
        "met": result.met,
        "source": result.source,
        "explanation": explanation,
    }
