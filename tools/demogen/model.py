"""The integer program: which commune meets which criterion in which year.

Variables (all binary): ``x[c,k,y]`` commune c meets criterion k in year y, and
``z[c,n,y]`` commune c meets exactly n criteria in year y. Hard constraints: the
per-criterion counts of every year (appendix rows 3.x), the number of communes meeting
standard (row 2.1 and its "đã có QĐ công nhận" sub-row), the named communes (reached,
not reached, plan targets not yet standard), and that a commune meeting standard keeps
it. Soft constraints, with non-negative slack variables: the distribution by number of
criteria (rows 2.x), the narrative's brackets, the district averages and increases.

Two stages, solved with HiGHS (``scipy.optimize.milp``):

1. minimise the weighted deviation from the published figures;
2. keeping that deviation, minimise lost criteria between years (a commune that met a
   criterion and no longer does) and maximise plausibility: each commune has a latent
   level drawn from the seed (named communes high), and rarer criteria go preferably to
   communes of higher level; a small seeded noise, constant across years, breaks ties.

The same seed and figures give the same solution.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from .published import Figures

# Stage 1 weights (per commune of deviation, per criterion-achievement for districts).
W_DISTRIBUTION = 1000.0
W_BRACKET = 1000.0
W_DISTRICT = 10.0
# Stage 2 weights.
W_LOSS_LAST = 1.0  # losses between the two latest years (same criteria set, rare in reality)
W_LOSS_EARLIER = 0.1  # earlier losses (a stricter criteria set may have come in between)
ALPHA = 0.05  # plausibility: rare criteria on communes of high latent level
BETA = 0.02  # seeded persistent noise
_DISP = bool(__import__("os").environ.get("DEMOGEN_DISP"))


class InfeasibleFigures(RuntimeError):
    """The hard figures cannot all hold (e.g. more named standard communes than counted)."""


@dataclass
class Solution:
    """Statuses by year as (communes × criteria) 0/1 arrays, and what the solve achieved."""

    communes: list[str]
    criteria: list[int]
    met: dict[int, np.ndarray]
    stage1_objective: float
    stage2_objective: float
    losses: dict[tuple[int, int], int] = field(default_factory=dict)

    def counts(self, year: int) -> np.ndarray:
        """Criteria met per commune."""
        return self.met[year].sum(axis=1)


class _Program:
    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.cost1: list[float] = []
        self.cost2: list[float] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []

    def var(
        self, lb: float = 0, ub: float = 1, integer: bool = True, c1: float = 0, c2: float = 0
    ) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        self.cost1.append(c1)
        self.cost2.append(c2)
        return len(self.lb) - 1

    def row(self, cols: list[int], vals: list[float], lo: float, hi: float) -> None:
        r = len(self.row_lo)
        self.rows.extend([r] * len(cols))
        self.cols.extend(cols)
        self.vals.extend(vals)
        self.row_lo.append(lo)
        self.row_hi.append(hi)

    def fix(self, v: int, value: float) -> None:
        if not (self.lb[v] <= value <= self.ub[v]):
            raise InfeasibleFigures(f"variable {v} cannot be {value}")
        self.lb[v] = self.ub[v] = value

    def matrix(self) -> coo_matrix:
        return coo_matrix(
            (self.vals, (self.rows, self.cols)), shape=(len(self.row_lo), len(self.lb))
        )


def _latent_levels(fig: Figures, rng: np.random.Generator) -> np.ndarray:
    """A commune's latent level in [0, 1]: random, in the top decile for communes the report names.

    Communes named as reaching standard, or as a plan's targets, were among the most
    advanced before; they are not put above every other commune, so that the communes
    that reached standard earlier (unnamed) can be the most advanced ones.
    """
    index = {c.code: i for i, c in enumerate(fig.communes)}
    level = rng.random(len(fig.communes))
    named: set[str] = set(fig.reached) | set(fig.not_reached)
    for codes in fig.plan_communes.values():
        named.update(codes)
    for code in sorted(named, key=int):
        low = 0.93 if code in fig.reached else 0.88
        level[index[code]] = low + 0.05 * rng.random()
    return level


def _solve(prog: _Program, cost: list[float], gap: float, time_limit: float | None) -> np.ndarray:
    options: dict[str, object] = {"disp": _DISP, "mip_rel_gap": gap, "presolve": True}
    if time_limit:
        options["time_limit"] = time_limit
    res = milp(
        c=np.array(cost),
        integrality=np.array(prog.integer),
        bounds=Bounds(np.array(prog.lb), np.array(prog.ub)),
        constraints=LinearConstraint(
            prog.matrix().tocsr(), np.array(prog.row_lo), np.array(prog.row_hi)
        ),
        options=options,
    )
    if res.x is None:
        raise InfeasibleFigures(f"HiGHS: {res.message}")
    return np.asarray(res.x)


def _gale_ryser_rhs(col_sums: list[int], n_k: int) -> list[int]:
    """Σ of the k largest criterion counts, k = 1..n_k (Gale–Ryser: a 0/1 table exists with
    these column sums and row sums r_c iff Σ_c min(r_c, k) ≥ this for every k, totals equal)."""
    ordered = sorted(col_sums, reverse=True)
    return [sum(ordered[:k]) for k in range(1, n_k + 1)]


def solve_counts(
    fig: Figures, level: np.ndarray, noise: np.ndarray, *, gap: float, time_limit: float | None
) -> tuple[dict[int, np.ndarray], float]:
    """Stage A: how many criteria each commune meets each year.

    Every published figure except the per-criterion counts depends only on these numbers;
    the per-criterion counts are guaranteed realisable by the Gale–Ryser conditions
    (linear in the distribution), so stage B always finds a table.
    """
    communes = [c.code for c in fig.communes]
    n_c, n_k, years = len(communes), len(fig.criteria), fig.years
    index = {code: i for i, code in enumerate(communes)}
    prog = _Program()
    a = np.empty((len(years), n_c, n_k + 1), dtype=int)
    for yi in range(len(years)):
        for c in range(n_c):
            for n in range(n_k + 1):
                # Stage A2 plausibility: communes of higher latent level meet more criteria.
                a[yi, c, n] = prog.var(c2=-(ALPHA * level[c] + BETA * noise[c]) * n / n_k)

    def count_terms(yi: int, cs: list[int], sign: float = 1.0) -> tuple[list[int], list[float]]:
        cols = [int(a[yi, c, n]) for c in cs for n in range(1, n_k + 1)]
        vals = [sign * n for _ in cs for n in range(1, n_k + 1)]
        return cols, vals

    dist_vars: list[list[int]] = []
    for yi, year in enumerate(years):
        for c in range(n_c):
            prog.row(list(a[yi, c]), [1.0] * (n_k + 1), 1, 1)
        # d[n]: communes meeting exactly n criteria (the distribution of rows 2.x).
        d = [prog.var(0, n_c, True) for _ in range(n_k + 1)]
        dist_vars.append(d)
        for n in range(n_k + 1):
            prog.row(list(a[yi, :, n]) + [d[n]], [1.0] * n_c + [-1.0], 0, 0)
        # The criteria met add up to the sum of the per-criterion counts (rows 3.x), and
        # those counts can be laid out over the communes (Gale–Ryser): hard.
        for k, rhs in enumerate(_gale_ryser_rhs(fig.by_criterion[year], n_k), start=1):
            vals = [float(min(n, k)) for n in range(n_k + 1)]
            prog.row(d, vals, rhs, rhs if k == n_k else np.inf)
        # Communes meeting standard (row 2.1 and its "đã có QĐ công nhận" sub-row): hard.
        std = fig.recognised[year]
        prog.row([d[n_k]], [1.0], std, std)
        # Distribution rows 2.x: soft (L1 deviation).
        for n in range(n_k):
            target = fig.distribution[year].get(n, 0)
            over = prog.var(0, n_c, True, c1=W_DISTRIBUTION)
            under = prog.var(0, n_c, True, c1=W_DISTRIBUTION)
            prog.row([d[n], over, under], [1.0, -1.0, 1.0], target, target)

    for year, lo, hi, count in fig.brackets:
        cols = [dist_vars[years.index(year)][n] for n in range(lo, hi + 1)]
        over = prog.var(0, n_c, True, c1=W_BRACKET)
        under = prog.var(0, n_c, True, c1=W_BRACKET)
        prog.row(cols + [over, under], [1.0] * len(cols) + [-1.0, 1.0], count, count)

    def soft_range(cols: list[int], vals: list[float], lo: int, hi: int) -> None:
        short = prog.var(0, np.inf, True, c1=W_DISTRICT)
        excess = prog.var(0, np.inf, True, c1=W_DISTRICT)
        prog.row(cols + [short], vals + [1.0], lo, np.inf)
        prog.row(cols + [excess], vals + [-1.0], -np.inf, hi)

    districts = {d: [index[c] for c in cs] for d, cs in fig.districts.items()}
    for year, figs in fig.district_totals.items():
        for f in figs:
            cols, vals = count_terms(years.index(year), districts[f.district_code])
            soft_range(cols, vals, f.lo, f.hi)
    for year, since, f in fig.district_increases:
        now = count_terms(years.index(year), districts[f.district_code])
        before = count_terms(years.index(since), districts[f.district_code], -1.0)
        soft_range(now[0] + before[0], now[1] + before[1], f.lo, f.hi)

    # A commune meeting standard keeps it; named communes.
    for yi in range(1, len(years)):
        for c in range(n_c):
            prog.row([int(a[yi - 1, c, n_k]), int(a[yi, c, n_k])], [1.0, -1.0], -np.inf, 0)
    for code, year in fig.reached.items():
        for yi, y in enumerate(years):
            prog.fix(int(a[yi, index[code], n_k]), 1.0 if y >= year else 0.0)
    for code, year in fig.not_reached.items():
        for yi, y in enumerate(years):
            if y <= year:
                prog.fix(int(a[yi, index[code], n_k]), 0.0)
    for plan_year, codes in fig.plan_communes.items():
        for code in codes:
            for yi, y in enumerate(years):
                if y < plan_year:
                    prog.fix(int(a[yi, index[code], n_k]), 0.0)

    # Stage A2: a commune's number of criteria rarely falls from one year to the next.
    for yi in range(1, len(years)):
        weight = W_LOSS_LAST if yi == len(years) - 1 else W_LOSS_EARLIER
        for c in range(n_c):
            drop = prog.var(0, n_k, True, c2=weight)
            now = count_terms(yi, [c], -1.0)
            before = count_terms(yi - 1, [c])
            prog.row(before[0] + now[0] + [drop], before[1] + now[1] + [-1.0], -np.inf, 0)

    first = _solve(prog, prog.cost1, gap=0.0, time_limit=time_limit)
    best = float(round(np.dot(prog.cost1, first)))  # integer weights × integer slacks
    nonzero = [i for i, w in enumerate(prog.cost1) if w]
    prog.row(nonzero, [prog.cost1[i] for i in nonzero], -np.inf, best + 1e-6)
    second = _solve(prog, prog.cost2, gap=gap, time_limit=time_limit)
    weights = np.arange(n_k + 1)
    counts = {
        year: (np.rint(second[a[yi]]).astype(int) * weights).sum(axis=1)
        for yi, year in enumerate(years)
    }
    return counts, best


def solve_criteria(
    fig: Figures,
    counts: dict[int, np.ndarray],
    level: np.ndarray,
    noise: np.ndarray,
    *,
    gap: float,
    time_limit: float | None,
) -> tuple[dict[int, np.ndarray], dict[tuple[int, int], int], float]:
    """Stage B: which criteria each commune meets, given how many (row sums) and the
    per-criterion counts (column sums), with as few lost criteria between years as possible."""
    n_c, n_k, years = len(fig.communes), len(fig.criteria), fig.years
    prog = _Program()
    x = np.empty((len(years), n_c, n_k), dtype=int)
    for yi, year in enumerate(years):
        rarity = 1.0 - np.array(fig.by_criterion[year], dtype=float) / n_c
        for c in range(n_c):
            for k in range(n_k):
                x[yi, c, k] = prog.var(c2=-(ALPHA * level[c] * rarity[k] + BETA * noise[c, k]))
    for yi, year in enumerate(years):
        for k in range(n_k):
            cnt = fig.by_criterion[year][k]
            prog.row(list(x[yi, :, k]), [1.0] * n_c, cnt, cnt)
        for c in range(n_c):
            cnt = int(counts[year][c])
            prog.row(list(x[yi, c]), [1.0] * n_k, cnt, cnt)
    loss_vars: dict[tuple[int, int], list[int]] = {}
    for yi in range(1, len(years)):
        weight = W_LOSS_LAST if yi == len(years) - 1 else W_LOSS_EARLIER
        lst = loss_vars.setdefault((years[yi - 1], years[yi]), [])
        for c in range(n_c):
            for k in range(n_k):
                loss = prog.var(0, 1, False, c2=weight)
                lst.append(loss)
                prog.row(
                    [int(x[yi - 1, c, k]), int(x[yi, c, k]), loss], [1.0, -1.0, -1.0], -np.inf, 0
                )
    sol = _solve(prog, prog.cost2, gap=gap, time_limit=time_limit)
    met = {year: np.rint(sol[x[yi]]).astype(np.int8) for yi, year in enumerate(years)}
    losses = {key: int(round(sum(sol[v] for v in vs))) for key, vs in loss_vars.items()}
    return met, losses, float(np.dot(prog.cost2, sol))


def solve(
    fig: Figures, *, seed: int | None = None, gap: float = 1e-4, time_limit: float | None = None
) -> Solution:
    """Find statuses that reproduce ``fig`` (see the module docstring)."""
    rng = np.random.default_rng(fig.seed if seed is None else seed)
    level = _latent_levels(fig, rng)
    noise = rng.random((len(fig.communes), len(fig.criteria)))
    counts, deviation = solve_counts(fig, level, noise.mean(axis=1), gap=gap, time_limit=time_limit)
    met, losses, objective = solve_criteria(
        fig, counts, level, noise, gap=gap, time_limit=time_limit
    )
    for year in fig.years:
        if not np.array_equal(met[year].sum(axis=1), counts[year]):
            raise InfeasibleFigures(f"{year}: criteria do not add up to the communes' counts")
    return Solution(
        communes=[c.code for c in fig.communes],
        criteria=list(fig.criteria),
        met=met,
        stage1_objective=deviation,
        stage2_objective=objective,
        losses=losses,
    )
