"""Data-quality rules held as data, as DHIS2's validation rules: a left side, an operator
and a right side over a commune's values and statuses of a year, with an importance.

A side is a small arithmetic expression (``data/quality/rules.yaml`` explains each term):
``v("10.1")`` the indicator's value in the year, ``prev("10.1")`` the same commune's value
the year before, ``met(10)`` 1 or 0 for a criterion met or not, ``criteria_met`` and
``criteria_total`` of the file, numbers, ``+ - * /``, ``abs()``, ``min()``, ``max()``. A
rule whose side names something the file does not hold (a value not entered, a
criterion not assessed, no file last year) is not applied to that file: not assessed is
never a violation. Four checks no arithmetic says are rule kinds of their own:
``declared_against_values`` (a criterion declared met that its indicator values do not
meet), ``recognised_not_met`` (a decision in force while the file meets fewer than all
criteria), ``impossible_values`` (a value its indicator's kind cannot hold: a ratio
outside 0-100 %, a negative count or amount, a count with decimals) and
``duplicate_values`` (files of a year holding exactly the same values, at least
``min_values`` of them: one commune's figures copied into another's file).

Expressions are parsed with ``ast`` and only the terms above are allowed: a rules file is
data, never code.

Pure (no Django): the rules and each file's figures are given.
"""

import ast
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ntm.evaluation.numbers import format_number

IMPORTANCE = ("high", "medium", "low")
KINDS = (
    "compare",
    "declared_against_values",
    "recognised_not_met",
    "impossible_values",
    "duplicate_values",
)
_OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITHMETIC: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class RuleError(ValueError):
    """A rule that cannot be read: the message names the rule and what is wrong."""


class Missing(Exception):
    """A side names something the file does not hold: the rule is not applied."""


@dataclass(frozen=True)
class FileFigures:
    """What the rules read of one commune's file of a year."""

    file_id: int  # the commune's file (assessment) the figures are of
    values: Mapping[str, Decimal]  # indicator code → value (a yes/no as 1 or 0)
    previous: Mapping[str, Decimal]  # the same, the year before (empty: no file)
    met: Mapping[int, bool]  # criterion number → met (not assessed: absent)
    criteria_met: int
    criteria_total: int
    disagreements: tuple[int, ...] = ()  # criteria declared against their values
    recognised: bool = False  # holds a decision of the standard in force
    kinds: Mapping[str, str] = field(default_factory=dict)  # indicator code → its kind


@dataclass(frozen=True)
class Rule:
    id: str
    importance: str
    description: str
    description_en: str = ""
    kind: str = "compare"
    left: str = ""
    op: str = ""
    right: str = ""
    criteria_sets: tuple[str, ...] = ("*",)
    min_values: int = 5  # duplicate_values: the fewest values two files must share
    _trees: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    def applies_to(self, criteria_set: str) -> bool:
        return "*" in self.criteria_sets or criteria_set in self.criteria_sets


@dataclass(frozen=True)
class Violation:
    rule: Rule
    file_id: int
    left: Decimal | None = None
    right: Decimal | None = None
    criteria: tuple[int, ...] = ()
    values: tuple[tuple[str, Decimal], ...] = ()  # impossible_values: each code and value
    others: tuple[int, ...] = ()  # duplicate_values: the other files holding the same values

    @property
    def detail(self) -> str:
        """ "12,5 > 10" for a comparison; "3.1 = 140" for impossible values; the criteria for
        the other kinds (a duplicate's other files are named by the page that has them)."""
        if self.left is not None and self.right is not None:
            shown = [format_number(v, 2, strip=True) for v in (self.left, self.right)]
            return f"{shown[0]} {_NEGATION[self.rule.op]} {shown[1]}"
        if self.values:
            return ", ".join(f"{c} = {format_number(v, 2, strip=True)}" for c, v in self.values)
        return ", ".join(f"TC {n}" for n in self.criteria)


_NEGATION = {"<=": ">", "<": "≥", ">=": "<", ">": "≤", "==": "≠", "!=": "="}


