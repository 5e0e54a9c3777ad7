"""Fixtures for the resources tests: Bắc Kạn's official list (code 6, written 06), files."""

from pathlib import Path

import pytest

from ntm.units.models import AdminUnit
from tests.analytics.conftest import small_province  # noqa: F401  (a synthetic province)

PROVINCE = "6"
FUNDS = "year,unit_code,source,allocated,disbursed"
SUPPORT = "year,sponsor,commune_code,cash,in_kind,materials"


@pytest.fixture
def province(db) -> AdminUnit:
    """Bắc Kạn from the official list (no criteria set: funds and support need none)."""
    from ntm.units.services import units_load

    units_load(province_code=PROVINCE)
    return AdminUnit.objects.get(level=1, code=PROVINCE)


@pytest.fixture
def district(province) -> AdminUnit:
    return AdminUnit.objects.filter(parent=province, level=2).order_by("code").first()


@pytest.fixture
def commune(district) -> AdminUnit:
    return (
        AdminUnit.objects.filter(parent=district, level=3, kind=AdminUnit.Kind.COMMUNE)
        .order_by("code")
        .first()
    )


@pytest.fixture
def write(tmp_path):
    def _write(name: str, *lines: str) -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return _write
