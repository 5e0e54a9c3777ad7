"""The API's reads: a user's tokens (their first characters and dates, never more), and what
each endpoint lists, narrowed to the user's units (``accounts.scope``) as the pages' lists are."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from knox.models import AuthToken

from ntm.accounts.scope import restrict, units_restrict
from ntm.assessments.models import Assessment, Evidence, IndicatorValue, Recognition
from ntm.criteria.models import CriteriaSet, Criterion
from ntm.ocop.models import Product, Rating
from ntm.ocop.selectors import products_in_scope
from ntm.plans.models import Target, TargetCommune
from ntm.resources.models import Fund, Support
from ntm.units.models import AdminUnit


def api_tokens_of(*, user: Any) -> QuerySet[AuthToken]:
    """The user's tokens still in force, newest first."""
    now = timezone.now()
    return AuthToken.objects.filter(user=user).exclude(expiry__lt=now).order_by("-created")


def api_token_of(*, user: Any, token_key: str) -> AuthToken | None:
    """One of the user's tokens, by its first characters (None: not theirs, or no such token)."""
    return AuthToken.objects.filter(user=user, token_key=token_key).first()


# --- what each endpoint lists: the user's rows, in a stable order (pages of a list) ------------


def units_for(*, user: Any) -> QuerySet[AdminUnit]:
    """Every version of the units within the user's units."""
    return units_restrict(user).select_related("region").order_by("path", "pk")


def criteria_sets_for(*, detail: bool = False) -> QuerySet[CriteriaSet]:
    """The criteria sets (the same for everyone); with ``detail``, their criteria and indicators."""
    qs = CriteriaSet.objects.order_by("period_start", "code")
    if detail:
        criteria = (
            Criterion.objects.select_related("group")
            .prefetch_related("indicators")
            .order_by("number")
        )
        qs = qs.prefetch_related(Prefetch("criteria", criteria))
    return qs


def assessments_for(*, user: Any) -> QuerySet[Assessment]:
    qs = Assessment.objects.select_related("commune", "criteria_set")
    return restrict(user, qs, unit_field="commune").order_by("year", "commune__path", "pk")


def assessment_values(*, assessment: Assessment) -> QuerySet[IndicatorValue]:
    """A file's indicator values, in the set's order."""
    return (
        IndicatorValue.objects.filter(assessment=assessment)
        .select_related("indicator")
        .order_by("indicator__order", "indicator__code")
    )


def recognitions_for(*, user: Any) -> QuerySet[Recognition]:
    qs = Recognition.objects.order_by("year", "commune__path", "pk")
    return restrict(user, qs, unit_field="commune")


def targets_for(*, user: Any) -> QuerySet[Target]:
    return restrict(
        user, Target.objects.order_by("year", "unit__path", "row_id", "pk"), unit_field="unit"
    )


def target_communes_for(*, user: Any) -> QuerySet[TargetCommune]:
    qs = TargetCommune.objects.order_by("year", "unit__path", "commune__path", "pk")
    return restrict(user, qs, unit_field="unit")


def products_for(*, user: Any) -> QuerySet[Product]:
    """OCOP products within the user's units (``ocop.selectors.products_in_scope``), rated."""
    ratings = Rating.objects.select_related("certificate").order_by("year", "pk")
    return (
        products_in_scope(user)
        .select_related("producer")
        .prefetch_related(Prefetch("ratings", ratings))
        .order_by("commune__path", "code")
    )


def funds_for(*, user: Any) -> QuerySet[Fund]:
    qs = Fund.objects.order_by("year", "unit__path", "source", "pk")
    return restrict(user, qs, unit_field="unit")


def supports_for(*, user: Any) -> QuerySet[Support]:
    qs = Support.objects.order_by("year", "commune__path", "sponsor", "pk")
    return restrict(user, qs, unit_field="commune")


def evidence_for(*, user: Any) -> QuerySet[Evidence]:
    qs = Evidence.objects.select_related("assessment", "criterion").order_by(
        "assessment_id", "criterion__number", "uploaded_at", "pk"
    )
    return restrict(user, qs, unit_field="assessment__commune")
