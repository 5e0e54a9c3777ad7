"""Imports made by a signed-in officer (the web app): the officer's role, unit and the file's state."""

import pytest
from django.contrib.auth import get_user_model

from ntm.accounts.services import profile_set
from ntm.assessments.models import Assessment, CriterionStatus
from ntm.interchange.errors import ImportRefused
from ntm.interchange.records import Source
from ntm.interchange.services import sources_import
from ntm.plans.models import Target
from ntm.units.models import AdminUnit

from .conftest import csv_text, db_state

STATUSES = "year,commune_code,criterion,met"


def officer(role: str, unit: AdminUnit | None, name: str = "u"):
    user = get_user_model().objects.create_user(username=name, password="x")
    profile_set(user=user, role=role, unit=unit)
    return get_user_model().objects.get(pk=user.pk)


def source(name: str, header: str, rows: list[str]) -> Source:
    return Source(name=name, data=csv_text(header, rows).encode())


def errors_of(**kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as info:
        sources_import(**kwargs)
    return [str(e) for e in info.value.errors]


def test_a_commune_officer_imports_for_the_own_commune_only(communes):
    own = AdminUnit.objects.get(level=3, code=communes[0])
    user = officer("commune", own)
    sources_import(sources=[source("s.csv", STATUSES, [f"2019,{communes[0]},1,1"])], user=user)
    assert Assessment.objects.get(commune=own, year=2019).criteria_met == 1
    before = db_state()
    errors = errors_of(sources=[source("s.csv", STATUSES, [f"2019,{communes[1]},1,1"])], user=user)
    assert errors[0].startswith("s.csv:2:commune_code:") and "ngoài phạm vi" in errors[0]
    assert db_state() == before


def test_a_submitted_file_cannot_be_changed_by_its_commune(communes):
    own = AdminUnit.objects.get(level=3, code=communes[0])
    user = officer("commune", own)
    sources_import(sources=[source("s.csv", STATUSES, [f"2019,{communes[0]},1,1"])], user=user)
    Assessment.objects.filter(commune=own).update(state=Assessment.State.SUBMITTED)
    before = db_state()
    errors = errors_of(sources=[source("s.csv", STATUSES, [f"2019,{communes[0]},1,0"])], user=user)
    assert errors[0].startswith("s.csv:2:met:")
    assert db_state() == before


def test_a_province_officer_sets_the_province_targets(province):
    user = officer("province", province)
    rows = ["2020,6,2.1,28"]
    sources_import(sources=[source("t.csv", "year,province_code,row_id,value", rows)], user=user)
    assert Target.objects.get(unit=province, year=2020, row_id="2.1").updated_by == user


def test_a_district_officer_may_not_set_targets(province):
    district = AdminUnit.objects.filter(level=2, province=province).first()
    user = officer("district", district)
    rows = [f"2020,{district.code},2.1,3"]
    errors = errors_of(
        sources=[source("t.csv", "year,district_code,row_id,value", rows)], user=user
    )
    assert errors[0].startswith("t.csv:2:value:")
    assert not Target.objects.exists()


def test_a_province_officer_imports_statuses_for_the_communes_of_the_province(communes, province):
    user = officer("province", province)
    rows = [f"2019,{code},1,1" for code in communes[:3]]
    sources_import(sources=[source("s.csv", STATUSES, rows)], user=user)
    assert Assessment.objects.filter(year=2019, criteria_met=1).count() == 3


def test_a_district_officer_imports_for_the_own_district_only(communes):
    inside = AdminUnit.objects.get(level=3, code=communes[0])
    outside = (
        AdminUnit.objects.filter(level=3, kind="xa", province=inside.province)
        .exclude(parent=inside.parent)
        .first()
    )
    user = officer("district", inside.parent)
    sources_import(sources=[source("s.csv", STATUSES, [f"2019,{inside.code},1,1"])], user=user)
    before = db_state()
    errors = errors_of(sources=[source("s.csv", STATUSES, [f"2019,{outside.code},1,1"])], user=user)
    assert errors[0].startswith("s.csv:2:commune_code:")
    assert db_state() == before


def test_an_office_may_import_into_a_submitted_file_but_not_into_an_appraised_one(
    communes, province
):
    own = AdminUnit.objects.get(level=3, code=communes[0])
    user = officer("province", province)
    sources_import(sources=[source("s.csv", STATUSES, [f"2019,{communes[0]},1,1"])], user=user)
    Assessment.objects.filter(commune=own).update(state=Assessment.State.SUBMITTED)
    sources_import(sources=[source("s.csv", STATUSES, [f"2019,{communes[0]},1,0"])], user=user)
    assert Assessment.objects.get(commune=own, year=2019).criteria_met == 0
    Assessment.objects.filter(commune=own).update(state=Assessment.State.APPRAISED, locked=True)
    before = db_state()
    errors_of(sources=[source("s.csv", STATUSES, [f"2019,{communes[0]},1,1"])], user=user)
    assert db_state() == before


def test_a_declaration_records_the_officer_their_level_and_the_file(communes, province):
    user = officer("province", province)
    sources_import(sources=[source("tinh.csv", STATUSES, [f"2019,{communes[0]},1,1"])], user=user)
    status = CriterionStatus.objects.get(assessment__commune__code=communes[0], criterion__number=1)
    assert (status.declared_by, status.declared_role, status.declared_file) == (
        user,
        "province",
        "tinh.csv",
    )
    assert status.declared_at is not None
    sources_import(sources=[source("sua.csv", STATUSES, [f"2019,{communes[0]},1,0"])])
    status.refresh_from_db()
    assert (status.declared_met, status.declared_by, status.declared_role) == (False, None, "")
    assert status.declared_file == "sua.csv"  # a command-line import: no account, the file named


def test_a_status_the_values_already_give_records_no_declaration(communes, province):
    user = officer("province", province)
    rows = [f"2019,{communes[0]},10.1,20"]
    sources_import(sources=[source("v.csv", "year,commune_code,indicator,value", rows)], user=user)
    sources_import(sources=[source("s.csv", STATUSES, [f"2019,{communes[0]},10,0"])], user=user)
    status = CriterionStatus.objects.get(
        assessment__commune__code=communes[0], criterion__number=10
    )
    assert (status.declared_met, status.declared_by, status.declared_file) == (None, None, "")
