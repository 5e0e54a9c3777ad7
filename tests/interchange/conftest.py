"""Fixtures for the interchange tests: one small province (Bắc Kạn, code 6: 110 xã) and helpers."""

from pathlib import Path

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.core.models import ChangeRecord
from ntm.plans.models import Target
from ntm.units.models import AdminUnit

PROVINCE = "6"


@pytest.fixture
def province(criteria_2016) -> AdminUnit:
    """Bắc Kạn from the 2019 list, with the 2016-2020 criteria set loaded."""
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
    """Codes of the province's xã, in code order."""
    return _codes(AdminUnit.Kind.COMMUNE)


@pytest.fixture
def ward(province) -> str:
    return _codes(AdminUnit.Kind.WARD)[0]


@pytest.fixture
def township(province) -> str:
    return _codes(AdminUnit.Kind.TOWNSHIP)[0]


@pytest.fixture
def write(tmp_path):
    """Write a file (text as UTF-8, or bytes) under a temporary folder and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write


def db_state() -> dict[str, list[tuple]]:
    """Every row the importer may write, to show that a refused import left all as it was."""
    return {
        "assessments": list(
            Assessment.objects.order_by("pk").values_list(
                "pk",
                "commune_id",
                "year",
                "criteria_set_id",
                "criteria_met",
                "criteria_total",
                "meets_standard",
                "updated_at",
            )
        ),
        "statuses": list(
            CriterionStatus.objects.order_by("pk").values_list(
                "pk",
                "assessment_id",
                "criterion_id",
                "computed_met",
                "declared_met",
                "met",
                "source",
                "updated_at",
            )
        ),
        "values": list(
            IndicatorValue.objects.order_by("pk").values_list(
                "pk",
                "assessment_id",
                "indicator_id",
                "value_number",
                "value_bool",
                "secondary_number",
                "updated_at",
            )
        ),
        "targets": list(
            Target.objects.order_by("pk").values_list("pk", "unit_id", "year", "row_id", "value")
        ),
        "changes": list(ChangeRecord.objects.order_by("pk").values_list("pk")),
    }


def csv_text(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"
