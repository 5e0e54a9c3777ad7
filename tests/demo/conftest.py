"""Fixtures of the demo tests: the published figures, the seed's appendix and the committed output."""

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from tools.demogen.__main__ import DEFAULT
from tools.demogen.model import Solution
from tools.demogen.published import Figures, figures_load

REPO = Path(__file__).resolve().parents[2]
SEED_APPENDIX = REPO.parent / "shared" / "seed" / "appendix-2019.csv"
COPY_APPENDIX = REPO / "tests" / "reports" / "data" / "appendix-2019.csv"


@pytest.fixture(scope="session")
def figures() -> Figures:
    return figures_load(DEFAULT)


@pytest.fixture(scope="session")
def appendix() -> list[dict[str, str]]:
    """The published appendix table: the seed itself when present, else the repository's copy."""
    path = SEED_APPENDIX if SEED_APPENDIX.exists() else COPY_APPENDIX
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def committed(figures: Figures) -> Solution:
    """The committed statuses (src/ntm/data/demo/<province>/statuses.csv) as a solution."""
    codes = [c.code for c in figures.communes]
    index = {code: i for i, code in enumerate(codes)}
    number = list(figures.criteria)
    met = {y: np.zeros((len(codes), len(figures.criteria)), dtype=np.int8) for y in figures.years}
    for row in _read(figures.output / "statuses.csv"):
        met[int(row["year"])][index[row["commune_code"]], number.index(int(row["criterion"]))] = (
            int(row["met"])
        )
    return Solution(codes, list(figures.criteria), met, 0.0, 0.0)


@pytest.fixture(scope="session")
def committed_values(figures: Figures) -> dict[tuple[int, str], dict[str, tuple[str, str]]]:
    out: dict[tuple[int, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for row in _read(figures.output / "values.csv"):
        out[(int(row["year"]), row["commune_code"])][row["indicator"]] = (
            row["value"],
            row["secondary_value"],
        )
    return out


@pytest.fixture(scope="session")
def committed_recognitions(figures: Figures) -> list[dict[str, str]]:
    return _read(figures.output / "recognitions.csv")


@pytest.fixture(scope="session")
def committed_target_communes(figures: Figures) -> list[dict[str, str]]:
    return _read(figures.output / "target-communes.csv")
