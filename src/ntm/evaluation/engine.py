"""The criteria engine: indicator values → indicator, criterion and commune results, with reasons.

Pure functions over the dataclasses of ``model.py`` (no Django). The rules,
as the criteria sets state them (QĐ 1980/QĐ-TTg for 2016-2020, and any later
set loaded as data), are documented for officers in docs/criteria/rulebook.md:

* Threshold: a province's own value, else the commune's region's value if it
  is written, else the national value ("chỉ tiêu chung"). No value anywhere:
  the indicator is not applicable ("chưa có ngưỡng") and does not count.
* Indicator: met / not met by comparing the value with the threshold with the
  indicator's operator, exactly (Decimal; a ratio given as numerator and
  denominator is the exact fraction 100 × numerator / denominator). A value on
  a "≥" or "≤" threshold is met. "= 100" on a ratio means "all": 100 % is met
  (a ratio above 100, a data error the input checks refuse, is not penalised).
  No value: missing, never met.
* Criterion: met when all its applicable indicators are met; not met when any
  is not met; not assessed otherwise (some value missing, or no indicator has
  a threshold). An officer's declaration decides ``met`` but the computed
  result is kept and a disagreement is flagged.
* Commune: the number of criteria met; "đạt chuẩn" when every criterion is met.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from ntm.evaluation.model import (
    CommuneContext,
    CommuneResult,
    CriterionResult,
    CriterionRule,
    CriterionState,
    IndicatorInput,
    IndicatorResult,
    IndicatorRule,
    Kind,
    Op,
    ResolvedThreshold,
    RuleSet,
    ThresholdValue,
)
from ntm.evaluation.numbers import (
    NumberError,
    format_number,
    parse_number,
    parse_verdict,
    round_half_away,
)

# Bump when a rule or the wording of a reason changes: stored statuses are then derived again.
RULES_VERSION = "1"

HUNDRED = Decimal(100)
_NO_INPUT = IndicatorInput()

# ---------------------------------------------------------------------------
# Thresholds


def _scope_labels_region(context: CommuneContext) -> tuple[str, str]:
    name = context.region_name or context.region_code or ""
    name_en = context.region_name_en or name
    vi, en = f"vùng {name}", f"{name_en} region"
    if context.region_basis_vi:
        vi += f" ({context.region_basis_vi})"
        en += f" ({context.region_basis_en or context.region_basis_vi})"
    return vi, en


def _group_labels(context: CommuneContext) -> tuple[str, str]:
    vi, en = f"xã nhóm {context.group_code}", f"commune group {context.group_code}"
    if context.group_basis:
        vi += f" (theo {context.group_basis})"
        en += f" (per {context.group_basis})"
    return vi, en


def context_for(rules: RuleSet, context: CommuneContext) -> CommuneContext:
    """The commune's context under a set's rules: its commune group, and the region it applies.

    The first of the set's region rules whose classification the commune
    holds moves it to that rule's region, and the explanation says why. The
    group is the class of the set's ``group_classification`` the commune
    holds (none: the group thresholds do not apply and the national or
    regional value does, when written).
    """
    held = {code: (value, basis) for code, value, basis in context.classes}
    changes: dict[str, object] = {}
    for rule in rules.region_rules:
        found = held.get(rule.classification)
        if found is None or (rule.values and found[0] not in rule.values):
            continue
        name = rule.classification_name or rule.classification
        source = found[1] or rule.basis
        changes.update(
            region_code=rule.region_code,
            region_name=rule.region_name or rule.region_code,
            region_name_en=rule.region_name_en or rule.region_name or rule.region_code,
            region_basis_vi=f"{name}, theo {rule.basis}"
            + (f"; phân loại: {source}" if source != rule.basis else ""),
            region_basis_en=f"{rule.classification_name_en or name}, per {rule.basis}"
            + (f"; classified by {source}" if source != rule.basis else ""),
        )
        break
    if rules.group_classification:
        found = held.get(rules.group_classification)
        changes.update(
            group_code=found[0] if found else None, group_basis=found[1] if found else ""
        )
    return replace(context, **changes) if changes else context  # type: ignore[arg-type]


def _province_labels(context: CommuneContext) -> tuple[str, str]:
    name = context.province_name or context.province_code or ""
    return f"ngưỡng riêng của {name}", f"own threshold of {name}"


@lru_cache(maxsize=4096)  # rules × contexts of a national run; old rule sets age out
def resolve_threshold(rule: IndicatorRule, context: CommuneContext) -> ResolvedThreshold | None:
    """The threshold that applies to a commune: province > commune group > region > national.

    A region's cell left empty (e.g. 17.1 for Duyên hải Nam Trung Bộ) falls
    back to the national value. The inner threshold of a compound indicator
    is resolved the same way on its own. None when no value is known at all.
    """
    candidates: list[tuple[str, ThresholdValue, str, str]] = []
    if context.province_code is not None:
        own = rule.by_province.get(context.province_code)
        if own is not None:
            candidates.append(("province", own, *_province_labels(context)))
    if context.group_code is not None:
        grouped = rule.by_group.get(context.group_code)
        if grouped is not None:
            candidates.append(("group", grouped, *_group_labels(context)))
    if context.region_code is not None:
        regional = rule.by_region.get(context.region_code)
        if regional is not None:
            candidates.append(("region", regional, *_scope_labels_region(context)))
    if rule.national is not None:
        candidates.append(("national", rule.national, "chung cả nước", "national"))

    main = next((c for c in candidates if c[1].known), None)
    if main is None:
        return None
    secondary = next((c[1].secondary for c in candidates if c[1].secondary is not None), None)
    scope, value, label_vi, label_en = main
    return ResolvedThreshold(
        op=rule.op,
        number=value.number,
        text=value.text,
        secondary=secondary if rule.secondary_op else None,
        secondary_op=rule.secondary_op if secondary is not None else None,
        scope=scope,  # type: ignore[arg-type]
        scope_label_vi=label_vi,
        scope_label_en=label_en,
        verified=value.verified,
    )


def _commune_scope_vi(context: CommuneContext) -> str:
    if context.region_code:
        return _scope_labels_region(context)[0]
    return "chưa xác định vùng"


# ---------------------------------------------------------------------------
# Comparison and formatting

Exact = Decimal | Fraction


def _pair(value: Exact, threshold: Decimal) -> tuple[Fraction, Fraction] | tuple[Decimal, Decimal]:
    if isinstance(value, Fraction):
        return value, Fraction(threshold)
    return value, threshold


def compare(value: Exact, op: Op, threshold: Decimal, *, kind: Kind = "amount") -> bool:
    """``value op threshold``, exactly. For a ratio, "= 100" is met by 100 % (or more)."""
    v, t = _pair(value, threshold)
    if op == ">=":
        return v >= t
    if op == "<=":
        return v <= t
    if op == ">":
        return v > t
    if op == "<":
        return v < t
    if kind == "ratio" and threshold == HUNDRED:
        return v >= t
    return v == t


def shortfall(value: Exact, op: Op, threshold: Decimal) -> Decimal:
    """How far a value that is not met lies from its threshold (always ≥ 0)."""
    v, t = _pair(value, threshold)
    diff = t - v if op in (">=", ">") else v - t  # type: ignore[operator]
    return _exact_to_decimal(abs(diff))


def _exact_to_decimal(value: Exact, places: int = 4) -> Decimal:
    if isinstance(value, Fraction):
        return round_half_away(value, places).normalize() + 0
    return value


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return min(6, max(0, -exponent)) if isinstance(exponent, int) else 0


def _display(value: Exact, threshold: Decimal | None, op: Op, kind: Kind) -> tuple[str, str]:
    """A value in Vietnamese and English notation.

    A computed ratio shows two decimals, more if two would make a value that
    misses the threshold look equal to it (66,666…% against 66,67%).
    """
    if isinstance(value, Fraction):
        places = 2
        if threshold is not None:
            while places < 6:
                shown = round_half_away(value, places)
                if compare(shown, op, threshold, kind=kind) == compare(
                    value, op, threshold, kind=kind
                ):
                    break
                places += 1
        decimal = round_half_away(value, places)
        return format_number(decimal, places, strip=True), _format_en(decimal)
    return format_number(value, _places(value), strip=True), _format_en(value)


def _format_en(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if text not in ("-0",) else "0"


def _with_unit(number: str, rule: IndicatorRule, *, en: bool = False) -> str:
    if rule.kind == "ratio" or rule.unit == "%":
        return f"{number}%"
    unit = (rule.unit_en or rule.unit) if en else rule.unit
    return f"{number} {unit}" if unit else number


def _threshold_text(number: Decimal, rule: IndicatorRule) -> tuple[str, str]:
    return _threshold_words(number, rule.kind == "ratio" or rule.unit == "%")


@lru_cache(maxsize=4096)
def _threshold_words(number: Decimal, percent: bool) -> tuple[str, str]:
    vi = format_number(number, _places(number), strip=True)
    en = _format_en(number)
    return (f"{vi}%", f"{en}%") if percent else (vi, en)


_WORDS: dict[Op, tuple[tuple[str, str], tuple[str, str]]] = {
    # op: ((met vi, met en), (not met vi, not met en))
    ">=": (("đạt ngưỡng", "meets the threshold of"), ("thấp hơn ngưỡng", "below the threshold of")),
    "<=": (
        ("không vượt ngưỡng", "within the ceiling of"),
        ("cao hơn ngưỡng", "above the ceiling of"),
    ),
    ">": (
        ("vượt ngưỡng", "above the threshold of"),
        ("chưa vượt ngưỡng", "not above the threshold of"),
    ),
    "<": (
        ("thấp hơn ngưỡng", "below the ceiling of"),
        ("chưa thấp hơn ngưỡng", "not below the ceiling of"),
    ),
    "=": (("bằng yêu cầu", "equals the required"), ("chưa đạt yêu cầu", "short of the required")),
}


# ---------------------------------------------------------------------------
# Indicators


def _label(rule: IndicatorRule) -> tuple[str, str]:
    return rule.label_vi or rule.content or rule.code, rule.label_en or f"Indicator {rule.code}"


def _result(
    rule: IndicatorRule,
    status: str,
    reason_vi: str,
    reason_en: str,
    *,
    threshold: ResolvedThreshold | None = None,
    value: Decimal | bool | None = None,
    gap: Decimal | None = None,
    source: str = "none",
    secondary: Decimal | None = None,
) -> IndicatorResult:
    return IndicatorResult(
        code=rule.code,
        status=status,  # type: ignore[arg-type]
        value=value,
        threshold=threshold,
        gap=gap,
        reason_vi=reason_vi,
        reason_en=reason_en,
        value_source=source,  # type: ignore[arg-type]
        secondary_value=secondary,
    )


def evaluate_indicator(
    rule: IndicatorRule, context: CommuneContext, given: IndicatorInput | None
) -> IndicatorResult:
    """Judge one indicator of one commune (rule clauses: see the module docstring)."""
    label_vi, label_en = _label(rule)
    threshold = resolve_threshold(rule, context)
    if threshold is None:
        return _result(
            rule,
            "not_applicable",
            f"{label_vi}: chưa có ngưỡng ({_commune_scope_vi(context)}), chỉ tiêu không được tính",
            f"{label_en}: no threshold known, indicator not counted",
        )
    given = given or _NO_INPUT
    if rule.kind == "boolean":
        return _evaluate_boolean(rule, threshold, given, label_vi, label_en)
    return _evaluate_number(rule, threshold, given, label_vi, label_en)


def _missing(
    rule: IndicatorRule, threshold: ResolvedThreshold, vi: str, en: str
) -> IndicatorResult:
    return _result(rule, "missing", vi, en, threshold=threshold)


def _evaluate_boolean(
    rule: IndicatorRule,
    threshold: ResolvedThreshold,
    given: IndicatorInput,
    label_vi: str,
    label_en: str,
) -> IndicatorResult:
    value = given.value
    if value is None:
        return _missing(
            rule, threshold, f"{label_vi}: chưa có số liệu", f"{label_en}: no value reported"
        )
    if not isinstance(value, bool):
        return _missing(
            rule,
            threshold,
            f"{label_vi}: giá trị không hợp lệ (cần Đạt hoặc Không đạt)",
            f"{label_en}: invalid value (Đạt or Không đạt expected)",
        )
    none_required = threshold.text.strip().casefold() == "không"
    if value:
        if none_required:
            vi, en = f"{label_vi}: Không (đạt)", f"{label_en}: none (met)"
        else:
            vi, en = f"{label_vi}: Đạt", f"{label_en}: met"
        return _result(rule, "met", vi, en, threshold=threshold, value=True, source="value")
    if none_required:
        vi = f"{label_vi}: còn, chưa đạt yêu cầu “Không”"
        en = f"{label_en}: some remain, none required"
    else:
        vi, en = f"{label_vi}: Không đạt", f"{label_en}: not met"
    return _result(rule, "not_met", vi, en, threshold=threshold, value=False, source="value")


def _evaluate_number(
    rule: IndicatorRule,
    threshold: ResolvedThreshold,
    given: IndicatorInput,
    label_vi: str,
    label_en: str,
) -> IndicatorResult:
    exact: Exact
    value = given.value
    if isinstance(value, bool):
        return _missing(
            rule,
            threshold,
            f"{label_vi}: giá trị không hợp lệ (cần một số)",
            f"{label_en}: invalid value (a number expected)",
        )
    if value is not None:
        exact, source = value, "value"
    elif given.numerator is not None and given.denominator is not None:
        if given.denominator == 0:
            return _missing(
                rule,
                threshold,
                f"{label_vi}: mẫu số bằng 0, không tính được tỷ lệ",
                f"{label_en}: denominator is zero, no ratio",
            )
        exact = Fraction(given.numerator) * 100 / Fraction(given.denominator)
        if exact.denominator == 1 or (10**6 % exact.denominator == 0):
            exact = _exact_to_decimal(exact, 6)
        source = "ratio"
    else:
        return _missing(
            rule, threshold, f"{label_vi}: chưa có số liệu", f"{label_en}: no value reported"
        )

    if threshold.number is None:
        # A numeric indicator whose threshold is only a word ("Đạt"): it cannot be compared.
        return _result(
            rule,
            "not_applicable",
            f"{label_vi}: ngưỡng không phải là số ({threshold.text}), chỉ tiêu không được tính",
            f"{label_en}: threshold is not a number ({threshold.text}), indicator not counted",
            threshold=threshold,
            value=_exact_to_decimal(exact),
            source=source,
        )

    op, number = threshold.op, threshold.number
    met = compare(exact, op, number, kind=rule.kind)
    shown_vi, shown_en = _display(exact, number, op, rule.kind)
    t_vi, t_en = _threshold_text(number, rule)
    (met_vi, met_en), (miss_vi, miss_en) = _WORDS[op]
    scope_vi, scope_en = threshold.scope_label_vi, threshold.scope_label_en
    value_vi, value_en = _with_unit(shown_vi, rule), _with_unit(shown_en, rule, en=True)
    if source == "ratio":
        num_vi, _ = _display(given.numerator or Decimal(0), None, op, "amount")
        den_vi, _ = _display(given.denominator or Decimal(0), None, op, "amount")
        num_en = _format_en(given.numerator or Decimal(0))
        den_en = _format_en(given.denominator or Decimal(0))
        value_vi += f" ({num_vi}/{den_vi})"
        value_en += f" ({num_en}/{den_en})"
    used = _exact_to_decimal(exact)

    if not met:
        return _result(
            rule,
            "not_met",
            f"{label_vi} {value_vi}, {miss_vi} {t_vi} ({scope_vi})",
            f"{label_en} {value_en}, {miss_en} {t_en} ({scope_en})",
            threshold=threshold,
            value=used,
            gap=shortfall(exact, op, number),
            source=source,
            secondary=given.secondary,
        )

    reason_vi = f"{label_vi} {value_vi}, {met_vi} {t_vi} ({scope_vi})"
    reason_en = f"{label_en} {value_en}, {met_en} {t_en} ({scope_en})"
    if threshold.secondary is not None and threshold.secondary_op is not None:
        sec_op, sec_t = threshold.secondary_op, threshold.secondary
        sec_label = rule.secondary_label or "chỉ tiêu phụ"
        st_vi, st_en = _threshold_text(sec_t, rule)
        if given.secondary is None:
            # The interchange format carries one value per indicator: the inner share is
            # checked when reported, and its absence is said, not held against the commune.
            reason_vi += f"; chưa có số liệu {sec_label} (ngưỡng {st_vi}), chưa kiểm tra"
            reason_en += f"; inner share not reported (threshold {st_en}), not checked"
        else:
            sec_met = compare(given.secondary, sec_op, sec_t, kind=rule.kind)
            sv_vi, sv_en = _display(given.secondary, sec_t, sec_op, rule.kind)
            (smet_vi, smet_en), (smiss_vi, smiss_en) = _WORDS[sec_op]
            sv_vi, sv_en = _with_unit(sv_vi, rule), _with_unit(sv_en, rule, en=True)
            if not sec_met:
                return _result(
                    rule,
                    "not_met",
                    f"{label_vi} {value_vi}, {met_vi} {t_vi}; nhưng {sec_label} {sv_vi}, "
                    f"{smiss_vi} {st_vi} ({scope_vi})",
                    f"{label_en} {value_en}, {met_en} {t_en}; but the inner share {sv_en}, "
                    f"{smiss_en} {st_en} ({scope_en})",
                    threshold=threshold,
                    value=used,
                    gap=shortfall(given.secondary, sec_op, sec_t),
                    source=source,
                    secondary=given.secondary,
                )
            reason_vi += f"; {sec_label} {sv_vi}, {smet_vi} {st_vi}"
            reason_en += f"; inner share {sv_en}, {smet_en} {st_en}"
    return _result(
        rule,
        "met",
        reason_vi,
        reason_en,
        threshold=threshold,
        value=used,
        source=source,
        secondary=given.secondary,
    )


# ---------------------------------------------------------------------------
# Criteria and communes


def _codes(results: list[IndicatorResult]) -> str:
    return ", ".join(r.code for r in results)


def evaluate_criterion(
    rule: CriterionRule,
    context: CommuneContext,
    inputs: Mapping[str, IndicatorInput],
    declared: bool | None = None,
) -> CriterionResult:
    """Judge a criterion: met when every applicable indicator is met.

    Any indicator not met → not met; else any value missing → not assessed;
    no applicable indicator → not assessed. ``declared`` (an officer's
    declaration) decides ``met``; the computed status is kept beside it.
    """
    results = tuple(
        evaluate_indicator(ind, context, inputs.get(ind.code)) for ind in rule.indicators
    )
    applicable = [r for r in results if r.status != "not_applicable"]
    failed = [r for r in applicable if r.status == "not_met"]
    missing = [r for r in applicable if r.status == "missing"]
    status: CriterionState
    if not applicable and not rule.complete:
        status, computed = "not_assessed", None
        vi = "Chưa tính được: NTM chưa có các chỉ tiêu của tiêu chí này, cán bộ khai báo kết quả"
        en = "Not computed: NTM holds no indicator of this criterion; declare the result"
    elif not applicable:
        status, computed = "not_assessed", None
        vi = "Chưa đánh giá được: không chỉ tiêu nào có ngưỡng"
        en = "Not assessed: no indicator has a known threshold"
    elif failed:
        status, computed = "not_met", False
        vi = f"Không đạt: chỉ tiêu {_codes(failed)} không đạt"
        en = f"Not met: indicator {_codes(failed)} not met"
    elif missing:
        status, computed = "not_assessed", None
        vi = f"Chưa đánh giá được: thiếu số liệu chỉ tiêu {_codes(missing)}"
        en = f"Not assessed: no value for indicator {_codes(missing)}"
    elif not rule.complete:
        status, computed = "not_assessed", None
        vi = (
            "Chưa tính được: NTM chưa có đủ danh mục chỉ tiêu của tiêu chí này, "
            "cán bộ khai báo kết quả"
        )
        en = "Not computed: NTM does not hold every indicator of this criterion; declare the result"
    else:
        status, computed = "met", True
        vi = f"Đạt: {len(applicable)}/{len(applicable)} chỉ tiêu áp dụng đều đạt"
        en = f"Met: all {len(applicable)} applicable indicators met"

    disagrees = declared is not None and computed is not None and declared != computed
    if declared is not None:
        word_vi, word_en = ("Đạt", "met") if declared else ("Không đạt", "not met")
        vi = f"Khai báo: {word_vi}. Tính từ chỉ tiêu — {vi}"
        en = f"Declared {word_en}. From the indicators — {en}"
        if disagrees:
            vi += ". Khai báo khác với kết quả tính từ chỉ tiêu"
            en += ". The declaration disagrees with the indicator values"
    return CriterionResult(
        number=rule.number,
        status=status,
        indicators=results,
        computed_met=computed,
        declared=declared,
        met=declared if declared is not None else computed,
        source="declared" if declared is not None else "computed",
        disagrees=disagrees,
        reason_vi=vi,
        reason_en=en,
    )


def evaluate_commune(
    rules: RuleSet | Sequence[CriterionRule],
    context: CommuneContext,
    inputs: Mapping[str, IndicatorInput],
    declared: Mapping[int, bool | None] | None = None,
) -> CommuneResult:
    """Judge every criterion of a set for one commune.

    ``rules`` is a :class:`RuleSet` or its criteria. ``inputs`` maps indicator
    codes to reported values; ``declared`` maps criterion numbers to an
    officer's declaration.
    """
    criteria_rules = rules.criteria if isinstance(rules, RuleSet) else tuple(rules)
    declared = declared or {}
    return summarise(
        evaluate_criterion(rule, context, inputs, declared.get(rule.number))
        for rule in criteria_rules
    )


def summarise(criteria: Iterable[CriterionResult]) -> CommuneResult:
    """The commune's count of criteria met; "đạt chuẩn" when every criterion counts as met."""
    results = tuple(criteria)
    met_count, total, meets_standard = tally(r.met for r in results)
    return CommuneResult(
        criteria=results, met_count=met_count, total=total, meets_standard=meets_standard
    )


