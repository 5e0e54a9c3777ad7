"""What a solution reproduces: every published figure beside the value the statuses give.

Used by the command (printed after a run), by the tests, and to write the table of
docs/demo-data.md. The check recomputes everything from the 0/1 statuses alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ntm.evaluation.numbers import round_half_away

from .model import Solution
from .published import Figures


@dataclass(frozen=True)
class Line:
    """One published figure: what the report prints and what the generated data give."""

    figure: str
    published: str
    achieved: str
    holds: bool
    exact: bool = True  # False: the figure is only required "as closely as possible"


def _avg(total: int, n: int, places: int) -> str:
    return str(round_half_away(Fraction(total, n), places))


def solution_check(fig: Figures, sol: Solution) -> list[Line]:
    """Every figure of ``fig`` against ``sol`` (see :class:`Line`)."""
    index = {code: i for i, code in enumerate(sol.communes)}
    names = {c.code: f"{c.name} ({c.district}, mã {c.code})" for c in fig.communes}
    n_c, n_k = len(sol.communes), len(sol.criteria)
    out: list[Line] = []
    for year in fig.years:
        met = sol.met[year]
        by_crit = met.sum(axis=0).tolist()
        out.append(
            Line(
                f"{year} số xã đạt từng tiêu chí (3.1-3.{n_k})",
                str(fig.by_criterion[year]),
                str(by_crit),
                by_crit == fig.by_criterion[year],
            )
        )
        counts = sol.counts(year)
        dist = np.bincount(counts, minlength=n_k + 1)
        for n in range(n_k, -1, -1):
            published = fig.distribution[year].get(n, 0)
            if published == 0 and dist[n] == 0:
                continue
            out.append(
                Line(
                    f"{year} số xã đạt {n} tiêu chí",
                    str(published),
                    str(int(dist[n])),
                    int(dist[n]) == published,
                    exact=n == n_k,
                )
            )
        std = int((counts == n_k).sum())
        out.append(
            Line(
                f"{year} số xã đạt chuẩn",
                str(fig.recognised[year]),
                str(std),
                std == fig.recognised[year],
            )
        )
    for year, lo, hi, count in fig.brackets:
        counts = sol.counts(year)
        got = int(((counts >= lo) & (counts <= hi)).sum())
        out.append(
            Line(
                f"{year} số xã đạt {lo}-{hi} tiêu chí",
                str(count),
                str(got),
                got == count,
                exact=False,
            )
        )
    districts = {d: [index[c] for c in cs] for d, cs in fig.districts.items()}
    for year, figs in fig.district_totals.items():
        counts = sol.counts(year)
        for f in figs:
            idx = districts[f.district_code]
            total = int(counts[idx].sum())
            out.append(
                Line(
                    f"{year} {f.label}: {f.printed}",
                    f"tổng {f.lo}" if f.lo == f.hi else f"tổng {f.lo}-{f.hi}",
                    f"tổng {total} = {_avg(total, len(idx), 2)}/xã",
                    f.lo <= total <= f.hi,
                    exact=False,
                )
            )
    for year, since, f in fig.district_increases:
        idx = districts[f.district_code]
        diff = int(sol.counts(year)[idx].sum() - sol.counts(since)[idx].sum())
        out.append(
            Line(
                f"{year} {f.label}: {f.printed} so với {since}",
                f"+{f.lo}" if f.lo == f.hi else f"+{f.lo}..+{f.hi}",
                f"+{diff} = {_avg(diff, len(idx), 2)}/xã",
                f.lo <= diff <= f.hi,
                exact=False,
            )
        )
    for code, year in fig.reached.items():
        c = index[code]
        ok = all((sol.counts(y)[c] == n_k) == (y >= year) for y in fig.years)
        out.append(
            Line(
                f"{names[code]} đạt chuẩn năm {year}",
                "đạt chuẩn từ năm đó",
                str({y: int(sol.counts(y)[c]) for y in fig.years}),
                ok,
            )
        )
    for code, year in fig.not_reached.items():
        c = index[code]
        ok = all(sol.counts(y)[c] < n_k for y in fig.years if y <= year)
        out.append(
            Line(
                f"{names[code]} chưa đạt chuẩn năm {year}",
                "chưa đạt chuẩn",
                str({y: int(sol.counts(y)[c]) for y in fig.years}),
                ok,
            )
        )
    for plan_year, codes in fig.plan_communes.items():
        for code in codes:
            c = index[code]
            ok = all(sol.counts(y)[c] < n_k for y in fig.years if y < plan_year)
            out.append(
                Line(
                    f"{names[code]} phấn đấu đạt chuẩn năm {plan_year}",
                    "chưa đạt chuẩn trước đó",
                    str({y: int(sol.counts(y)[c]) for y in fig.years}),
                    ok,
                )
            )
    kept = True
    for prev, nxt in zip(fig.years, fig.years[1:], strict=False):
        kept &= bool(np.all(sol.counts(nxt)[sol.counts(prev) == n_k] == n_k))
    out.append(Line("xã đạt chuẩn giữ chuẩn các năm sau", "có", "có" if kept else "không", kept))
    del n_c
    return out


def deviations(lines: list[Line]) -> list[Line]:
    return [line for line in lines if not line.holds]
