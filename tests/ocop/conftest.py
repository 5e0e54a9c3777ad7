"""Fixtures for the OCOP tests: Bắc Kạn's official list (code 6), the World's officers, files."""

from pathlib import Path

import pytest

from ntm.units.models import AdminUnit

PROVINCE = "6"
HEADER = "year,product_code,name,commune_code,group,score_a,score_b,score_c"


@pytest.fixture
def province(db) -> AdminUnit:
    """Bắc Kạn from the official list; no criteria set (OCOP files need none)."""
    from ntm.units.services import units_load

    units_load(province_code=PROVINCE)
    return AdminUnit.objects.get(level=1, code=PROVINCE)


def _codes(kind: str) -> list[str]:
    codes = AdminUnit.objects.filter(province__code=PROVINCE, level=3, kind=kind).values_list(
        "code", flat=True
    )
    return sorted(codes, key=int)


@pytest.fixture
def communes(province) -> list[str]:
    return _codes(AdminUnit.Kind.COMMUNE)


@pytest.fixture
def ward(province) -> str:
    return _codes(AdminUnit.Kind.WARD)[0]


@pytest.fixture
def write(tmp_path):
    def _write(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8"))
        return path

    return _write


def csv_text(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"
