"""Every write of the web app, tried by every role, inside and outside the officer's units.

The matrix is generated: for each action, each role, and a target inside or
outside the role's units, the test asks the server and looks at the database.
Outside the units the answer is 404 and nothing changes; inside, the action
takes effect exactly for the roles the rules give it to (the central level may
do everything), and for the others nothing changes and the page does not fail.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ntm.assessments.models import Assessment, Evidence, IndicatorValue, Recognition, Transition
from ntm.assessments.services.evidence import evidence_add
from ntm.plans.models import Target, TargetCommune
from ntm.reports.models import DocumentSetting, ReportText
from ntm.units.models import AdminUnit
from tests.factories import (
    CaoBang,
    document_version,
    entry_version,
    file_complete,
    plan_version,
    recognition_make,
    texts_version,
)
from tests.logins import login_request

pytestmark = pytest.mark.django_db

#: Who works where (the officers of tests.factories.cao_bang_build), by the unit attribute of CaoBang.
OFFICERS = {
    "tinh": "province",
    "huyen": "district",
    "xa": "commune",
    "lanhdao": "province",
    "admin": None,  # superuser: the whole country
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Case:
    """One action: who may do it, what it targets, how to ask, and how to see it happened."""

    name: str
    roles: frozenset[str]  # roles allowed besides the central level
    target: str  # "commune" (a commune's file) or "district"/"province" (a planning unit)
    arrange: Callable[[Assessment | AdminUnit], dict[str, Any]]
    request: Callable[[Assessment | AdminUnit, dict[str, Any]], tuple[str, dict[str, Any]]]
    happened: Callable[[Assessment | AdminUnit, dict[str, Any]], bool]


def _state(
    state: str, *, complete: bool = False, all_met: bool = False, **extra: Any
) -> Callable[[Assessment], dict[str, Any]]:
    """The file moved to ``state``; ``complete``: first given a result for every criterion
    (the workflow's checks refuse a file with criteria missing), ``all_met``: every one met."""

    def arrange(a: Assessment) -> dict[str, Any]:
        if complete or all_met:
            file_complete(a, all_met=all_met)
        Assessment.objects.filter(pk=a.pk).update(state=state, **extra)
        return {}

    return arrange


def _moved_to(state: str) -> Callable[[Assessment, dict[str, Any]], bool]:
    return lambda a, _ctx: Assessment.objects.get(pk=a.pk).state == state


def _transition(action: str, reason: str = "") -> Callable[[Assessment, dict], tuple[str, dict]]:
    return lambda a, _ctx: (
        reverse("assessments:transition", args=[a.pk, action]),
        {"reason": reason},
    )


def _with_evidence(a: Assessment) -> dict[str, Any]:
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    evidence = evidence_add(
        assessment=a, criterion_number=2, file=upload, title="Biên bản", user=None
    )
    return {"evidence": evidence.pk}


def _with_recognition(a: Assessment) -> dict[str, Any]:
    r = recognition_make(a.commune, a.year, number="12/QĐ-UBND", date=datetime.date(a.year, 12, 20))
    return {"recognition": r.pk}


CASES = [
    Case(
        "entry",
        frozenset({"commune"}),
        "commune",
        _state("draft"),
        lambda a, _ctx: (
            reverse("assessments:entry", args=[a.pk]) + "?group=I",
            {"group": "I", "b_1_1": "0", "version": entry_version(a, "I")},
        ),
        lambda a, _ctx: (
            IndicatorValue.objects.get(assessment=a, indicator__code="1.1").value_bool is False
        ),
    ),
    Case(
        "evidence_upload",
        frozenset({"commune"}),
        "commune",
        _state("draft"),
        lambda a, _ctx: (
            reverse("assessments:evidence_upload", args=[a.pk]),
            {
                "criterion": "2",
                "title": "Ảnh đường bê tông",
                "file": SimpleUploadedFile("duong.pdf", PDF, content_type="application/pdf"),
            },
        ),
        lambda a, _ctx: Evidence.objects.filter(assessment=a, title="Ảnh đường bê tông").exists(),
    ),
    Case(
        "evidence_delete",
        frozenset({"commune"}),
        "commune",
        _with_evidence,
        lambda a, ctx: (reverse("assessments:evidence_delete", args=[ctx["evidence"]]), {}),
        lambda a, ctx: not Evidence.objects.filter(pk=ctx["evidence"]).exists(),
    ),
    Case(
        "assessment_create",
        frozenset({"commune"}),
        "commune",
        lambda a: {},
        lambda a, _ctx: (
            reverse("assessments:assessment_create", args=[a.commune_id]),
            {"year": "2020"},
        ),
        lambda a, _ctx: Assessment.objects.filter(commune_id=a.commune_id, year=2020).exists(),
    ),
    Case(
        "submit",
        frozenset({"commune"}),
        "commune",
        _state("draft", complete=True),
        _transition("submit"),
        _moved_to("submitted"),
    ),
    Case(
        "review",
        frozenset({"district"}),
        "commune",
        _state("submitted", complete=True),
        _transition("review"),
        _moved_to("reviewed"),
    ),
    Case(
        "return_by_district",
        frozenset({"district"}),
        "commune",
        _state("submitted"),
        _transition("return", "Thiếu biên bản kiểm tra tiêu chí 2"),
        _moved_to("returned"),
    ),
    Case(
        "return_by_province",
        frozenset({"province"}),
        "commune",
        _state("reviewed"),
        _transition("return", "Số liệu thu nhập chưa khớp"),
        _moved_to("returned"),
    ),
    Case(
        "appraise",
        frozenset({"province"}),
        "commune",
        _state("reviewed", complete=True),
        _transition("appraise"),
        _moved_to("appraised"),
    ),
    Case(
        "reopen",
        frozenset({"province"}),
        "commune",
        _state("appraised", locked=True),
        _transition("reopen", "Sửa số liệu hộ nghèo"),
        _moved_to("returned"),
    ),
    Case(
        "recognise",
        frozenset({"province"}),
        "commune",
        _state("appraised", all_met=True, locked=True),
        lambda a, _ctx: (
            reverse("assessments:recognition_create", args=[a.pk]),
            {
                "title": "dat_chuan",
                "number": "99/QĐ-UBND",
                "date": "2019-12-30",
                "issuer": "UBND tỉnh",
            },
        ),
        lambda a, _ctx: Recognition.objects.filter(
            commune_id=a.commune_id, number="99/QĐ-UBND"
        ).exists(),
    ),
    Case(
        "revoke",
        frozenset({"province"}),
        "commune",
        _with_recognition,
        lambda a, ctx: (
            reverse("assessments:recognition_revoke", args=[ctx["recognition"]]),
            {"revoked_on": "2020-06-01", "reason": "Không duy trì tiêu chí"},
        ),
        lambda a, ctx: Recognition.objects.get(pk=ctx["recognition"]).revoked_on is not None,
    ),
    Case(
        "plan_target",
        frozenset({"province"}),
        "district",
        lambda u: {},
        lambda u, _ctx: (
            reverse("plans:target_list"),
            {"unit": str(u.pk), "year": "2019", "t_1": "12,5", "version": plan_version(u, 2019)},
        ),
        lambda u, _ctx: Target.objects.filter(unit=u, year=2019, row_id="1").exists(),
    ),
    Case(
        "plan_commune",
        frozenset({"province"}),
        "district",
        lambda u: {
            "commune": AdminUnit.objects.filter(parent=u, kind="xa").order_by("code").first().pk
        },
        lambda u, ctx: (
            reverse("plans:target_commune_add"),
            {
                "unit": str(u.pk),
                "year": "2020",
                "commune": str(ctx["commune"]),
                "title": "dat_chuan",
            },
        ),
        lambda u, ctx: TargetCommune.objects.filter(unit=u, commune_id=ctx["commune"]).exists(),
    ),
    Case(
        "report_text",
        frozenset({"district"}),  # each office writes its own unit's report
        "district",
        lambda u: {},
        lambda u, _ctx: (
            reverse("reports:text_list") + f"?unit={u.pk}&year=2019",
            {
                "unit": str(u.pk),
                "year": "2019",
                "s_II_1": "Hoàn thành chỉ tiêu năm.",
                "version": texts_version(u, 2019),
            },
        ),
        lambda u, _ctx: ReportText.objects.filter(unit=u, year=2019, section="II.1").exists(),
    ),
    Case(
        "document_setting",
        frozenset({"district"}),  # each office sets how its own report is issued
        "district",
        lambda u: {},
        lambda u, _ctx: (
            reverse("reports:document_setting") + f"?unit={u.pk}&year=2019",
            {"signer": "Nguyễn Văn Ký", "version": document_version(u, 2019)},
        ),
        lambda u, _ctx: DocumentSetting.objects.filter(unit=u, signer="Nguyễn Văn Ký").exists(),
    ),
]

ROLE_OF = {
    "tinh": "province",
    "huyen": "district",
    "xa": "commune",
    "lanhdao": "viewer",
    "admin": "central",
}


def _target(cao_bang: CaoBang, case: Case, inside: bool) -> Assessment | AdminUnit:
    if case.target == "commune":
        return cao_bang.assessment("commune" if inside else "outside")
    if inside:
        return cao_bang.unit(case.target)
    return (
        AdminUnit.objects.filter(province_id=cao_bang.other_province, level=2)
        .order_by("code")
        .first()
    )


def _in_scope(cao_bang: CaoBang, username: str, target: Assessment | AdminUnit) -> bool:
    unit = target.commune if isinstance(target, Assessment) else target
    home = OFFICERS[username]
    return home is None or unit.path.startswith(cao_bang.unit(home).path)


@pytest.mark.parametrize("inside", [True, False], ids=["in-scope", "out-of-scope"])
@pytest.mark.parametrize("username", list(OFFICERS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_action(case: Case, username: str, inside: bool, cao_bang: CaoBang, login) -> None:
    target = _target(cao_bang, case, inside)
    ctx = case.arrange(target)
    url, data = case.request(target, ctx)
    response = login(username).post(url, data)
    role = ROLE_OF[username]
    if not _in_scope(cao_bang, username, target):
        assert response.status_code == 404
        assert not case.happened(target, ctx)
        return
    assert response.status_code in (200, 302, 403), response.status_code
    allowed = role == "central" or role in case.roles
    assert case.happened(target, ctx) is allowed


def test_actions_need_post(cao_bang: CaoBang, login) -> None:
    a = cao_bang.assessment("commune")
    client = login("huyen")
    Assessment.objects.filter(pk=a.pk).update(state="submitted")
    assert client.get(reverse("assessments:transition", args=[a.pk, "review"])).status_code == 405
    assert Assessment.objects.get(pk=a.pk).state == "submitted"


def test_actions_need_csrf(cao_bang: CaoBang) -> None:
    from django.test import Client

    from tests.factories import PASSWORD

    client = Client(enforce_csrf_checks=True)
    client.login(request=login_request(), username="huyen", password=PASSWORD)
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="submitted")
    response = client.post(reverse("assessments:transition", args=[a.pk, "review"]), {})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=a.pk).state == "submitted"


def test_return_without_reason_is_refused_with_a_message(cao_bang: CaoBang, login) -> None:
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="submitted")
    response = login("huyen").post(
        reverse("assessments:transition", args=[a.pk, "return"]), {"reason": ""}, follow=True
    )
    assert Assessment.objects.get(pk=a.pk).state == "submitted"
    assert "lý do" in response.content.decode()


