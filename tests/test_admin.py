"""The Django admin: in Vietnamese, read-only for business data, writes only through the services.

Every model registered in the admin is refused add, change and delete (even
to a superuser), except the two things officers correct there: a threshold
(saved by ``threshold_correct``, which records it and derives the statuses
again) and an officer's role and unit (saved by ``profile_set``). The change
log is append-only for everyone, in the admin and in the model.
"""

from decimal import Decimal
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from knox.models import AuthToken

from ntm.accounts.models import Profile
from ntm.activities.models import Course, Directive, Event, ValueChain
from ntm.assessments.models import (
    Assessment,
    Campaign,
    CriterionStatus,
    DistrictRecord,
    Evidence,
    Transition,
)
from ntm.core.models import ChangeRecord
from ntm.criteria.models import CriterionLink, Threshold
from ntm.maps.services import boundaries_load
from ntm.ocop.models import Certificate, Producer, Product, Rating
from ntm.opendata.models import Publication
from ntm.reports.models import DocumentSetting, Job, ReferenceFigure, ReportText
from ntm.resources.models import Fund, Support
from ntm.units.models import UnitLineage
from tests.factories import CaoBang, recognition_make, target_commune_make, target_make
from tests.maps.synthetic import feature_collection, write

#: Saved in the admin through their service; every other registered model is read-only.
THROUGH_A_SERVICE = {Threshold, CriterionLink, UnitLineage, User, AuthToken}
#: Django's own groups of permissions, the sign-in throttle's records (an administrator
#: lifts a lock by deleting its attempts) and the task queue's entries (the jobs users follow
#: are ``reports.Job``): not the programme's data.
NOT_BUSINESS = {Group, AccessAttempt, AccessLog, AccessFailureLog, DBTaskResult}
READ_ONLY = sorted(
    (m for m in admin.site._registry if m not in THROUGH_A_SERVICE | NOT_BUSINESS),
    key=lambda m: m._meta.label,
)


@pytest.fixture
def records(
    cao_bang: CaoBang, db, private_files, tmp_path
) -> dict[type[models.Model], models.Model]:
    """One row of every model the admin shows: Cao Bằng's files, and a decision, plan, report, job."""
    commune, province = cao_bang.unit("commune"), cao_bang.unit("province")
    a = cao_bang.assessment("commune")
    admin_user = User.objects.get(username="admin")
    recognition_make(commune, 2019)
    target_make(province, 2020, "2.1", 5)
    target_commune_make(province, 2020, commune)
    ReportText.objects.create(unit=province, year=2019, section="II.1", text="Hoàn thành.")
    DocumentSetting.objects.create(unit=province, symbol="BC-BCĐ", signer="Nguyễn Văn A")
    ReferenceFigure.objects.create(
        unit=province, year=2019, key="region_average", value=12, subject="vùng", source="BC"
    )
    Job.objects.create(kind="report", params={"unit": province.pk, "year": 2019}, user=admin_user)
    Transition.objects.create(
        assessment=a, from_state="draft", to_state="submitted", action="submit"
    )
    Campaign.objects.create(province=province, year=2021, commune_deadline="2021-03-31")
    DistrictRecord.objects.create(unit=cao_bang.unit("district"), year=2019, satisfaction=95)
    UnitLineage.objects.create(
        predecessor=commune,
        successor=province,
        whole=True,
        effective="2025-07-01",
        list_name="2025-10",
    )
    Evidence.objects.create(
        assessment=a, file=ContentFile(b"%PDF-1.7\n%%EOF\n", name="bien-ban.pdf"), title="Biên bản"
    )
    producer = Producer.objects.create(name="HTX Sóc Hà", kind="hop_tac_xa", commune=commune)
    product = Product.objects.create(
        code="SP-1", name="Miến dong", group="thuc_pham", commune=commune, producer=producer
    )
    rating = Rating.objects.create(
        product=product, year=2024, sheet="qd-148-2023", level="huyen", score_a=20, score_b=10,
        score_c=20, total=50, stars=3,
    )  # fmt: skip
    Certificate.objects.create(
        rating=rating, number="1/QĐ-UBND", issued_on="2024-03-01", valid_until="2027-03-01"
    )
    Publication.objects.create(
        province=province, year=2019, licence="CC BY 4.0", published_at="2020-03-01T08:00:00Z"
    )
    Fund.objects.create(
        year=2019, unit=province, source="tw_sn", level=1, allocated=100, as_of="2019-12-31"
    )
    Support.objects.create(
        year=2019, sponsor="Sở Nông nghiệp", commune=commune, cash=1, in_kind=2, materials=3
    )
    district = cao_bang.unit("district")
    Course.objects.create(year=2019, unit=province, kind="truyen_thong", classes=2, participants=50)
    Event.objects.create(unit=province, date="2019-12-20", kind="hoi_nghi", description="Tổng kết")
    ValueChain.objects.create(year=2019, unit=district, plan_code="A", product="Chè")
    Directive.objects.create(
        unit=province, number="1/QĐ-UBND", date="2019-02-15", issuer="UBND tỉnh",
        kind="quyet_dinh", subject="về việc a",
    )  # fmt: skip
    boundaries_load(
        path=write(
            tmp_path / "xa.geojson",
            feature_collection({commune.code: (0, 0)}, **{commune.code: {"level": "xa"}}),
        ),
        list_name="2019",
        licence="CC0",
        source="dữ liệu thử",
    )
    out = {}
    for model in READ_ONLY:
        row = model.objects.order_by("pk").first()
        assert row is not None, f"no {model._meta.label} to try the admin on"
        out[model] = row
    return out


