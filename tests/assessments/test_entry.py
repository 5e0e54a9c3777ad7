"""Saving the entry form: every changed input of a group in one step, evaluated once, or nothing."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from ntm.accounts.services import profile_set
from ntm.assessments.models import CriterionStatus, IndicatorValue
from ntm.assessments.services import entry as entry_module
from ntm.assessments.services.entry import assessment_entry_save
from ntm.assessments.services.evaluation import assessment_get_or_create
from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.units.models import AdminUnit
from ntm.units.services import units_load


@pytest.fixture
def commune_file(criteria_2016):
    units_load(province_code="4")
    commune = AdminUnit.objects.filter(province__code="4", kind="xa").order_by("code").first()
    officer = User.objects.create_user("xa", password="x")
    profile_set(user=officer, role="commune", unit=commune)
    return assessment_get_or_create(commune=commune, year=2019), officer


def test_values_declarations_and_remarks_are_saved_together_and_evaluated_once(
    commune_file, monkeypatch
):
    assessment, officer = commune_file
    calls = []
    real = entry_module.assessments_evaluate
    monkeypatch.setattr(
        entry_module,
        "assessments_evaluate",
        lambda **kw: calls.append(kw) or real(**kw),
    )
    saved = assessment_entry_save(
        assessment=assessment,
        user=officer,
        values=[("10.1", {"value": Decimal("40")}), ("1.1", {"value": True})],
        declarations=[(2, True)],
        remarks="Số liệu của xã",
    )
    assert saved == 4
    assert len(calls) == 1
    assessment.refresh_from_db()
    assert assessment.remarks == "Số liệu của xã"
    assert CriterionStatus.objects.get(assessment=assessment, criterion__number=10).met is True
    declared = CriterionStatus.objects.get(assessment=assessment, criterion__number=2)
    assert (declared.met, declared.declared_by, declared.declared_role) == (
        True,
        officer,
        "commune",
    )
    assert assessment.criteria_met == 2  # 10 from its value, 2 as declared (1 needs 1.2 too)
    assert ChangeRecord.objects.filter(user=officer).count() == 4


def test_an_invalid_input_refuses_the_whole_save(commune_file):
    assessment, officer = commune_file
    with pytest.raises(ApplicationError, match="không có chỉ tiêu"):
        assessment_entry_save(
            assessment=assessment,
            user=officer,
            values=[("10.1", {"value": Decimal("40")}), ("99.9", {"value": Decimal("1")})],
        )
    assert not IndicatorValue.objects.filter(assessment=assessment).exists()
    assert not ChangeRecord.objects.filter(user=officer).exists()


def test_unchanged_remarks_count_as_nothing_saved(commune_file):
    assessment, officer = commune_file
    assert assessment_entry_save(assessment=assessment, user=officer, remarks="  ") == 0


def test_only_the_communes_officer_may_save_while_the_commune_holds_the_file(commune_file):
    assessment, _officer = commune_file
    other = User.objects.create_user("huyen", password="x")
    profile_set(user=other, role="district", unit=assessment.commune.parent)
    with pytest.raises(ApplicationError):
        assessment_entry_save(
            assessment=assessment, user=other, values=[("10.1", {"value": Decimal("40")})]
        )
    assert not IndicatorValue.objects.filter(assessment=assessment).exists()
