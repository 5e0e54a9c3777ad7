"""The Cao Bằng 2019 report's published figures (tests/reports/data, copied from shared/seed)."""

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from ntm.analytics.metrics import YearCounts

DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parents[2]
SHARED_SEED = REPO.parent / "shared" / "seed"

COLUMNS = ("th_2015", "th_2018", "th_2019", "kh_2020")
HEADERS = ("TH 2015", "TH 2018", "TH 2019", "KH 2020")


def appendix_rows() -> list[dict[str, str]]:
    with (DATA / "appendix-2019.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def figures() -> dict[str, dict]:
    items = json.loads((DATA / "published-2019-figures.json").read_text(encoding="utf-8"))
    return {item["key"]: item for item in items}


def figure(key: str) -> Decimal:
    return Decimal(str(figures()[key]["value"]))


def cell(row_id: str, column: str, label: str | None = None) -> Decimal | None:
    for row in appendix_rows():
        if row["row_id"] == row_id and (label is None or row["label_vi"] == label):
            value = row[column]
            return Decimal(value) if value else None
    raise KeyError(row_id)


def year_counts(column: str, *, year: int) -> YearCounts:
    """The published distribution (rows 2.k) and per-criterion counts (rows 3.k) of a TH column.

    The sum of criteria met is taken from the per-criterion rows, as the text
    (10,62 tiêu chí/xã) does; the distribution rows sum to 2 more in 2019
    (docs/report.md).
    """
    rows = appendix_rows()
    dist, per = {}, {}
    for row in rows:
        rid, value = row["row_id"], row[column]
        if not value or not rid.count("."):
            continue
        major, minor = (int(p) for p in rid.split("."))
        if major == 2:
            dist[19 - minor + 1] = int(value)
        elif major == 3:
            per[minor] = int(value)
    communes = int(rows[0][column])
    return YearCounts(
        year=year,
        communes=communes,
        assessed=communes,
        criteria_met_sum=sum(per.values()),
        distribution=dist,
        per_criterion=per,
        recognised=int(cell("", column, "Trong đó số xã đã có QĐ công nhận đạt chuẩn NTM") or 0),
    )


def report_paragraph(starts_with: str) -> str:
    """A paragraph (or list line) of the published sections I.9 / III.1, footnote marks removed."""
    import re

    text = (DATA / "report-2019-sections.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = re.sub(r"\[\^\d+\]", "", line.strip()).lstrip("-+ ").strip()
        if line.startswith(starts_with):
            return line
    raise KeyError(starts_with)


#: SHA-256 of shared/seed/appendix-2019.csv, of which data/appendix-2019.csv is an unchanged copy.
SEED_APPENDIX_SHA256 = "a75f72645dd41ab3dc03debf30e12f3930fb594f9829ef0ef3782b201206fb19"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