def test_workflow_history_shows_who_and_why(cao_bang: CaoBang, login) -> None:
    a = cao_bang.assessment("commune")
    Assessment.objects.filter(pk=a.pk).update(state="submitted")
    login("huyen").post(
        reverse("assessments:transition", args=[a.pk, "return"]),
        {"reason": "Thiếu minh chứng tiêu chí 6"},
    )
    step = Transition.objects.get(assessment=a)
    assert (step.from_state, step.to_state, step.user.username) == (
        "submitted",
        "returned",
        "huyen",
    )
    page = login("xa").get(
        reverse("assessments:commune_detail", args=[a.commune_id]) + "?year=2019"
    )
    text = page.content.decode()
    assert "Thiếu minh chứng tiêu chí 6" in text
    assert "Trả lại" in text


def test_district_officer_cannot_reach_a_commune_of_another_district(
    cao_bang: CaoBang, login
) -> None:
    a = cao_bang.assessment("other_district_commune")
    Assessment.objects.filter(pk=a.pk).update(state="submitted")
    response = login("huyen").post(reverse("assessments:transition", args=[a.pk, "review"]), {})
    assert response.status_code == 404
    assert Assessment.objects.get(pk=a.pk).state == "submitted"


def test_commune_officer_cannot_edit_the_neighbour(cao_bang: CaoBang, login) -> None:
    a = cao_bang.assessment("neighbour")
    response = login("xa").post(
        reverse("assessments:entry", args=[a.pk]) + "?group=I",
        {"group": "I", "b_1_1": "0", "version": entry_version(a, "I")},
    )
    assert response.status_code == 404
    assert IndicatorValue.objects.get(assessment=a, indicator__code="1.1").value_bool is True
