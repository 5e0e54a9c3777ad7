"""Reading a published-figures file and resolving its names against NTM's shipped data.

The figures file is the only place where a province's report lives (as data). Units come
from the official list shipped in ``src/ntm/data/units/`` and criteria (with the region's
thresholds) from ``src/ntm/data/criteria/``, so the generator works for any province whose
report has been transcribed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from ntm.units.names import fold_name

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "ntm" / "data"

_DISTRICT_PREFIXES = ("thành phố ", "thị xã ", "quận ", "huyện ")
_COMMUNE_PREFIXES = ("xã ", "phường ", "thị trấn ")


class FiguresError(ValueError):
    """The figures file is inconsistent with itself or with the shipped data."""


def _bare(name: str, prefixes: tuple[str, ...]) -> str:
    folded = fold_name(name)
    for prefix in prefixes:
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    district_code: str
    district: str


@dataclass(frozen=True)
class Indicator:
    """An indicator of the criteria set with the threshold that applies in the region."""

    code: str
    criterion: int
    kind: str  # ratio | amount | boolean
    op: str
    threshold: float | str | None
    secondary_op: str = ""
    secondary_threshold: float | None = None


@dataclass(frozen=True)
class RangeFigure:
    """A district figure: the district's total of criteria met must lie in [lo, hi]."""

    district_code: str
    label: str
    lo: int
    hi: int
    printed: str


@dataclass
class Figures:
    """Everything the generator must reproduce, resolved to commune and district codes."""

    path: Path
    raw: dict[str, Any]
    province_code: str
    province_name: str
    region: str
    seed: int
    years: list[int]
    communes: list[Commune]
    criteria: list[int]
    indicators: list[Indicator]
    by_criterion: dict[int, list[int]]
    distribution: dict[int, dict[int, int]]
    recognised: dict[int, int]
    brackets: list[tuple[int, int, int, int]]  # year, min, max, communes
    district_totals: dict[int, list[RangeFigure]] = field(default_factory=dict)  # year → figures
    district_increases: list[tuple[int, int, RangeFigure]] = field(default_factory=list)
    reached: dict[str, int] = field(default_factory=dict)  # commune code → year reached
    not_reached: dict[str, int] = field(default_factory=dict)  # commune code → year not reached
    plan_communes: dict[int, list[str]] = field(default_factory=dict)
    plan_targets: dict[int, dict[str, Any]] = field(default_factory=dict)
    output: Path = ROOT

    @property
    def districts(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for c in self.communes:
            out.setdefault(c.district_code, []).append(c.code)
        return out


def _read_units(unit_list: str, province_code: str, commune_type: str) -> list[Commune]:
    path = DATA / "units" / unit_list
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["province_code"].strip() == province_code
            and fold_name(r["type"]) == fold_name(commune_type)
        ]
    communes = [
        Commune(
            code=r["code"].strip(),
            name=r["name"].strip(),
            district_code=r["district_code"].strip(),
            district=r["district"].strip(),
        )
        for r in rows
    ]
    return sorted(communes, key=lambda c: int(c.code))


