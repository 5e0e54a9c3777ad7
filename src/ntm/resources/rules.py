"""The checks every fund and support row passes, whoever writes it (a form, a file): pure.

Amounts are triệu đồng, never negative, with at most ``sources.PLACES`` decimals; what
was disbursed cannot exceed what was allocated; the contingency (``tw_dtpt_dp``) is part
of the central development capital (``tw_dtpt``) of the same unit and year, so it cannot
exceed it; the Quỹ xây dựng nông thôn mới is held by a province or a district.
"""

from decimal import Decimal

from ntm.evaluation.numbers import format_number
from ntm.resources import sources

#: Administrative levels (units.AdminUnit.Level) at which a Quỹ xây dựng NTM is held.
FUND_LEVELS = {sources.QUY_NTM: (1, 2)}


def amount_problem(value: Decimal) -> str | None:
    """Why an amount (triệu đồng) cannot be stored, or None."""
    if value < 0:
        return "số tiền không được âm"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > sources.PLACES:
        return f"số tiền có quá {sources.PLACES} chữ số thập phân (triệu đồng, ví dụ 700.94)"
    return None


def money(value: Decimal) -> str:
    """An amount as messages write it: 313.800 or 2.267,55 (triệu đồng)."""
    return format_number(value, sources.PLACES, strip=True)


def disbursed_problem(allocated: Decimal, disbursed: Decimal | None) -> str | None:
    if disbursed is not None and disbursed > allocated:
        return f"giải ngân {money(disbursed)} lớn hơn kế hoạch vốn {money(allocated)} triệu đồng"
    return None


def level_problem(source: str, level: int, unit_level: int) -> str | None:
    """The level holding the money: the unit's, or a level below it (a summary row)."""
    if not unit_level <= level <= 3:
        return "cấp quản lý vốn phải là cấp của đơn vị hoặc một cấp dưới (1 tỉnh, 2 huyện, 3 xã)"
    levels = FUND_LEVELS.get(source)
    if levels is not None and level not in levels:
        return "Quỹ xây dựng nông thôn mới ghi theo cấp tỉnh hoặc cấp huyện"
    return None


def contingency_problem(contingency: Decimal, development: Decimal | None) -> str | None:
    """The contingency (tw_dtpt_dp) against the development capital (tw_dtpt) it is part of."""
    if development is None:
        return (
            "vốn dự phòng (tw_dtpt_dp) là một phần vốn đầu tư phát triển: cần có dòng tw_dtpt "
            "của cùng đơn vị, cùng năm"
        )
    if contingency > development:
        return (
            f"vốn dự phòng {money(contingency)} lớn hơn vốn đầu tư phát triển (tw_dtpt) "
            f"{money(development)} triệu đồng của cùng đơn vị, cùng năm"
        )
    return None
