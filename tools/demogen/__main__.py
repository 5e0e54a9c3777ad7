"""``python -m tools.demogen [FIGURES]``: generate a province's demo data from its published figures.

Default figures file: ``tools/demogen/published/caobang-2019.yaml``; output: the folder its
``output`` names (``src/ntm/data/demo/caobang``). ``--verify`` regenerates into a temporary
folder and compares with the committed files (the output is reproducible from the seed).
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
import time
from pathlib import Path

from .check import deviations, solution_check
from .engine_check import engine_mismatches
from .model import solve
from .output import files_write, recognitions_draw
from .published import figures_load
from .values import indicator_values

DEFAULT = Path(__file__).resolve().parent / "published" / "caobang-2019.yaml"


def generate(figures: Path, out: Path | None = None, seed: int | None = None) -> list[Path]:
    """Solve, check, draw values and write the files; returns the paths written."""
    started = time.monotonic()
    fig = figures_load(figures)
    print(
        f"{fig.province_name}: {len(fig.communes)} xã, {len(fig.criteria)} tiêu chí, "
        f"năm {', '.join(map(str, fig.years))}"
    )
    sol = solve(fig, seed=seed)
    lines = solution_check(fig, sol)
    exact_failures = [line for line in deviations(lines) if line.exact]
    for line in deviations(lines):
        print(f"  lệch: {line.figure}: công bố {line.published}, dữ liệu {line.achieved}")
    if exact_failures:
        raise SystemExit("some figures that must hold exactly do not: nothing written")
    print(f"  tiêu chí mất đi giữa hai năm: {sol.losses}")
    values = indicator_values(fig, sol, seed=seed)
    mismatches = engine_mismatches(fig, sol, values)
    if mismatches:
        print("\n".join(mismatches[:20]))
        raise SystemExit(
            f"{len(mismatches)} statuses not given back by the engine: nothing written"
        )
    recognitions = recognitions_draw(fig, sol, seed=seed)
    paths = files_write(fig, sol, values, recognitions, out or fig.output)
    print(
        f"  {len(values)} giá trị chỉ tiêu; {len(recognitions)} quyết định công nhận; "
        f"{time.monotonic() - started:.0f} giây"
    )
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.demogen", description=__doc__)
    parser.add_argument("figures", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--out", type=Path, help="output folder (default: the figures file's)")
    parser.add_argument("--seed", type=int, help="override the figures file's seed")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="regenerate into a temporary folder and compare with the output folder",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="print every published figure beside the generated one (Markdown)",
    )
    args = parser.parse_args(argv)
    if args.report:
        fig = figures_load(args.figures)
        sol = solve(fig, seed=args.seed)
        print("| số liệu | công bố | dữ liệu sinh ra | khớp |\n|---|---|---|---|")
        for line in solution_check(fig, sol):
            mark = "✓" if line.holds else "✗"
            print(f"| {line.figure} | {line.published} | {line.achieved} | {mark} |")
        return 0
    if args.verify:
        fig = figures_load(args.figures)
        target = args.out or fig.output
        with tempfile.TemporaryDirectory() as tmp:
            paths = generate(args.figures, Path(tmp), args.seed)
            differ = [p.name for p in paths if not filecmp.cmp(p, target / p.name, shallow=False)]
        if differ:
            print(f"differ from {target}: {', '.join(differ)}")
            return 1
        print(f"identical to {target}")
        return 0
    generate(args.figures, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
