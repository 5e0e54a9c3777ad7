"""End to end: values imported through the interchange file give the counts an independent reckoning gives.

The reckoning below reads the criteria set's YAML file and the province →
region table directly, and applies the rules of docs/criteria/rulebook.md in
a few plain lines, without the engine. Values are chosen on, just above and
just below every threshold.
"""

import csv
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ntm.assessments.models import Assessment, CriterionStatus
from ntm.criteria.services import CRITERIA_DIR
from ntm.units.models import AdminUnit
from ntm.units.services import DATA_DIR, units_load

D = Decimal
PROVINCES = ["48", "92", "74"]  # Đà Nẵng (DHNTB), Cần Thơ (DBSCL), Bình Dương (DNB)
YEAR = 2019


def _official():
    doc = yaml.safe_load((CRITERIA_DIR / "xa-ntm-2016-2020.yaml").read_text(encoding="utf-8"))
    with (DATA_DIR / "regions-2019.csv").open(encoding="utf-8") as fh:
        regions = {r["province_code"]: r["region_code"] for r in csv.DictReader(fh)}
    return doc["criteria"], regions


def _threshold(ind, region, part=None):
    source = (ind.get("secondary") or {}) if part == "secondary" else ind
    regional = (source.get("by_region") or {}).get(region)
    return regional if regional is not None else source.get("national")


def _holds(value, op, threshold):
    return {
        ">=": value >= threshold,
        "<=": value <= threshold,
        ">": value > threshold,
        "<": value < threshold,
        "=": value == threshold,
    }[op]


def _reckon(criteria, region, values):
    """Criterion number → met, by the rulebook, from the official file."""
    out = {}
    for crit in criteria:
        states = []
        for ind in crit["indicators"]:
            threshold = _threshold(ind, region)
            if threshold is None:
                continue  # no threshold: not applicable
            given = values.get(ind["code"])
            if given is None:
                states.append("missing")
            elif ind["kind"] == "boolean":
                states.append("met" if given[0] == "Đạt" else "not_met")
            else:
                ok = _holds(D(given[0]), ind["op"], D(str(threshold)))
                inner = _threshold(ind, region, "secondary")
                if ok and given[1] and inner is not None:
                    ok = _holds(D(given[1]), ind["secondary"]["op"], D(str(inner)))
                states.append("met" if ok else "not_met")
        out[crit["number"]] = bool(states) and all(s == "met" for s in states)
    return out


def _near(threshold, rng, ratio):
    t = D(str(threshold))
    value = rng.choice(
        [t, t, t + D("0.0001"), t - D("0.0001"), t + 1, t - 1, t * D("0.5"), t * D("1.5")]
    )
    if ratio:
        value = min(value, D(100))
    return max(value, D(0))


@pytest.mark.slow
def test_imported_values_give_the_counts_of_the_official_thresholds(criteria_2016, tmp_path: Path):
    from ntm.interchange.services import files_import

    for code in PROVINCES:
        units_load(province_code=code)
    criteria, regions = _official()
    rng = random.Random(1980)
    communes = list(
        AdminUnit.objects.communes().filter(province__code__in=PROVINCES).select_related("province")
    )
    assert len(communes) > 80

    rows, given_by_commune = [], {}
    for commune in communes:
        region = regions[commune.province.code]
        given = {}
        for crit in criteria:
            for ind in crit["indicators"]:
                if rng.random() < 0.04:
                    continue  # not reported
                if ind["kind"] == "boolean":
                    value, inner = ("Đạt" if rng.random() < 0.85 else "Không đạt"), ""
                else:
                    threshold = _threshold(ind, region)
                    anchor = threshold if threshold is not None else rng.randint(10, 90)
                    value = str(_near(anchor, rng, ind["kind"] == "ratio"))
                    inner = ""
                    if ind.get("secondary") and rng.random() < 0.7:
                        inner = str(_near(_threshold(ind, region, "secondary"), rng, True))
                given[ind["code"]] = (value, inner)
                rows.append([YEAR, commune.code, ind["code"], value, inner])
        given_by_commune[commune.pk] = (region, given)

    path = tmp_path / "values.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["year", "commune_code", "indicator", "value", "secondary_value"])
        writer.writerows(rows)
    files_import(paths=[path])

    expected_by_criterion: Counter[int] = Counter()
    expected_distribution: Counter[int] = Counter()
    for region, given in given_by_commune.values():
        met = _reckon(criteria, region, given)
        expected_by_criterion.update(n for n, ok in met.items() if ok)
        expected_distribution[sum(met.values())] += 1

    statuses = CriterionStatus.objects.filter(assessment__year=YEAR, met=True)
    actual_by_criterion = Counter(statuses.values_list("criterion__number", flat=True))
    actual_distribution = Counter(
        Assessment.objects.filter(year=YEAR).values_list("criteria_met", flat=True)
    )
    assert actual_by_criterion == expected_by_criterion
    assert actual_distribution == expected_distribution
    # The data were built to matter: some criteria met, some not, at each region's boundary.
    assert 0 < sum(expected_by_criterion.values()) < 19 * len(communes)