def tally(mets: Iterable[bool | None]) -> tuple[int, int, bool]:
    """(criteria met, criteria in the set, đạt chuẩn) from each criterion's ``met``.

    Only a criterion that counts as met (True) is counted; one not assessed
    (None) is not. A set without criteria is never "đạt chuẩn".
    """
    values = list(mets)
    met_count = sum(1 for m in values if m is True)
    total = len(values)
    return met_count, total, total > 0 and met_count == total


# ---------------------------------------------------------------------------
# Reading values (interchange files, forms)

MAX_PLACES = 4
MAX_WHOLE_DIGITS = 12


def parse_indicator_value(text: str, kind: str) -> Decimal | bool:
    """Read a value as written in an interchange file or given to a service.

    Đạt/Không đạt indicators take a verdict, numbers are written as files
    write them (``numbers.parse_number``: "31.2"), at most 4 decimals (what is
    stored); a ratio lies between 0 and 100, a count is a whole number,
    nothing is negative. Raises ValueError with a Vietnamese message.
    """
    raw = unicodedata.normalize("NFC", " ".join(str(text).split()))
    if kind == "boolean":
        try:
            return parse_verdict(raw)
        except NumberError as exc:
            raise ValueError(
                f"Giá trị “{raw}” không hợp lệ: chỉ tiêu này nhận “Đạt” hoặc “Không đạt”."
            ) from exc
    if kind not in ("ratio", "amount", "count"):
        raise ValueError(f"Loại chỉ tiêu không rõ: “{kind}”.")
    number = parse_number(raw)
    whole, _, frac = raw.lstrip("+-").partition(".")
    if len(frac.rstrip("0")) > MAX_PLACES:
        raise ValueError(f"Giá trị “{raw}” có quá {MAX_PLACES} chữ số thập phân.")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(f"Giá trị “{raw}” quá lớn.")
    if number < 0:
        raise ValueError(f"Giá trị “{raw}” không được âm.")
    if kind == "ratio" and number > HUNDRED:
        raise ValueError(f"Tỷ lệ “{raw}” phải nằm trong khoảng 0 đến 100 (%).")
    if kind == "count" and number != number.to_integral_value():
        raise ValueError(f"Số lượng “{raw}” phải là số nguyên.")
    return number