def _check(node: ast.AST, rule_id: str) -> None:
    for sub in ast.walk(node):
        allowed = (
            ast.Expression,
            ast.BinOp,
            ast.UnaryOp,
            ast.USub,
            ast.Constant,
            ast.Call,
            ast.Name,
            ast.Load,
            *_ARITHMETIC,
        )
        if not isinstance(sub, allowed):
            raise RuleError(f"Quy tắc {rule_id}: không dùng được “{type(sub).__name__}”.")
        if isinstance(sub, ast.Call) and not (
            isinstance(sub.func, ast.Name)
            and sub.func.id in ("v", "prev", "met", "abs", "min", "max")
        ):
            raise RuleError(f"Quy tắc {rule_id}: chỉ dùng được v, prev, met, abs, min, max.")
        if isinstance(sub, ast.Name) and sub.id not in (
            "criteria_met",
            "criteria_total",
            "v",
            "prev",
            "met",
            "abs",
            "min",
            "max",
        ):
            raise RuleError(f"Quy tắc {rule_id}: không có đại lượng “{sub.id}”.")
        if isinstance(sub, ast.Constant) and not isinstance(sub.value, int | float | str):
            raise RuleError(f"Quy tắc {rule_id}: hằng số không hợp lệ.")
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
            _check_call(sub.func.id, sub.args, sub.keywords, rule_id)
    # a text is only an indicator's code, inside v() or prev()
    codes = {
        id(a)
        for c in ast.walk(node)
        if isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in ("v", "prev")
        for a in c.args
    }
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and id(sub) not in codes:
            raise RuleError(f"Quy tắc {rule_id}: chữ “{sub.value}” chỉ dùng làm mã chỉ tiêu.")


def _check_call(name: str, args: list[ast.expr], keywords: list[Any], rule_id: str) -> None:
    """v("10.1"), prev("10.1"): one code; met(10): one number; abs(x): one; min, max: some."""
    if keywords:
        raise RuleError(f"Quy tắc {rule_id}: {name}() không nhận tham số có tên.")
    one = len(args) == 1
    if name in ("v", "prev") and not (
        one and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)
    ):
        raise RuleError(
            f'Quy tắc {rule_id}: {name}() cần đúng một mã chỉ tiêu, ví dụ {name}("10.1").'
        )
    if name == "met" and not (
        one and isinstance(args[0], ast.Constant) and isinstance(args[0].value, int)
    ):
        raise RuleError(f"Quy tắc {rule_id}: met() cần đúng một số tiêu chí, ví dụ met(10).")
    if name == "abs" and not one:
        raise RuleError(f"Quy tắc {rule_id}: abs() cần đúng một giá trị.")
    if name in ("min", "max") and not args:
        raise RuleError(f"Quy tắc {rule_id}: {name}() cần ít nhất một giá trị.")


def rule_read(spec: Mapping[str, Any]) -> Rule:
    """One rule of the rules file, checked (``RuleError`` names it and the problem)."""
    rule_id = str(spec.get("id") or "?")
    kind = str(spec.get("kind", "compare"))
    importance = str(spec.get("importance", "medium"))
    if kind not in KINDS:
        raise RuleError(f"Quy tắc {rule_id}: loại “{kind}” không rõ ({', '.join(KINDS)}).")
    if importance not in IMPORTANCE:
        raise RuleError(f"Quy tắc {rule_id}: mức quan trọng “{importance}” không rõ.")
    sets = spec.get("criteria_sets") or ["*"]
    trees: tuple[Any, ...] = ()
    if kind == "compare":
        op = str(spec.get("op", ""))
        if op not in _OPS:
            raise RuleError(f"Quy tắc {rule_id}: phép so sánh “{op}” không rõ.")
        try:
            trees = tuple(
                ast.parse(str(spec.get(side, "")), mode="eval") for side in ("left", "right")
            )
        except SyntaxError as exc:
            raise RuleError(f"Quy tắc {rule_id}: biểu thức không đọc được ({exc.msg}).") from exc
        for tree in trees:
            _check(tree, rule_id)
    return Rule(
        id=rule_id,
        importance=importance,
        description=str(spec.get("description", "")),
        description_en=str(spec.get("description_en", "")),
        kind=kind,
        left=str(spec.get("left", "")),
        op=str(spec.get("op", "")),
        right=str(spec.get("right", "")),
        criteria_sets=tuple(str(s) for s in sets),
        min_values=_min_values(spec, rule_id),
        _trees=trees,
    )


def _min_values(spec: Mapping[str, Any], rule_id: str) -> int:
    value = spec.get("min_values", 5)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise RuleError(f"Quy tắc {rule_id}: min_values phải là một số nguyên dương.")
    return value