@pytest.fixture
def superuser(cao_bang: CaoBang, login) -> Client:
    return login("admin")


def _url(obj: models.Model, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def _add_url(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def _state(obj: models.Model) -> dict[str, Any]:
    return model_to_dict(type(obj).objects.get(pk=obj.pk))


def _as_posted(obj: models.Model) -> dict[str, str]:
    """The row's own values as a form would post them (files and JSON left out)."""
    return {
        k: str(v)
        for k, v in model_to_dict(obj).items()
        if v is not None and not isinstance(v, dict | list | FieldFile)
    }


def _form_data(response) -> dict[str, Any]:
    """What the browser would post back from an admin change page, as it was shown."""
    data: dict[str, Any] = {}

    def fields_of(form) -> None:
        for bound in form:
            value = bound.value()
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{i}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = str(value)

    fields_of(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        fields_of(formset.management_form)
        for form in formset.forms:
            fields_of(form)
    return data


def test_the_admin_speaks_vietnamese(superuser, records):
    index = superuser.get("/admin/").content.decode()
    assert "NTM – Quản trị hệ thống" in index and "Quản trị" in index
    assert "Nhật ký thay đổi" in index  # the change log's verbose name, translated
    page = superuser.get(reverse("admin:criteria_indicator_changelist")).content.decode()
    assert "Chọn chỉ tiêu để xem" in page  # read-only: "to view", not "to change"
    assert "Select" not in page


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m._meta.label)
def test_business_data_is_shown_but_never_added_changed_or_deleted(superuser, records, model):
    obj = records[model]
    before, count = _state(obj), model.objects.count()
    assert superuser.get(_url(obj, "change")).status_code == 200  # shown, read-only

    assert superuser.get(_add_url(model)).status_code == 403
    assert superuser.post(_add_url(model), {}).status_code == 403
    assert superuser.post(_url(obj, "change"), _as_posted(obj)).status_code == 403
    assert superuser.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    superuser.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )

    assert model.objects.count() == count
    assert _state(obj) == before


def test_statuses_shown_inside_an_assessment_cannot_be_changed_there(superuser, records):
    a = records[Assessment]
    statuses = list(CriterionStatus.objects.filter(assessment=a).values())
    page = superuser.get(_url(a, "change"))
    data = _form_data(page)
    for key in list(data):
        if key.endswith("-declared_met"):
            data[key] = "False"
    assert superuser.post(_url(a, "change"), data).status_code == 403
    assert list(CriterionStatus.objects.filter(assessment=a).values()) == statuses


def test_the_change_log_cannot_be_edited_or_deleted_by_the_model(records):
    record = records[ChangeRecord]
    reason = record.reason
    with pytest.raises(PermissionError):
        record.reason = "sửa lại"
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    with pytest.raises(PermissionError):
        ChangeRecord.objects.filter(pk=record.pk).update(reason="sửa lại")
    with pytest.raises(PermissionError):
        ChangeRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(PermissionError), transaction.atomic():
        ChangeRecord.objects.bulk_update([record], ["reason"])
    assert ChangeRecord.objects.filter(pk=record.pk, reason=reason).exists()
    # Appending is what the log is for.
    ChangeRecord.objects.create(object_type="criteria.threshold", object_id="1", action="update")


def _income_threshold(commune) -> Threshold:
    """The threshold of income (chỉ tiêu 10.1) that applies to ``commune``'s region."""
    region = commune.region or commune.province.region
    return Threshold.objects.get(indicator__code="10.1", region=region, province=None)


def test_a_threshold_saved_in_the_admin_is_recorded_and_decides_the_statuses_again(
    superuser, records
):
    a = records[Assessment]
    threshold = _income_threshold(a.commune)
    income = a.values.get(indicator__code="10.1").value_number
    status = a.statuses.get(criterion__number=10)
    assert status.met is False and income < threshold.value_number

    page = superuser.get(_url(threshold, "change"))
    data = _form_data(page)
    data["value_number"] = str(income - Decimal("0.5"))
    response = superuser.post(_url(threshold, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    threshold.refresh_from_db()
    assert threshold.value_number == income - Decimal("0.5")
    record = ChangeRecord.objects.filter(
        object_type="criteria.threshold", object_id=str(threshold.pk)
    ).get()
    assert record.user.username == "admin" and record.reason == "Sửa trong trang quản trị"
    status.refresh_from_db()
    assert status.met is True


def test_a_threshold_is_not_deleted_in_the_admin(superuser, records):
    threshold = _income_threshold(records[Assessment].commune)
    assert superuser.post(_url(threshold, "delete"), {"post": "yes"}).status_code == 403
    assert Threshold.objects.filter(pk=threshold.pk).exists()


def test_a_crosswalk_link_corrected_in_the_admin_is_recorded_and_never_deleted(superuser, db):
    from ntm.criteria.services import CRITERIA_DIR, criteria_set_load, crosswalk_load

    for code in ("2016-2020", "2021-2025"):
        criteria_set_load(path=CRITERIA_DIR / f"xa-ntm-{code}.yaml")
    crosswalk_load(path=CRITERIA_DIR / "crosswalk-xa-ntm-2016-2020-2021-2025.yaml")
    link = CriterionLink.objects.get(
        criterion__criteria_set__code="xa-ntm-2021-2025", criterion__number=1
    )
    data = _form_data(superuser.get(_url(link, "change")))
    data["verified"] = "on"
    response = superuser.post(_url(link, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert link.verified is True
    record = ChangeRecord.objects.get(object_type="criteria.criterionlink", object_id=str(link.pk))
    assert record.user.username == "admin" and record.after["verified"] is True
    assert superuser.post(_url(link, "delete"), {"post": "yes"}).status_code == 403
    assert CriterionLink.objects.filter(pk=link.pk).exists()


def _profile_post(superuser: Client, user: User, *, role: str, unit) -> Any:
    page = superuser.get(_url(user, "change"))
    data = _form_data(page)
    prefix = next(k for k in data if k.endswith("-role")).removesuffix("-role")
    data[f"{prefix}-role"] = role
    data[f"{prefix}-unit"] = str(unit.pk)
    return superuser.post(_url(user, "change"), data)


def test_a_commune_officer_attached_to_a_province_is_refused_with_a_message(
    superuser, records, cao_bang
):
    officer = User.objects.get(username="xa")
    changes = ChangeRecord.objects.count()
    response = _profile_post(superuser, officer, role="commune", unit=cao_bang.unit("province"))
    assert response.status_code == 200  # the page again, with the reason
    assert "phải gắn với đơn vị cấp xã, không phải" in response.content.decode()
    profile = Profile.objects.get(user=officer)
    assert (profile.role, profile.unit_id) == ("commune", cao_bang.commune)
    assert ChangeRecord.objects.count() == changes


def test_an_officer_moved_in_the_admin_is_saved_with_a_change_record(superuser, records, cao_bang):
    officer = User.objects.get(username="xa")
    response = _profile_post(superuser, officer, role="district", unit=cao_bang.unit("district"))
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = Profile.objects.get(user=officer)
    assert (profile.role, profile.unit_id) == ("district", cao_bang.district)
    record = ChangeRecord.objects.filter(
        object_type="accounts.profile", object_id=str(profile.pk)
    ).latest("id")
    assert record.user.username == "admin"
    assert record.before == {"role": "commune", "unit": cao_bang.commune}
    assert record.after == {"role": "district", "unit": cao_bang.district}


def test_a_lineage_links_basis_completed_in_the_admin_is_recorded(superuser, records):
    link = UnitLineage.objects.get()
    data = _form_data(superuser.get(_url(link, "change")))
    data["resolution"] = "Nghị quyết số 1/NQ-UBTVQH15"
    response = superuser.post(_url(link, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert link.resolution == "Nghị quyết số 1/NQ-UBTVQH15" and link.whole is True
    record = ChangeRecord.objects.get(object_type="units.unitlineage", object_id=str(link.pk))
    assert record.before["resolution"] == "" and record.user.username == "admin"
    assert superuser.post(_url(link, "delete"), {"post": "yes"}).status_code == 403
