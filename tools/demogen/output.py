"""Writing the generated data as interchange files (docs/formats.md) and demo files.

Files written in the output folder:

* ``statuses.csv`` — ``year,commune_code,criterion,met`` (1/0), every commune, year, criterion;
* ``values.csv`` — ``year,commune_code,indicator,value,secondary_value``;
* ``targets.csv`` — ``year,province_code,row_id,value``, the plans of the figures file;
* ``recognitions.csv`` — ``commune_code,title,year,number,date,issuer`` (illustrative numbers);
* ``target-communes.csv`` — ``year,province_code,commune_code``, the communes a plan names.

Rows are sorted, so a file changes only where the data change.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

from .model import Solution
from .published import Figures
from .values import Value

TITLE_STANDARD = "dat_chuan"


@dataclass(frozen=True)
class RecognitionRow:
    commune: str
    year: int
    number: str
    date: datetime.date
    issuer: str


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _decimal_text(value: object) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


def recognitions_draw(
    fig: Figures, sol: Solution, *, seed: int | None = None
) -> list[RecognitionRow]:
    """A decision for every commune meeting standard, in the year it first did.

    A commune first at standard in a data year gets that year, unless the figures file
    spreads such communes over earlier years (the report is silent on them) while keeping
    the printed number for a year (``by_year``). Numbers and dates are illustrative.
    """
    spec = fig.raw.get("recognitions") or {}
    rng = np.random.default_rng([fig.seed if seed is None else seed, 2])
    n_k = len(sol.criteria)
    first: dict[str, int] = {}
    for year in fig.years:
        for ci, code in enumerate(sol.communes):
            if code not in first and sol.counts(year)[ci] == n_k:
                first[code] = year
    by_year = {int(y): int(n) for y, n in (spec.get("by_year") or {}).items()}
    spreads = {int(s["standard_in"]): [int(y) for y in s["years"]] for s in spec.get("spread", [])}
    year_of: dict[str, int] = {}
    for data_year in fig.years:
        group = sorted(c for c, y in first.items() if y == data_year)
        if data_year not in spreads:
            year_of.update({c: data_year for c in group})
            continue
        order = [group[i] for i in rng.permutation(len(group))]
        years = spreads[data_year]
        for y in years:
            for c in order[: by_year.get(y, 0)]:
                year_of[c] = y
            order = order[by_year.get(y, 0) :]
        free = [y for y in years if y not in by_year]
        if order and not free:
            raise ValueError(f"recognitions: no year left for the communes standard in {data_year}")
        for c in order:
            year_of[c] = free[int(rng.integers(len(free)))]
    issuer = spec.get("issuer", "")
    suffix = spec.get("number_suffix", "/QĐ-UBND")
    rows: list[RecognitionRow] = []
    for year in sorted(set(year_of.values())):
        communes = sorted(c for c, y in year_of.items() if y == year)
        days = sorted(int(d) for d in rng.choice(np.arange(1, 29), size=len(communes)))
        number = int(rng.integers(1800, 2400))
        for c, day in zip([communes[i] for i in rng.permutation(len(communes))], days, strict=True):
            number += int(rng.integers(3, 40))
            rows.append(
                RecognitionRow(c, year, f"{number}{suffix}", datetime.date(year, 12, day), issuer)
            )
    return sorted(rows, key=lambda r: (r.year, r.date, r.commune))


def files_write(
    fig: Figures, sol: Solution, values: list[Value], recognitions: list[RecognitionRow], out: Path
) -> list[Path]:
    """Write every output file into ``out``; returns their paths."""
    paths = []
    status_rows = [
        [year, code, number, int(sol.met[year][ci, ki])]
        for year in fig.years
        for ci, code in enumerate(sol.communes)
        for ki, number in enumerate(sol.criteria)
    ]
    paths.append(out / "statuses.csv")
    _write(paths[-1], ["year", "commune_code", "criterion", "met"], status_rows)

    value_rows = [[v.year, v.commune, v.indicator, v.value, v.secondary] for v in values]
    paths.append(out / "values.csv")
    _write(paths[-1], ["year", "commune_code", "indicator", "value", "secondary_value"], value_rows)

    target_rows = [
        [year, fig.province_code, row_id, _decimal_text(value)]
        for year, targets in sorted(fig.plan_targets.items())
        for row_id, value in targets.items()
    ]
    paths.append(out / "targets.csv")
    _write(paths[-1], ["year", "province_code", "row_id", "value"], target_rows)

    paths.append(out / "recognitions.csv")
    _write(
        paths[-1],
        ["commune_code", "title", "year", "number", "date", "issuer"],
        [
            [r.commune, TITLE_STANDARD, r.year, r.number, r.date.isoformat(), r.issuer]
            for r in recognitions
        ],
    )

    paths.append(out / "target-communes.csv")
    _write(
        paths[-1],
        ["year", "province_code", "commune_code"],
        [
            [year, fig.province_code, code]
            for year, codes in sorted(fig.plan_communes.items())
            for code in codes
        ],
    )
    return paths
