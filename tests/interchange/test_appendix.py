"""A province not seen before: statuses for three years and next year's targets imported into a
fresh database, then the appendix table compared figure by figure with the files."""

from collections import Counter
from decimal import Decimal

from ntm.evaluation.numbers import round_half_away
from ntm.interchange.services import files_import

from .conftest import csv_text

YEARS = (2015, 2018, 2019)  # the appendix of 2019: TH base year, TH 2018, TH 2019, KH 2020


def _met(code: str, year: int, number: int) -> bool:
    """A deterministic spread: more criteria met in later years, some communes meeting all."""
    if int(code) % 9 == 0 and year >= 2018:
        return True
    return (int(code) * 7 + number * 3 + year) % 10 < (year - 2010) - 1


def test_imported_statuses_and_targets_give_the_appendix_figures(province, communes, write):
    from ntm.reports.selectors import appendix_table

    statuses = [
        f"{y},{c},{n},{int(_met(c, y, n))}" for y in YEARS for c in communes for n in range(1, 20)
    ]
    targets = {
        "1": "12.00",
        "2.1": "28",
        "2.9": "20",
        "3": "12.00",
        "3.1": "110",
        "3.10": "35",
        "tong_so_xa": "110",
    }
    files_import(
        paths=[
            write("statuses.csv", csv_text("year,commune_code,criterion,met", statuses)),
            write(
                "targets.csv",
                csv_text(
                    "year,province_code,row_id,value",
                    [f"2020,6,{r},{v}" for r, v in targets.items()],
                ),
            ),
        ]
    )
    table = appendix_table(unit=province, year=2019)
    n, total = 19, len(communes)
    for column, year in enumerate(YEARS):
        met_count = {c: sum(_met(c, year, k) for k in range(1, n + 1)) for c in communes}
        distribution = Counter(met_count.values())
        per_criterion = {k: sum(_met(c, year, k) for c in communes) for k in range(1, n + 1)}
        average = round_half_away(Decimal(sum(met_count.values())) / Decimal(total), 2)
        assert table.row("tong_so_xa").values[column] == total
        assert table.row("1").values[column] == average
        assert table.row("3").values[column] == average
        for k in range(1, n + 1):
            assert table.row(f"2.{k}").values[column] == distribution.get(n + 1 - k, 0), (year, k)
            assert table.row(f"3.{k}").values[column] == per_criterion[k], (year, k)
    plan = {key: table.row(key).values[3] for key in targets}
    assert plan == {key: Decimal(value) for key, value in targets.items()}
    assert table.row("2.2").values[3] is None
