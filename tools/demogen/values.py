"""Indicator values consistent with every status, under the region's thresholds.

For a criterion met, every indicator that has a threshold meets it; for a criterion not
met, one indicator (sometimes two) fails it and the others may meet it. Indicators
without any known threshold are left out (the engine does not count them). Thresholds are
read from the criteria set's data file, never typed here.

Values are drawn so that they look like a commune's: each commune and indicator has a
seeded "standing" between the worst and the best plausible value of its band (the band of
values that meet, or the band that fails), and the standing improves a little each year,
so a value rises (or a rate of poor households falls) while the status stays the same,
and the same indicator keeps failing while a criterion stays unmet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np

from .model import Solution
from .published import Figures, Indicator

MET = "Đạt"
NOT_MET = "Không đạt"
STEP = Decimal("0.1")
YEARLY_GAIN = 0.04  # improvement of a commune's standing per year


@dataclass(frozen=True)
class Value:
    year: int
    commune: str
    indicator: str
    value: str
    secondary: str = ""


def _applicable(ind: Indicator) -> bool:
    return ind.threshold is not None


def _bands(ind: Indicator) -> tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]]:
    """(worst, best) of the values that meet, and of those that fail, for a numeric indicator."""
    assert isinstance(ind.threshold, float)
    t = Decimal(str(ind.threshold))
    ratio = ind.kind == "ratio"
    cap = Decimal(100) if ratio else None
    if ind.op in (">=", ">"):
        best = min(cap, t + (cap - t) * Decimal("0.9")) if cap is not None else t * Decimal("1.4")
        worst_fail = max(Decimal(0), t - (Decimal(35) if ratio else t / 2))
        lo_pass = t if ind.op == ">=" else t + STEP
        return (lo_pass, best), (worst_fail, t - STEP if ind.op == ">=" else t)
    if ind.op in ("<=", "<"):
        worst_fail = min(cap, t + 30) if cap is not None else t * 2
        hi_pass = t if ind.op == "<=" else t - STEP
        best = (t / 5).quantize(STEP)
        return (hi_pass, best), (worst_fail, t + STEP if ind.op == "<=" else t)
    # "=": a ratio that must be whole (100 %), or an amount that must equal.
    fail_worst = t - (Decimal(30) if ratio else t / 2)
    return (t, t), (fail_worst, t - STEP)


def _position(band: tuple[Decimal, Decimal], standing: float) -> Decimal:
    """The value at ``standing`` (0 = worst, 1 = best) of a band, kept inside the band."""
    worst, best = band
    raw = worst + (best - worst) * Decimal(str(round(standing, 4)))
    # Clamped to the band after rounding, so the status is kept exactly.
    value = raw.quantize(STEP, rounding=ROUND_HALF_EVEN)
    lo, hi = min(worst, best), max(worst, best)
    return min(max(value, lo), hi)


def _text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def indicator_values(fig: Figures, sol: Solution, *, seed: int | None = None) -> list[Value]:
    """Values for every commune, year and applicable indicator (see the module docstring)."""
    rng = np.random.default_rng([fig.seed if seed is None else seed, 1])
    by_criterion: dict[int, list[Indicator]] = {}
    for ind in fig.indicators:
        if _applicable(ind):
            by_criterion.setdefault(ind.criterion, []).append(ind)
    first_year = min(fig.years)
    out: list[Value] = []
    for ci, commune in enumerate(sol.communes):
        standing = {ind.code: float(rng.random()) for ind in fig.indicators}
        secondary_standing = {ind.code: float(rng.random()) for ind in fig.indicators}
        failing: dict[int, list[str]] = {}
        for number, inds in by_criterion.items():
            order = [inds[i].code for i in rng.permutation(len(inds))]
            failing[number] = order[: 2 if len(order) > 1 and rng.random() < 0.25 else 1]
        for year in fig.years:
            gain = YEARLY_GAIN * (year - first_year)
            for ki, number in enumerate(sol.criteria):
                met = bool(sol.met[year][ci, ki])
                for ind in by_criterion.get(number, []):
                    passes = met or ind.code not in failing[number]
                    out.append(
                        _value(
                            ind,
                            year,
                            commune,
                            passes,
                            min(1.0, standing[ind.code] + gain),
                            min(1.0, secondary_standing[ind.code] + gain),
                        )
                    )
    return out


def _value(
    ind: Indicator, year: int, commune: str, passes: bool, standing: float, sec_standing: float
) -> Value:
    if ind.kind == "boolean":
        return Value(year, commune, ind.code, MET if passes else NOT_MET)
    meet_band, fail_band = _bands(ind)
    value = _position(meet_band if passes else fail_band, standing)
    secondary = ""
    if ind.secondary_threshold is not None and ind.secondary_op:
        # The inner share ("trong đó") meets its threshold when the indicator is met, and
        # never exceeds the main share.
        t2 = Decimal(str(ind.secondary_threshold))
        band = (t2, value) if passes else (max(Decimal(0), t2 - 25), value)
        inner = _position(band, sec_standing)
        secondary = _text(min(inner, value))
    return Value(year, commune, ind.code, _text(value), secondary)
