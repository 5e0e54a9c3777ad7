"""The national demo: every commune of the country with seeded, plausible figures for a year.

``ntm loaddemo --national`` loads the 2019 list of every province and the criteria sets,
opens a file for every commune (xã) and writes a value for every indicator, drawn from a
seeded generator, then evaluates the country in one call; a central officer's account
(``trunguong``) opens the national views. Nothing is real: the figures only let the
national and regional views, and the benchmarks (``bench/evaluate.py``), be tried on
a laptop.

Plausible, not uniform: each province draws a level of development, each commune a
level around its province's, and an indicator's value lands above its threshold more
often in a more developed commune; about a third of the values lie near a threshold.
"""

import random
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import transaction

from ntm.assessments.models import Assessment, IndicatorValue
from ntm.assessments.services.evaluation import assessments_evaluate
from ntm.core.errors import ApplicationError
from ntm.criteria.models import Indicator
from ntm.criteria.services import criteria_set_for_year
from ntm.units.models import AdminUnit

BATCH = 5000


def _value(ind: Indicator, rng: random.Random, level: float, row: IndicatorValue) -> None:
    """Fill ``row`` with a value of ``ind`` for a commune of development ``level`` (0-1)."""
    if ind.kind == Indicator.Kind.BOOLEAN:
        row.value_bool = rng.random() < 0.25 + 0.65 * level
        return
    numbers = [t.value_number for t in ind.thresholds.all() if t.value_number is not None]
    anchor = rng.choice(numbers) if numbers else Decimal(50)
    if rng.random() < 0.3:
        value = anchor + Decimal(rng.randint(-10, 10)) / 10
    else:
        low = int(50 + 40 * level)
        value = anchor * Decimal(rng.randint(low, low + 50)) / 100
    if ind.kind == Indicator.Kind.RATIO:
        value = min(max(value, Decimal(0)), Decimal(100))
        if rng.random() < 0.2:
            row.numerator = (value * 10).quantize(Decimal(1))
            row.denominator = Decimal(1000)
            row.value_number = None
            return
    row.value_number = value.quantize(Decimal("0.01"))
    if ind.secondary_op and rng.random() < 0.5:
        row.secondary_number = Decimal(rng.randint(30, 80))


def national_values_write(
    *, year: int, seed: int, communes: Iterable[AdminUnit]
) -> tuple[list[int], int]:
    """A file for each commune that has none for ``year``, with a value for every indicator.

    Returns (the files opened, values written). Deterministic for a seed and a set of communes.
    """
    cset = criteria_set_for_year(year=year)
    indicators = list(
        Indicator.objects.filter(criterion__criteria_set=cset)
        .prefetch_related("thresholds")
        .order_by("criterion__number", "code")
    )
    communes = sorted(communes, key=lambda c: c.code)
    taken = set(Assessment.objects.filter(year=year).values_list("commune_id", flat=True))
    fresh = [c for c in communes if c.pk not in taken]
    Assessment.objects.bulk_create(
        [Assessment(commune=c, year=year, criteria_set=cset) for c in fresh], batch_size=BATCH
    )
    files = dict(
        Assessment.objects.filter(year=year, commune__in=fresh).values_list("commune_id", "pk")
    )
    rng = random.Random(seed)
    province_level: dict[int | None, float] = {}
    rows: list[IndicatorValue] = []
    written = 0
    for commune in fresh:
        if commune.province_id not in province_level:
            province_level[commune.province_id] = rng.uniform(0.2, 0.8)
        level = min(max(rng.gauss(province_level[commune.province_id], 0.15), 0.0), 1.0)
        for ind in indicators:
            row = IndicatorValue(assessment_id=files[commune.pk], indicator=ind)
            _value(ind, rng, level, row)
            rows.append(row)
        if len(rows) >= BATCH:
            IndicatorValue.objects.bulk_create(rows, batch_size=BATCH)
            written += len(rows)
            rows = []
    IndicatorValue.objects.bulk_create(rows, batch_size=BATCH)
    return list(files.values()), written + len(rows)


def national_demo_load(
    *, year: int = 2019, seed: int = 2019, province_codes: Iterable[str] | None = None
) -> Iterator[str]:
    """Files and values for every commune of the country (or of some provinces), evaluated."""
    communes = AdminUnit.objects.communes().valid_in_year(year)
    if province_codes is not None:
        communes = communes.filter(province__code__in=list(province_codes))
    communes_list = list(communes)
    if not communes_list:
        raise ApplicationError(f"Chưa nạp xã nào có hiệu lực năm {year}.")
    with transaction.atomic():
        opened, values = national_values_write(year=year, seed=seed, communes=communes_list)
        yield (
            f"Số liệu mẫu năm {year}: mở {len(opened)} hồ sơ, ghi {values} giá trị chỉ tiêu "
            f"(hạt giống {seed})."
        )
        # only the files just opened: the communes that had one keep theirs as it was
        evaluated = assessments_evaluate(assessment_ids=opened)
    yield f"Đã đánh giá {evaluated} hồ sơ."
