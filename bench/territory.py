"""Benchmark: the figures and appendix of the whole country and of a region, in process.

Builds a throwaway database with the national demo (``ntm loaddemo --national``: every
commune of the 2019 list with seeded values, evaluated; SQLite under /tmp unless
DATABASE_URL names an empty database), then times, each ``--repeat`` times (the best run
printed), in one process:

* **today's path**: the figures of every province one after another
  (``analytics.selectors.unit_figures`` for each of the 63), what a central officer had
  to do before the country had figures of its own;
* **the country's figures**: ``analytics.selectors.territory_figures`` (one read of every
  commune, the provinces ranked);
* **the country's report data**: ``reports.selectors.territory_report_data`` (the figures
  from the base year and the appendix);
* **a region's figures**: the Northern midlands and mountains (TDMNPB).

Run: ``.venv/bin/python bench/territory.py [--repeat 3]``. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _timed(label: str, fn: Callable[[], Any], repeat: int) -> Any:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:9.0f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "ntm-bench-territory.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from ntm.analytics.selectors import territory_figures, territory_get, unit_figures
    from ntm.reports.selectors import territory_report_data
    from ntm.units.models import AdminUnit

    start = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("loaddemo", "--national", "--seed", "2019", verbosity=0)
    print(f"national demo loaded in {time.perf_counter() - start:.0f} s")
    year = 2019
    provinces = list(
        AdminUnit.objects.valid_in_year(year)
        .filter(level=AdminUnit.Level.PROVINCE)
        .order_by("code")
    )
    country = territory_get(code="VN")
    region = territory_get(code="TDMNPB")

    def each_province() -> int:
        return sum(unit_figures(unit=p, year=year).now.communes for p in provinces)

    today = _timed(
        f"today: the figures of the {len(provinces)} provinces in turn", each_province, args.repeat
    )
    fig = _timed(
        "the country's figures (territory_figures)",
        lambda: territory_figures(territory=country, year=year),
        args.repeat,
    )
    assert fig.now.communes == today, (fig.now.communes, today)
    _timed(
        "the country's report data, appendix included",
        lambda: territory_report_data(territory=country, year=year),
        args.repeat,
    )
    _timed(
        "a region's figures (TDMNPB)",
        lambda: territory_figures(territory=region, year=year),
        args.repeat,
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{fig.now.communes} communes, {len(fig.subunits)} provinces; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