def rules_read(specs: Sequence[Mapping[str, Any]]) -> list[Rule]:
    rules = [rule_read(s) for s in specs]
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise RuleError("Hai quy tắc trùng mã.")
    return rules


def _number(value: object) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise Missing from exc


def _evaluate(node: ast.AST, f: FileFigures) -> Decimal:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, f)
    if isinstance(node, ast.Constant):
        return _number(node.value)
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, f)
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left, f), _evaluate(node.right, f)
        if isinstance(node.op, ast.Div) and right == 0:
            raise Missing
        return _ARITHMETIC[type(node.op)](left, right)
    if isinstance(node, ast.Name):
        return Decimal(f.criteria_met if node.id == "criteria_met" else f.criteria_total)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name, args = node.func.id, node.args
    if name in ("abs", "min", "max"):
        values = [_evaluate(a, f) for a in args]
        return abs(values[0]) if name == "abs" else (min if name == "min" else max)(values)
    key = args[0].value if args and isinstance(args[0], ast.Constant) else None
    if name == "met":
        met = f.met.get(int(str(key)))
        if met is None:
            raise Missing
        return Decimal(int(met))
    held = (f.values if name == "v" else f.previous).get(str(key))
    if held is None:
        raise Missing
    return held


def _impossible(value: Decimal, kind: str) -> bool:
    """A value its indicator's kind cannot hold (a yes/no holds 1 or 0 by construction)."""
    if kind == "ratio":
        return not 0 <= value <= 100
    if kind == "count":
        return value < 0 or value != value.to_integral_value()
    if kind == "amount":
        return value < 0
    return False


def violations(rule: Rule, f: FileFigures) -> Violation | None:
    """The rule broken by the file, or None (kept, or not applicable to it). A rule across
    files (``duplicate_values``) is checked by :func:`files_check`."""
    if rule.kind == "impossible_values":
        wrong = tuple(
            (code, value)
            for code, value in sorted(f.values.items())
            if _impossible(value, f.kinds.get(code, ""))
        )
        return Violation(rule, f.file_id, values=wrong) if wrong else None
    if rule.kind == "duplicate_values":
        return None
    if rule.kind == "declared_against_values":
        return Violation(rule, f.file_id, criteria=f.disagreements) if f.disagreements else None
    if rule.kind == "recognised_not_met":
        if f.recognised and f.met and f.criteria_met < f.criteria_total:
            lacking = tuple(sorted(n for n, m in f.met.items() if not m))
            return Violation(rule, f.file_id, criteria=lacking)
        return None
    try:
        left, right = (_evaluate(tree, f) for tree in rule._trees)
    except Missing:
        return None
    return None if _OPS[rule.op](left, right) else Violation(rule, f.file_id, left, right)


def files_check(
    rules: Sequence[Rule], files: Sequence[FileFigures], criteria_set: str
) -> list[Violation]:
    """Every rule broken by every file, the most important first."""
    out = [
        v
        for rule in rules
        if rule.applies_to(criteria_set)
        for f in files
        if (v := violations(rule, f)) is not None
    ]
    for rule in rules:
        if rule.kind == "duplicate_values" and rule.applies_to(criteria_set):
            out.extend(duplicates(rule, files))
    return sorted(out, key=lambda v: (IMPORTANCE.index(v.rule.importance), v.rule.id))


def duplicates(rule: Rule, files: Sequence[FileFigures]) -> list[Violation]:
    """Files holding exactly the same values (the same codes, the same numbers), at least
    ``rule.min_values`` of them: a violation for each, naming the others."""
    groups: dict[tuple[tuple[str, Decimal], ...], list[int]] = {}
    for f in files:
        if len(f.values) >= rule.min_values:
            key = tuple(sorted((code, value.normalize()) for code, value in f.values.items()))
            groups.setdefault(key, []).append(f.file_id)
    return [
        Violation(rule, file_id, others=tuple(o for o in same if o != file_id))
        for same in groups.values()
        if len(same) > 1
        for file_id in same
    ]


__all__ = [
    "FileFigures",
    "Rule",
    "RuleError",
    "Violation",
    "files_check",
    "rule_read",
    "rules_read",
    "duplicates",
    "violations",
]
