"""Benchmark: evaluate every commune of the 2019 national list against the 2016-2020 criteria.

Builds a throwaway database (SQLite under /tmp, or the one in DATABASE_URL if
given: its tables are created by ``migrate`` and rows are added, so give it an
empty database), loads the 2019 list of administrative units (all provinces)
and the 2016-2020 criteria set, writes a value for every indicator of every
commune (xã) for 2019 (the national demo's seeded generator, ``ntm.demo.national``:
about a third of the values near a threshold), then times:

1. ``assessments_evaluate_scope(year=2019)``: the whole country in one call,
   first run (every CriterionStatus created) and second run (nothing changed);
2. a naive loop, one commune at a time through the ORM (a query per value,
   per threshold, one save per status), on a sample, extrapolated to the
   country.

Prints communes per second for each. Run with ``make bench``.
Options: ``--sample N`` (naive loop sample, default 200), ``--seed S``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup_django(db_path: Path | None) -> None:
    if "DATABASE_URL" not in os.environ:
        assert db_path is not None
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("NTM_DATA_DIR", str(Path(tempfile.gettempdir()) / "ntm-bench-data"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()


def _build(seed: int) -> tuple[int, int]:
    """Units, criteria, files and values (the national demo's generator); (communes, values)."""
    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
    from ntm.demo.national import national_values_write
    from ntm.units.models import AdminUnit
    from ntm.units.services import units_load

    units_load(list_name="2019")
    criteria_set_load(path=CRITERIA_DIR / "xa-ntm-2016-2020.yaml")
    communes = list(AdminUnit.objects.communes())
    opened, values = national_values_write(year=2019, seed=seed, communes=communes)
    return len(opened), values


def _naive(assessment_ids: list[int]) -> None:
    """One commune at a time, one ORM query per thing: what a first version would do."""
    from ntm.assessments.mappers import commune_context, input_from_row
    from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
    from ntm.criteria.models import Criterion, Threshold
    from ntm.evaluation.engine import evaluate_indicator
    from ntm.evaluation.model import IndicatorRule, ThresholdValue

    for a_id in assessment_ids:
        assessment = Assessment.objects.get(pk=a_id)
        context = commune_context(assessment.commune)
        met_count = 0
        total = 0
        for criterion in Criterion.objects.filter(criteria_set=assessment.criteria_set):
            statuses = []
            for ind in criterion.indicators.all():
                national = None
                by_region = {}
                for t in Threshold.objects.filter(indicator=ind).select_related("region"):
                    value = ThresholdValue(t.value_number, t.value_text, t.secondary_number)
                    if t.region is None:
                        national = value
                    else:
                        by_region[t.region.code] = value
                rule = IndicatorRule(
                    code=ind.code,
                    criterion=criterion.number,
                    kind=ind.kind,
                    op=ind.op,
                    content=ind.content,
                    unit=ind.unit,
                    national=national,
                    by_region=by_region,
                    secondary_label=ind.secondary_label,
                    secondary_op=ind.secondary_op or None,
                )
                row = IndicatorValue.objects.filter(assessment=assessment, indicator=ind).first()
                given = (
                    input_from_row(
                        row.value_number,
                        row.value_bool,
                        row.numerator,
                        row.denominator,
                        row.secondary_number,
                    )
                    if row
                    else None
                )
                statuses.append(evaluate_indicator(rule, context, given).status)
            applicable = [s for s in statuses if s != "not_applicable"]
            met = bool(applicable) and all(s == "met" for s in applicable)
            CriterionStatus.objects.update_or_create(
                assessment=assessment,
                criterion=criterion,
                defaults={"computed_met": met, "met": met, "source": "computed"},
            )
            met_count += met
            total += 1
        assessment.criteria_met = met_count
        assessment.criteria_total = total
        assessment.meets_standard = met_count == total
        assessment.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2019)
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
    from ntm.assessments.services.evaluation import assessments_evaluate_scope

    t0 = time.perf_counter()
    communes, values = _build(args.seed)
    print(
        f"Built {communes:,} communes and {values:,} indicator values in {time.perf_counter() - t0:.1f} s"
    )

    t0, c0 = time.perf_counter(), time.process_time()
    n = country = assessments_evaluate_scope(year=2019)
    first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
    statuses = CriterionStatus.objects.count()
    print(
        f"Bulk, first run  : {n:,} communes ({statuses:,} criterion statuses created) "
        f"in {first:.1f} s = {n / first:,.0f} communes/s (CPU of this process {first_cpu:.1f} s)"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    n = assessments_evaluate_scope(year=2019)
    second, second_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"Bulk, re-run     : {n:,} communes (nothing changed) in {second:.1f} s = "
        f"{n / second:,.0f} communes/s (CPU {second_cpu:.1f} s)"
    )

    # A province re-imports its income figures: only criterion 10 changes.
    from django.db.models import Count, F

    from ntm.assessments.models import IndicatorValue
    from ntm.units.models import AdminUnit

    largest = (
        AdminUnit.objects.communes()
        .values("province")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert largest is not None
    province = AdminUnit.objects.get(pk=largest["province"])
    IndicatorValue.objects.filter(
        assessment__commune__province=province, indicator__code="10.1"
    ).update(value_number=F("value_number") + 1)
    t0, c0 = time.perf_counter(), time.process_time()
    n = assessments_evaluate_scope(year=2019, province=province)
    third, third_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"Bulk, province   : {province.name}, {n:,} communes after new income values in {third:.1f} s "
        f"= {n / third:,.0f} communes/s (CPU {third_cpu:.1f} s)"
    )

    met = Assessment.objects.filter(year=2019, meets_standard=True).count()
    print(f"  communes meeting the standard: {met:,}")

    sample = list(
        Assessment.objects.filter(year=2019)
        .order_by("?")
        .values_list("pk", flat=True)[: args.sample]
    )
    CriterionStatus.objects.filter(assessment_id__in=sample).delete()
    t0, c0 = time.perf_counter(), time.process_time()
    _naive(sample)
    naive, naive_cpu = time.perf_counter() - t0, time.process_time() - c0
    rate = len(sample) / naive
    print(
        f"Naive ORM loop   : {len(sample):,} communes (sample) in {naive:.1f} s = {rate:,.1f} communes/s "
        f"(CPU {naive_cpu:.1f} s); "
        f"the whole country would take ~{communes / rate / 60:.1f} min"
    )
    print(f"Bulk first run is {(country / first) / rate:,.0f}× the naive loop (wall clock)")
    connection.close()


if __name__ == "__main__":
    main()
