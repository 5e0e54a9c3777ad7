"""Round trip through NTM's criteria engine: evaluating the values gives back the statuses.

The rules are built from the criteria set's data file (every threshold, national and
regional, as ``criteria.services.criteria_set_load`` stores them) and judged by the pure
engine ``ntm.evaluation.engine``, the same code that evaluates assessments in the
application. The tests also check it through the database.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import yaml

from ntm.evaluation.engine import evaluate_commune, parse_indicator_value
from ntm.evaluation.model import (
    CommuneContext,
    CriterionRule,
    IndicatorInput,
    IndicatorRule,
    RuleSet,
    ThresholdValue,
)

from .model import Solution
from .published import DATA, Figures
from .values import Value


def _threshold(raw: object, secondary: object) -> ThresholdValue:
    number = None if raw is None or isinstance(raw, str) else Decimal(str(raw))
    text = raw if isinstance(raw, str) else ""
    sec = None if secondary is None else Decimal(str(secondary))
    return ThresholdValue(number=number, text=text, secondary=sec)


def ruleset_from_file(fig: Figures) -> RuleSet:
    data = yaml.safe_load((DATA / "criteria" / fig.raw["criteria_set"]).read_text(encoding="utf-8"))
    criteria = []
    for crit in data["criteria"]:
        rules = []
        for ind in crit["indicators"]:
            sec = ind.get("secondary") or {}
            by_region = {
                code: _threshold(value, (sec.get("by_region") or {}).get(code))
                for code, value in (ind.get("by_region") or {}).items()
            }
            rules.append(
                IndicatorRule(
                    code=str(ind["code"]),
                    criterion=int(crit["number"]),
                    kind=ind["kind"],
                    op=ind["op"],
                    content=ind["content_vi"],
                    national=_threshold(ind.get("national"), sec.get("national")),
                    by_region=by_region,
                    secondary_op=sec.get("op") or None,
                )
            )
        criteria.append(CriterionRule(int(crit["number"]), crit["name_vi"], tuple(rules)))
    return RuleSet(data["set"]["code"], tuple(criteria))


def engine_mismatches(fig: Figures, sol: Solution, values: list[Value]) -> list[str]:
    """(year, commune, criterion) whose evaluated status differs from the solution's."""
    rules = ruleset_from_file(fig)
    kinds = {ind.code: ind.kind for ind in fig.indicators}
    context = CommuneContext(region_code=fig.region, province_code=fig.province_code)
    inputs: dict[tuple[int, str], dict[str, IndicatorInput]] = defaultdict(dict)
    for v in values:
        secondary = Decimal(v.secondary) if v.secondary else None
        inputs[(v.year, v.commune)][v.indicator] = IndicatorInput(
            value=parse_indicator_value(v.value, kinds[v.indicator]), secondary=secondary
        )
    out = []
    for year in fig.years:
        for ci, code in enumerate(sol.communes):
            result = evaluate_commune(rules, context, inputs[(year, code)])
            for ki, crit in enumerate(result.criteria):
                expected = bool(sol.met[year][ci, ki])
                if crit.met is not expected:
                    out.append(f"{year} {code} TC{crit.number}: {crit.reason_vi}")
    return out
