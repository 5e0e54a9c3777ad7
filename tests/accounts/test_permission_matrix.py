"""Every role × action × (in scope / out of scope) combination, generated.

The expected matrix is written out here by hand, as officers read it in
docs/workflow.md; each case performs the real service on a file in the state
where the action makes sense, and checks both the outcome (done or refused,
and the stored effect) and that ``can()`` told the truth beforehand.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile

from ntm.accounts.services import Action, can, ensure_can
from ntm.assessments.models import (
    Assessment,
    Campaign,
    DistrictRecord,
    Evidence,
    Recognition,
    Transition,
)
from ntm.assessments.services import campaign as campaign_services
from ntm.assessments.services import evidence as evidence_services
from ntm.assessments.services import recognition as recognition_services
from ntm.assessments.services import workflow
from ntm.assessments.services.district import district_results_save
from ntm.core.errors import ApplicationError
from ntm.criteria.services import CRITERIA_DIR, criteria_set_load
from ntm.ocop import services as ocop_services
from ntm.ocop.models import Certificate, Product, Rating
from ntm.opendata.models import Publication
from ntm.opendata.services import publication_publish
from ntm.plans import services as plan_services
from ntm.plans.models import Target, TargetCommune
from tests.factories import World, recognition_make

S = Assessment.State
ROLES = ["central", "province", "district", "commune", "viewer", "none"]

#: Who may do what, within their own unit. Out of their unit nobody may, except central.
EXPECTED: dict[str, set[str]] = {
    "edit values": {"commune", "central"},
    "add evidence": {"commune", "central"},
    "change remarks": {"commune", "central"},
    "submit": {"commune", "central"},
    "resubmit after return": {"commune", "central"},
    "review": {"district", "central"},
    "return submitted": {"district", "central"},
    "appraise": {"province", "central"},
    "return reviewed": {"province", "central"},
    "return appraised": {"province", "central"},
    "reopen appraised": {"province", "central"},
    "reopen recognised": {"province", "central"},
    "recognise": {"province", "central"},
    "revoke recognition": {"province", "central"},
    "set target of province": {"province", "central"},
    "set target of district": {"province", "central"},
    "name target commune": {"province", "central"},
    "view": {"central", "province", "district", "commune", "viewer"},
    "import into a draft": {"commune", "district", "province", "central"},
    "import into a submitted file": {"district", "province", "central"},
    "open the year": {"province", "central"},
    "record district results": {"district", "province", "central"},
    # OCOP (reference/ocop/README.md): the commune registers and pre-checks; the level that
    # rates the product's stars on that day records them (ocop.rules.LEVELS).
    "register an OCOP product": {"commune", "central"},
    "pre-check an OCOP dossier": {"commune", "central"},
    "rate a 3-star OCOP product in 2024": {"district", "central"},
    "rate a 4-star OCOP product in 2024": {"province", "central"},
    "rate a 3-star OCOP product after the reform": {"province", "central"},
    "revoke a district's OCOP certificate": {"district", "central"},
    # Open data (docs/opendata.md): the province makes its final year public.
    "publish a final year": {"province", "central"},
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@dataclass
class Case:
    action: str
    obj: Any
    do: Callable[[Any], Any]
    done: Callable[[], bool]


def _state_case(
    world: World, state: str, action: str, to_state: str, service: Callable, **kw: Any
) -> Case:
    a = world.assessment(state=state)
    return Case(
        action,
        a,
        lambda user: service(assessment=a, user=user, **kw),
        lambda: Assessment.objects.get(pk=a.pk).state == to_state,
    )


def _edit_values(world: World) -> Case:
    a = world.assessment(state=S.DRAFT)
    return Case(
        Action.EDIT,
        a,
        lambda user: workflow.assessment_ensure_editable(assessment=a, user=user),
        lambda: True,
    )


def _add_evidence(world: World) -> Case:
    a = world.assessment(state=S.RETURNED)
    return Case(
        Action.EDIT,
        a,
        lambda user: evidence_services.evidence_add(
            assessment=a,
            criterion_number=1,
            file=ContentFile(PDF, name="bien-ban.pdf"),
            title="Biên bản",
            user=user,
        ),
        lambda: Evidence.objects.filter(assessment=a).exists(),
    )


def _remarks(world: World) -> Case:
    a = world.assessment(state=S.DRAFT)
    return Case(
        Action.EDIT,
        a,
        lambda user: workflow.assessment_remarks_update(
            assessment=a, user=user, remarks="Đã rà soát"
        ),
        lambda: Assessment.objects.get(pk=a.pk).remarks == "Đã rà soát",
    )


def _recognise(world: World) -> Case:
    a = world.assessment(state=S.APPRAISED)
    return Case(
        Action.RECOGNISE,
        a,
        lambda user: recognition_services.recognition_record(
            assessment=a,
            number="123/QĐ-UBND",
            date=datetime.date(2019, 12, 20),
            issuer="UBND tỉnh",
            user=user,
        ),
        lambda: (
            Recognition.objects.filter(commune=world.c1, year=2019).exists()
            and Assessment.objects.get(pk=a.pk).state == S.RECOGNISED
        ),
    )


def _revoke(world: World) -> Case:
    r = recognition_make(world.c1, 2018, number="9/QĐ-UBND")
    return Case(
        Action.REVOKE,
        r,
        lambda user: recognition_services.recognition_revoke(
            recognition=r, user=user, on=datetime.date(2019, 6, 1), reason="Không duy trì tiêu chí"
        ),
        lambda: Recognition.objects.get(pk=r.pk).revoked_on is not None,
    )


def _target(unit_attr: str) -> Callable[[World], Case]:
    def make(world: World) -> Case:
        unit = getattr(world, unit_attr)
        return Case(
            Action.PLAN_EDIT,
            unit,
            lambda user: plan_services.target_set(
                unit=unit, year=2020, row_id="1", value="2.5", user=user
            ),
            lambda: Target.objects.filter(unit=unit, year=2020, row_id="1").exists(),
        )

    return make


def _target_commune(world: World) -> Case:
    return Case(
        Action.PLAN_EDIT,
        world.province,
        lambda user: plan_services.target_commune_add(
            unit=world.province, year=2020, commune=world.c1, user=user
        ),
        lambda: TargetCommune.objects.filter(commune=world.c1).exists(),
    )


def _view(world: World) -> Case:
    a = world.assessment(state=S.SUBMITTED)

    def do(user: Any) -> None:
        if not can(user, Action.VIEW, a):
            raise ApplicationError("không được xem")

    return Case(Action.VIEW, a, do, lambda: True)


def _import(state: str) -> Callable[[World], Case]:
    """Offices import figures collected offline; the commune only while it holds the file."""

    def make(world: World) -> Case:
        a = world.assessment(state=state)
        return Case(Action.IMPORT, a, lambda user: ensure_can(user, Action.IMPORT, a), lambda: True)

    return make


def _campaign_open(world: World) -> Case:
    return Case(
        Action.CAMPAIGN_OPEN,
        world.province,
        lambda user: campaign_services.campaign_open(province=world.province, year=2020, user=user),
        lambda: Campaign.objects.filter(province=world.province, year=2020).exists(),
    )


def _district_results(world: World) -> Case:
    criteria_set_load(path=CRITERIA_DIR / "huyen-ntm-2016-2020.yaml")
    return Case(
        Action.DISTRICT_EDIT,
        world.d1,
        lambda user: district_results_save(
            user=user,
            district=world.d1,
            year=2019,
            satisfaction=Decimal(95),
            towns_civilised=None,
            criteria={1: True},
        ),
        lambda: DistrictRecord.objects.filter(unit=world.d1, year=2019).exists(),
    )


def _ocop_product(world: World, *, prechecked: bool = True) -> Product:
    return Product.objects.create(
        code=f"OCOP-{Product.objects.count() + 1}",
        name="Mật ong bạc hà",
        group="thuc_pham",
        commune=world.c1,
        dossier=Product.Dossier.PRECHECKED if prechecked else Product.Dossier.REGISTERED,
    )


def _ocop_register(world: World) -> Case:
    return Case(
        Action.OCOP_REGISTER,
        world.c1,
        lambda user: ocop_services.product_register(
            user=user, code="SP-1", name="Miến dong", group="thuc_pham", commune=world.c1
        ),
        lambda: Product.objects.filter(code="SP-1").exists(),
    )


def _ocop_precheck(world: World) -> Case:
    p = _ocop_product(world, prechecked=False)
    return Case(
        Action.OCOP_REGISTER,
        p,
        lambda user: ocop_services.product_precheck(user=user, product=p),
        lambda: Product.objects.get(pk=p.pk).dossier == Product.Dossier.PRECHECKED,
    )


def _ocop_rate(year: int, scores: tuple[int, int, int]) -> Callable[[World], Case]:
    def make(world: World) -> Case:
        p = _ocop_product(world)
        a, b, c = (Decimal(x) for x in scores)
        scored = ocop_services.rating_score(
            year=year, score_a=a, score_b=b, score_c=c, rated_on=None
        )
        pending = Rating(product=p, year=year, level=scored.level, stars=scored.result.stars)
        return Case(
            Action.OCOP_RATE,
            pending,
            lambda user: ocop_services.rating_record(
                user=user, product=p, year=year, score_a=a, score_b=b, score_c=c
            ),
            lambda: Rating.objects.filter(product=p, year=year).exists(),
        )

    return make


def _ocop_revoke(world: World) -> Case:
    p = _ocop_product(world)
    rating = ocop_services.rating_record(
        user=world.user("central"),
        product=p,
        year=2022,
        score_a=Decimal(20),
        score_b=Decimal(10),
        score_c=Decimal(20),
        certificate_no="5/QĐ-UBND",
        certificate_date=datetime.date(2022, 12, 1),
    )
    cert = rating.certificate
    return Case(
        Action.OCOP_RATE,
        cert,
        lambda user: ocop_services.certificate_revoke(
            user=user, certificate=cert, on=datetime.date(2024, 1, 5), reason="Không đánh giá lại"
        ),
        lambda: Certificate.objects.get(pk=cert.pk).revoked_on is not None,
    )


def _publish(world: World) -> Case:
    for commune in (world.c1, world.c2, world.c3):
        world.assessment(commune=commune, state=S.APPRAISED)
    return Case(
        Action.PUBLISH,
        world.province,
        lambda user: publication_publish(user=user, province=world.province, year=2019),
        lambda: Publication.objects.filter(province=world.province, year=2019).exists(),
    )


MAKERS: dict[str, Callable[[World], Case]] = {
    "edit values": _edit_values,
    "add evidence": _add_evidence,
    "change remarks": _remarks,
    "submit": lambda world: _state_case(
        world, S.DRAFT, Action.SUBMIT, S.SUBMITTED, workflow.assessment_submit
    ),
    "resubmit after return": lambda world: _state_case(
        world, S.RETURNED, Action.SUBMIT, S.SUBMITTED, workflow.assessment_submit
    ),
    "review": lambda world: _state_case(
        world, S.SUBMITTED, Action.REVIEW, S.REVIEWED, workflow.assessment_review
    ),
    "return submitted": lambda world: _state_case(
        world,
        S.SUBMITTED,
        Action.RETURN,
        S.RETURNED,
        workflow.assessment_return,
        reason="Thiếu số liệu",
    ),
    "appraise": lambda world: _state_case(
        world, S.REVIEWED, Action.APPRAISE, S.APPRAISED, workflow.assessment_appraise
    ),
    "return reviewed": lambda world: _state_case(
        world,
        S.REVIEWED,
        Action.RETURN,
        S.RETURNED,
        workflow.assessment_return,
        reason="Sai tiêu chí 2",
    ),
    "return appraised": lambda world: _state_case(
        world,
        S.APPRAISED,
        Action.RETURN,
        S.RETURNED,
        workflow.assessment_return,
        reason="Hội đồng chưa đồng ý",
    ),
    "reopen appraised": lambda world: _state_case(
        world,
        S.APPRAISED,
        Action.REOPEN,
        S.RETURNED,
        workflow.assessment_reopen,
        reason="Sửa số liệu",
    ),
    "reopen recognised": lambda world: _state_case(
        world,
        S.RECOGNISED,
        Action.REOPEN,
        S.RETURNED,
        workflow.assessment_reopen,
        reason="Phúc tra",
    ),
    "recognise": _recognise,
    "revoke recognition": _revoke,
    "set target of province": _target("province"),
    "set target of district": _target("d1"),
    "name target commune": _target_commune,
    "view": _view,
    "import into a draft": _import(S.DRAFT),
    "import into a submitted file": _import(S.SUBMITTED),
    "open the year": _campaign_open,
    "record district results": _district_results,
    "register an OCOP product": _ocop_register,
    "pre-check an OCOP dossier": _ocop_precheck,
    "rate a 3-star OCOP product in 2024": _ocop_rate(2024, (20, 10, 20)),
    "rate a 4-star OCOP product in 2024": _ocop_rate(2024, (30, 15, 25)),
    "rate a 3-star OCOP product after the reform": _ocop_rate(2025, (20, 10, 20)),
    "revoke a district's OCOP certificate": _ocop_revoke,
    "publish a final year": _publish,
}


def test_the_matrix_names_a_case_for_every_expectation_and_every_action():
    assert set(EXPECTED) == set(MAKERS)
    assert {str(a) for a in Action} == {
        "view",
        "edit",
        "submit",
        "review",
        "appraise",
        "return",
        "reopen",
        "recognise",
        "revoke",
        "plan_edit",
        "import",
        "campaign_open",
        "district_edit",
        "ocop_register",
        "ocop_rate",
        "activity_edit",
        "publish",
    }


CASES = [
    pytest.param(
        name, role, in_scope, id=f"{name.replace(' ', '_')}-{role}-{'in' if in_scope else 'out'}"
    )
    for name in EXPECTED
    for role in ROLES
    for in_scope in (True, False)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "in_scope"), CASES)
@pytest.mark.usefixtures("private_files")
def test_role_action_scope(name: str, role: str, in_scope: bool, world: World):
    case = MAKERS[name](world)
    user = world.user(role, in_scope=in_scope)
    allowed = role in EXPECTED[name] and (in_scope or role == "central")
    transitions_before = Transition.objects.count()

    assert can(user, case.action, case.obj) is allowed

    if allowed:
        case.do(user)
        assert case.done()
    else:
        with pytest.raises(ApplicationError) as refused:
            case.do(user)
        assert refused.value.message
        if name not in ("edit values", "view") and not name.startswith("import"):
            assert not case.done()
        assert Transition.objects.count() == transitions_before