def _region(province_code: str) -> str:
    with (DATA / "units" / "regions-2019.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            if rec["province_code"].strip() == province_code:
                return rec["region_code"].strip()
    raise FiguresError(f"province {province_code} has no region in regions-2019.csv")


def _indicators(criteria_file: str, region: str) -> tuple[list[int], list[Indicator]]:
    data = yaml.safe_load((DATA / "criteria" / criteria_file).read_text(encoding="utf-8"))
    numbers: list[int] = []
    out: list[Indicator] = []
    for crit in data["criteria"]:
        numbers.append(int(crit["number"]))
        for ind in crit["indicators"]:
            by_region = ind.get("by_region") or {}
            # The most specific known threshold applies: the region's, else the national one.
            value = by_region.get(region)
            if value is None:
                value = ind.get("national")
            sec = ind.get("secondary") or {}
            sec_value = (sec.get("by_region") or {}).get(region)
            if sec_value is None:
                sec_value = sec.get("national")
            out.append(
                Indicator(
                    code=str(ind["code"]),
                    criterion=int(crit["number"]),
                    kind=ind["kind"],
                    op=ind["op"],
                    threshold=value
                    if isinstance(value, str)
                    else (None if value is None else float(value)),
                    secondary_op=sec.get("op", "") if sec else "",
                    secondary_threshold=None if sec_value is None else float(sec_value),
                )
            )
    return numbers, out


def rounding_interval(value: float, precision: int, n: int, max_total: int) -> tuple[int, int]:
    """Integer totals T (|T| ≤ max_total) whose average T/n prints as ``value`` at ``precision``.

    Rounding is half away from zero, as the report's figures are (ntm.evaluation.numbers).
    """
    from ntm.evaluation.numbers import round_half_away

    target = round_half_away(Fraction(str(value)), precision)
    hits = [
        t
        for t in range(-max_total, max_total + 1)
        if round_half_away(Fraction(t, n), precision) == target
    ]
    if not hits:
        raise FiguresError(f"no total over {n} communes gives an average of {value}")
    return hits[0], hits[-1]


def range_interval(
    spec: dict[str, Any], n: int, max_total: int, offset: int = 0
) -> tuple[int, int]:
    """Integer totals T with spec.min ≤ T/n ≤ spec.max (bounds exclusive when flagged)."""
    lo_f, hi_f = Fraction(str(spec["min"])), Fraction(str(spec["max"]))
    hits = []
    for t in range(-max_total, max_total + 1):
        avg = Fraction(t, n)
        if avg < lo_f or avg > hi_f:
            continue
        if spec.get("min_exclusive") and avg == lo_f:
            continue
        if spec.get("max_exclusive") and avg == hi_f:
            continue
        hits.append(t + offset)
    if not hits:
        raise FiguresError(f"no total over {n} communes lies in {spec}")
    return hits[0], hits[-1]


def _span(spec: dict[str, Any]) -> str:
    left = "(" if spec.get("min_exclusive") else "["
    right = ")" if spec.get("max_exclusive") else "]"
    return f"{left}{spec['min']}; {spec['max']}{right}"


class _Resolver:
    def __init__(self, communes: list[Commune]) -> None:
        self.districts: dict[str, str] = {}
        self.by_key: dict[tuple[str, str], str] = {}
        for c in communes:
            self.districts[_bare(c.district, _DISTRICT_PREFIXES)] = c.district_code
            self.by_key[(c.district_code, _bare(c.name, _COMMUNE_PREFIXES))] = c.code

    def district(self, name: str) -> str:
        try:
            return self.districts[_bare(name, _DISTRICT_PREFIXES)]
        except KeyError as exc:
            raise FiguresError(f"district {name!r} not in the unit list") from exc

    def commune(self, spec: dict[str, Any]) -> str:
        key = (self.district(spec["district"]), _bare(spec["commune"], _COMMUNE_PREFIXES))
        try:
            return self.by_key[key]
        except KeyError as exc:
            raise FiguresError(f"commune {spec['commune']!r} not in {spec['district']!r}") from exc


def figures_load(path: Path) -> Figures:
    """Read and check a figures file; names are resolved to the codes of the unit list."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    prov = raw["province"]
    pcode = str(prov["code"])
    communes = _read_units(prov["unit_list"], pcode, prov.get("commune_type", "xã"))
    app = raw["appendix"]
    if len(communes) != int(app["communes"]):
        raise FiguresError(
            f"the unit list has {len(communes)} communes, the report {app['communes']}"
        )
    region = _region(pcode)
    criteria, indicators = _indicators(raw["criteria_set"], region)
    years = [int(y) for y in raw["years"]]
    n_comm, n_crit = len(communes), len(criteria)

    by_criterion = {int(y): [int(v) for v in vals] for y, vals in app["by_criterion"].items()}
    distribution: dict[int, dict[int, int]] = {}
    for y, cells in app["distribution"].items():
        dist = {int(n): int(v) for n, v in cells.items()}
        dist.setdefault(0, n_comm - sum(dist.values()))
        if sum(dist.values()) != n_comm or dist[0] < 0:
            raise FiguresError(f"distribution {y} does not count {n_comm} communes")
        distribution[int(y)] = dist
    for y in years:
        if len(by_criterion[y]) != n_crit:
            raise FiguresError(f"by_criterion {y} has not {n_crit} values")
    recognised = {int(y): int(v) for y, v in (app.get("recognised") or {}).items()}
    for y in years:
        recognised.setdefault(y, distribution[y][n_crit])

    res = _Resolver(communes)
    districts: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for c in communes:
        districts.setdefault(c.district_code, []).append(c.code)
        names[c.district_code] = c.district
    max_total = n_crit * max(len(v) for v in districts.values())

    nar = raw.get("narrative") or {}
    brackets = [
        (int(b["year"]), int(b["min"]), int(b["max"]), int(b["communes"]))
        for b in nar.get("brackets", [])
    ]
    district_totals: dict[int, list[RangeFigure]] = {}
    avg = nar.get("district_average")
    if avg:
        year = int(avg["year"])
        figs: list[RangeFigure] = []
        listed = set()
        for item in avg["listed"]:
            d = res.district(item["district"])
            listed.add(d)
            n = len(districts[d])
            lo, hi = rounding_interval(item["value"], int(item["precision"]), n, n_crit * n)
            figs.append(RangeFigure(d, item["district"], lo, hi, f"bình quân {item['value']}"))
        if avg.get("others"):
            for d, codes in districts.items():
                if d not in listed:
                    n = len(codes)
                    lo, hi = range_interval(avg["others"], n, n_crit * n)
                    lo, hi = max(lo, 0), min(hi, n_crit * n)
                    figs.append(
                        RangeFigure(d, names[d], lo, hi, f"bình quân {_span(avg['others'])}")
                    )
        district_totals[year] = figs
    increases: list[tuple[int, int, RangeFigure]] = []
    inc = nar.get("district_increase")
    if inc:
        year, since = int(inc["year"]), int(inc["since"])
        listed = set()
        for item in inc["listed"]:
            d = res.district(item["district"])
            listed.add(d)
            n = len(districts[d])
            lo, hi = rounding_interval(item["value"], int(item["precision"]), n, n_crit * n)
            increases.append(
                (year, since, RangeFigure(d, item["district"], lo, hi, f"tăng {item['value']}"))
            )
        if inc.get("others"):
            for d, codes in districts.items():
                if d not in listed:
                    n = len(codes)
                    lo, hi = range_interval(inc["others"], n, n_crit * n)
                    increases.append(
                        (
                            year,
                            since,
                            RangeFigure(d, names[d], lo, hi, f"tăng {_span(inc['others'])}"),
                        )
                    )
    del max_total

    std = raw.get("standard") or {}
    reached = {res.commune(s): int(s["year"]) for s in std.get("reached", [])}
    not_reached = {res.commune(s): int(s["year"]) for s in std.get("not_reached", [])}
    plan_communes: dict[int, list[str]] = {}
    plan_targets: dict[int, dict[str, Any]] = {}
    for y, plan in (raw.get("plans") or {}).items():
        plan_communes[int(y)] = [res.commune(s) for s in plan.get("communes", [])]
        plan_targets[int(y)] = {str(k): v for k, v in (plan.get("targets") or {}).items()}

    return Figures(
        path=path,
        raw=raw,
        province_code=pcode,
        province_name=prov["name"],
        region=region,
        seed=int(raw.get("seed", 0)),
        years=years,
        communes=communes,
        criteria=criteria,
        indicators=indicators,
        by_criterion=by_criterion,
        distribution=distribution,
        recognised=recognised,
        brackets=brackets,
        district_totals=district_totals,
        district_increases=increases,
        reached=reached,
        not_reached=not_reached,
        plan_communes=plan_communes,
        plan_targets=plan_targets,
        output=ROOT / raw.get("output", "out/demo"),
    )
