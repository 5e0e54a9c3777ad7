"""Benchmark: import a province's criterion statuses for three years, then the same file again.

Builds a throwaway database (SQLite under /tmp, or the one in DATABASE_URL if
given: its tables are created by ``migrate`` and rows are added, so give it an
empty database), loads the 2019 list of one province (default Bắc Kạn, code 6:
110 xã) and the 2016-2020 criteria set, writes a
statuses file (``year,commune_code,criterion,met``: every criterion of every xã
for 2017, 2018 and 2019), then times ``ntm import`` of it:

1. the first import (every assessment and status created, every commune evaluated);
2. the same file again (nothing changes, nothing is written).

Prints the wall-clock and CPU time, rows per second and the number of SQL
queries of each. Run with ``make bench``. Options: ``--province CODE``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

YEARS = (2017, 2018, 2019)


def _setup_django(db_path: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db_path}")
    os.environ.setdefault("NTM_DATA_DIR", str(Path(tempfile.gettempdir()) / "ntm-bench-data"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def _statuses_file(folder: Path, province: str) -> tuple[Path, int]:
    """Every criterion of every xã of the province, three years, met or not by a fixed rule."""
    from ntm.units.models import AdminUnit

    codes = sorted(
        AdminUnit.objects.filter(
            province__code=province, level=3, kind=AdminUnit.Kind.COMMUNE
        ).values_list("code", flat=True),
        key=int,
    )
    rows = [
        f"{y},{c},{n},{(int(c) + n + y) % 3 != 0:d}"
        for y in YEARS
        for c in codes
        for n in range(1, 20)
    ]
    path = folder / "statuses.csv"
    path.write_text("\n".join(["year,commune_code,criterion,met", *rows]) + "\n", encoding="utf-8")
    return path, len(rows)


def _timed_import(path: Path) -> tuple[float, float, int, str]:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = StringIO()
    with CaptureQueriesContext(connection) as queries:
        t0, c0 = time.perf_counter(), time.process_time()
        call_command("import", str(path), stdout=out)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return wall, cpu, len(queries), out.getvalue().strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="6")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ntm-bench-"))
    _setup_django(tmp / "bench.sqlite3")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Database: {engine} ({settings.DATABASES['default']['NAME']})")
    call_command("migrate", verbosity=0)

    from ntm.assessments.models import Assessment, CriterionStatus
    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
    from ntm.units.services import units_load

    units_load(province_code=args.province)
    criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2016-2020.yaml")
    path, rows = _statuses_file(tmp, args.province)
    print(f"Statuses file: {rows:,} rows ({len(YEARS)} years × 19 criteria × the province's xã)")

    wall, cpu, queries, last = _timed_import(path)
    print(
        f"First import : {wall:.1f} s = {rows / wall:,.0f} rows/s (CPU {cpu:.1f} s), "
        f"{queries:,} queries; {Assessment.objects.count():,} assessments, "
        f"{CriterionStatus.objects.count():,} statuses"
    )
    print(f"  {last}")
    wall, cpu, queries, last = _timed_import(path)
    print(
        f"Same file    : {wall:.1f} s = {rows / wall:,.0f} rows/s (CPU {cpu:.1f} s), "
        f"{queries:,} queries"
    )
    print(f"  {last}")
    connection.close()


if __name__ == "__main__":
    main()
