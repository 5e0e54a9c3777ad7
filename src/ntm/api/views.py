"""The API's endpoints under /api/v1/ (docs/api.md): thin, like the pages.

Every list is narrowed to the user's units (``accounts.scope``); an object
outside them answers 404, as the pages do. The figures and the appendix are
the dashboard's and the report's selectors' (``analytics.selectors.unit_figures``,
``reports.selectors.appendix_table``): the same numbers, never computed again.
Writes go through the pages' services (the entry page's ``assessment_entry_save``,
the workflow's ``assessment_transition``, the plans page's ``targets_save`` …), with
the version of what they change in If-Match (428 without, 412 when stale).
"""

import dataclasses
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, parsers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from ntm.accounts.scope import scoped_object_or_404, unit_or_404
from ntm.accounts.services import Action, ensure_can
from ntm.analytics.selectors import unit_figures
from ntm.api import filtersets, selectors, serializers
from ntm.api.errors import (
    ChecksRefused,
    Conflict,
    FieldError,
    PreconditionFailed,
    PreconditionRequired,
)
from ntm.api.throttles import RefusalsCounted
from ntm.assessments import selectors as assessment_selectors
from ntm.assessments.models import Assessment, Evidence, Recognition
from ntm.assessments.services.entry import assessment_entry_save
from ntm.assessments.services.evidence import evidence_add, evidence_remove
from ntm.assessments.services.recognition import (
    recognition_record,
    recognition_revoke,
    recognition_state,
)
from ntm.assessments.services.workflow import assessment_transition
from ntm.core.concurrency import StaleEdit, version_state, version_token
from ntm.core.errors import ApplicationError
from ntm.core.files import protected_file_response
from ntm.criteria.models import CriteriaSet
from ntm.plans.models import Target, TargetCommune
from ntm.plans.selectors import PLANNING_LEVELS, plan_state, target_commune_state, targets_for
from ntm.plans.services import target_commune_add, target_commune_remove, targets_save
from ntm.reports.selectors import appendix_table
from ntm.resources.models import Fund, Support
from ntm.resources.services import (
    fund_delete,
    fund_save,
    fund_state,
    support_delete,
    support_save,
    support_state,
)
from ntm.units.models import AdminUnit
from ntm.units.selectors import predecessors, successors


def plain(value: Any) -> Any:
    """A selector's prepared data as JSON-ready values: dataclasses as objects, the exact
    figures (``Fraction``) as "numerator/denominator" text beside their shown, rounded value."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Fraction):
        return str(value)
    return value


class ReadViewSet(RefusalsCounted, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Ids are numbers that fit a database's integer: anything else is no such object (404).

    A request refused for want of a token counts towards the anonymous rate (``throttles``)."""

    lookup_value_regex = "[0-9]{1,9}"


YEAR = OpenApiParameter("year", int, required=True, description="The year of the figures.")
PLAN_IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the plan as last read (GET /units/{id}/plan/?year=).",
)


def _year(request: Request) -> int:
    year = request.query_params.get("year", "")
    if not (year.isascii() and year.isdigit()) or not 1900 <= int(year) <= 2200:
        raise FieldError(_("Cần chọn năm."), "year")
    return int(year)


class UnitViewSet(ReadViewSet):
    """Administrative units within the user's units, every version (valid_from/valid_to)."""

    filterset_class = filtersets.UnitFilterSet

    def get_queryset(self) -> QuerySet[AdminUnit]:
        return selectors.units_for(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return serializers.UnitDetailSerializer
        return serializers.UnitSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        unit.lineage_before = predecessors(unit=unit)  # type: ignore[attr-defined]
        unit.lineage_after = successors(unit=unit)  # type: ignore[attr-defined]
        return Response(serializers.UnitDetailSerializer(unit).data)

    def _figures_unit(self, request: Request) -> tuple[AdminUnit, int]:
        unit = unit_or_404(request.user, int(self.kwargs["pk"]))
        if unit.level >= AdminUnit.Level.COMMUNE:
            # as the dashboard and the report: a commune's figures are its file's
            raise Http404("no figures for a commune")
        return unit, _year(request)

    @extend_schema(parameters=[YEAR], responses=serializers.PlanSerializer, methods=["GET"])
    @extend_schema(
        parameters=[YEAR, PLAN_IF_MATCH],
        request=serializers.PlanInputSerializer,
        responses=serializers.PlanSerializer,
        methods=["PATCH"],
    )
    @action(detail=True, methods=["get", "patch"], filterset_class=None, pagination_class=None)
    def plan(self, request: Request, pk: str) -> Response:
        """The unit's plan of a year (its targets by appendix row); PATCH sets targets, all or
        nothing, as the plans page saves them (``targets_save``)."""
        unit = unit_or_404(request.user, int(pk))
        if unit.level not in PLANNING_LEVELS:
            raise Http404("plans are a province's or a district's")
        year = _year(request)
        if request.method == "PATCH":
            ensure_may(request.user, Action.PLAN_EDIT, unit)
            version = if_match(request)
            data = serializers.PlanInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            targets = data.validated_data["targets"]
            try:
                targets_save(
                    unit=unit,
                    year=year,
                    values=[(t["row_id"], t["value"]) for t in targets],
                    user=request.user,
                    reason=data.validated_data["reason"],
                    version=version,
                )
            except ApplicationError as exc:
                row = exc.extra.get("row")
                index = next((i for i, t in enumerate(targets) if t["row_id"] == row), None)
                if index is None or type(exc) is not ApplicationError:
                    raise
                raise FieldError(exc.message, f"targets[{index}]") from exc
        version = version_token(plan_state(unit=unit, year=year))
        targets_now = targets_for(unit=unit, year=year)
        response = Response(
            {
                "unit": unit.pk,
                "year": year,
                "targets": [{"row_id": r, "value": v} for r, v in targets_now.items()],
                "version": version,
            }
        )
        response["ETag"] = f'"{version}"'
        return response

    @extend_schema(parameters=[YEAR], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def figures(self, request: Request, pk: str) -> Response:
        """Every figure of the unit's year: the dashboard's and the report's (unit_figures)."""
        unit, year = self._figures_unit(request)
        try:
            figures = unit_figures(unit=unit, year=year, user=request.user)
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
        data = plain(figures)
        data["provisional"] = figures.provisional
        return Response(data)

    @extend_schema(parameters=[YEAR], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def appendix(self, request: Request, pk: str) -> Response:
        """The report's appendix table of the unit's year (``ntm report appendix``'s)."""
        unit, year = self._figures_unit(request)
        try:
            table = appendix_table(unit=unit, year=year, user=request.user)
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
        return Response(plain(table))


class CriteriaSetViewSet(ReadViewSet):
    """Criteria sets (bộ tiêu chí): the same for every user, as data with a period."""

    filterset_class = filtersets.CriteriaSetFilterSet

    def get_queryset(self) -> QuerySet[CriteriaSet]:
        return selectors.criteria_sets_for(detail=self.action == "retrieve")

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return serializers.CriteriaSetDetailSerializer
        return serializers.CriteriaSetSerializer


def _version(assessment: Assessment) -> str:
    return version_token(assessment_selectors.entry_state(assessment=assessment))


def if_match(request: Request) -> str:
    """The version the client read (its ETag), sent back in If-Match: 428 without, 412 forged."""
    match = request.headers.get("If-Match", "").strip()
    if not match:
        raise PreconditionRequired(_("Cần gửi phiên bản của hồ sơ (ETag) trong tiêu đề If-Match."))
    version = match.removeprefix("W/").strip('"')
    if version_state(version) is None:
        raise PreconditionFailed(_("Phiên bản (If-Match) không hợp lệ; hãy đọc lại hồ sơ."))
    return version


def ensure_may(user: Any, action: str, obj: Any) -> None:
    """The pages' permission check (role, scope, state): 403 when refused."""
    try:
        ensure_can(user, action, obj)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the file as last read (GET /assessments/{id}/).",
)


class AssessmentViewSet(ReadViewSet):
    """Assessment files (hồ sơ đánh giá xã) with their statuses and indicator values."""

    filterset_class = filtersets.AssessmentFilterSet

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessments_for(user=self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return serializers.AssessmentSerializer
        return serializers.AssessmentDetailSerializer

    def _detail(self, assessment: Assessment) -> Response:
        assessment.shown_statuses = assessment_selectors.assessment_status_rows(  # type: ignore[attr-defined]
            assessment=assessment
        )
        assessment.shown_values = selectors.assessment_values(  # type: ignore[attr-defined]
            assessment=assessment
        )
        version = _version(assessment)
        assessment.shown_version = version  # type: ignore[attr-defined]
        response = Response(serializers.AssessmentDetailSerializer(assessment).data)
        response["ETag"] = f'"{version}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    def _scoped(self, pk: str) -> Assessment:
        return scoped_object_or_404(
            self.request.user, Assessment.objects.all(), unit_field="commune", pk=int(pk)
        )

    @extend_schema(
        methods=["GET"],
        responses=serializers.EvidenceSerializer(many=True),
        description="The file's evidence (minh chứng), by criterion.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": serializers.EvidenceInputSerializer},
        responses={201: serializers.EvidenceSerializer},
        description="Attach a PDF or an image, as the commune page does (the file in draft "
        "or returned, by the role that enters its values).",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filterset_class=None,
        pagination_class=None,
        parser_classes=[parsers.MultiPartParser],
    )
    def evidence(self, request: Request, pk: str) -> Response:
        assessment = self._scoped(pk)
        if request.method == "GET":
            rows = assessment_selectors.assessment_evidence(assessment=assessment)
            return Response(serializers.EvidenceSerializer(rows, many=True).data)
        ensure_may(request.user, Action.EDIT, assessment)
        data = serializers.EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        try:
            added = evidence_add(
                assessment=assessment,
                criterion_number=given.get("criterion"),
                file=given["file"],
                title=given["title"],
                user=request.user,
            )
        except ApplicationError as exc:
            if type(exc) is not ApplicationError:
                raise
            raise FieldError(exc.message, "file") from exc
        return Response(serializers.EvidenceSerializer(added).data, status=201)

    @extend_schema(
        request=serializers.ValuesInputSerializer,
        responses=serializers.AssessmentDetailSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["patch"], filterset_class=None, pagination_class=None)
    def values(self, request: Request, pk: str) -> Response:
        """Write indicator values, all or nothing, as the entry page saves them."""
        assessment = self._scoped(pk)
        ensure_may(request.user, Action.EDIT, assessment)
        version = if_match(request)
        data = serializers.ValuesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data["values"]
        inputs = [
            (
                v["indicator"],
                {k: v.get(k) for k in ("value", "numerator", "denominator", "secondary")},
            )
            for v in values
        ]
        try:
            assessment_entry_save(
                assessment=assessment,
                user=request.user,
                values=inputs,
                version=version,
            )
        except ApplicationError as exc:
            code = exc.extra.get("indicator")
            index = next((i for i, v in enumerate(values) if v["indicator"] == code), None)
            if index is None or type(exc) is not ApplicationError:
                raise
            raise FieldError(exc.message, f"values[{index}]") from exc
        assessment.refresh_from_db()
        return self._detail(assessment)

    @extend_schema(
        request=serializers.TransitionInputSerializer,
        responses=serializers.AssessmentDetailSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def transitions(self, request: Request, pk: str) -> Response:
        """Take one step of the file's workflow (submit, review, appraise, return, reopen,
        recognise with its decision), as the file's page does (``assessment_transition``)."""
        assessment = self._scoped(pk)
        data = serializers.TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        step = data.validated_data
        ensure_may(request.user, step["action"], assessment)
        version = if_match(request)
        try:
            if step["action"] == Action.RECOGNISE:
                decision = step["decision"]
                recognition_record(
                    assessment=assessment,
                    number=decision["number"],
                    date=decision["date"],
                    issuer=decision["issuer"],
                    title=decision["title"],
                    user=request.user,
                    version=version,
                )
            else:
                assessment_transition(
                    assessment=assessment,
                    action=step["action"],
                    user=request.user,
                    reason=step["note"],
                    acknowledgements=step["acknowledgements"],
                    version=version,
                )
        except ApplicationError as exc:
            checks = exc.extra.get("checks") if type(exc) is ApplicationError else None
            if checks:
                raise ChecksRefused(exc.message, list(checks)) from exc
            raise
        assessment.refresh_from_db()
        return self._detail(assessment)

    @extend_schema(
        request=serializers.DeclarationsInputSerializer,
        responses=serializers.AssessmentDetailSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["patch"], filterset_class=None, pagination_class=None)
    def declarations(self, request: Request, pk: str) -> Response:
        """Declare criteria met or not (null withdraws) and write the remarks, all or nothing,
        as the entry page saves them (``assessment_entry_save``)."""
        assessment = self._scoped(pk)
        ensure_may(request.user, Action.EDIT, assessment)
        version = if_match(request)
        data = serializers.DeclarationsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declared = data.validated_data.get("declarations", [])
        try:
            assessment_entry_save(
                assessment=assessment,
                user=request.user,
                declarations=[(d["criterion"], d["met"]) for d in declared],
                remarks=data.validated_data.get("remarks"),
                version=version,
            )
        except ApplicationError as exc:
            number = exc.extra.get("criterion")
            index = next((i for i, d in enumerate(declared) if d["criterion"] == number), None)
            if index is None or type(exc) is not ApplicationError:
                raise
            raise FieldError(exc.message, f"declarations[{index}]") from exc
        assessment.refresh_from_db()
        return self._detail(assessment)


class RecognitionViewSet(ReadViewSet):
    """Recognition decisions (quyết định công nhận) of communes within the user's units."""

    serializer_class = serializers.RecognitionSerializer
    filterset_class = filtersets.RecognitionFilterSet

    def get_queryset(self) -> QuerySet[Recognition]:
        return selectors.recognitions_for(user=self.request.user)

    def _detail(self, recognition: Recognition, status: int = 200) -> Response:
        response = Response(serializers.RecognitionSerializer(recognition).data, status=status)
        version = version_token(recognition_state(recognition=recognition))
        response["ETag"] = f'"{version}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    @extend_schema(
        request=serializers.RevocationInputSerializer,
        responses=serializers.RecognitionSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag of the decision as last read (GET /recognitions/{id}/).",
            )
        ],
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def revocation(self, request: Request, pk: str) -> Response:
        """Revoke the decision from a date, with its reason (``recognition_revoke``)."""
        recognition = self.get_object()
        ensure_may(request.user, Action.REVOKE, recognition)
        version = if_match(request)
        data = serializers.RevocationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            recognition_revoke(
                recognition=recognition,
                user=request.user,
                on=data.validated_data["on"],
                reason=data.validated_data["reason"],
                version=version,
            )
        except ApplicationError as exc:
            if type(exc) is not ApplicationError:
                raise
            raise FieldError(exc.message, exc.extra.get("field")) from exc
        recognition.refresh_from_db()
        return self._detail(recognition)


class TargetViewSet(ReadViewSet):
    """Plans' targets (chỉ tiêu kế hoạch): a unit's rows of the appendix planned for a year."""

    serializer_class = serializers.TargetSerializer
    filterset_class = filtersets.TargetFilterSet

    def get_queryset(self) -> QuerySet[Target]:
        return selectors.targets_for(user=self.request.user)


class TargetCommuneViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ReadViewSet):
    """The communes a plan aims to bring to a title (xã phấn đấu) in a year.

    Added (POST) and removed (DELETE, with the row's ETag in If-Match) through the
    plans page's services (``target_commune_add``, ``target_commune_remove``). A
    new row cannot be stale, so POST takes no If-Match; a second one for the same
    commune, year and title is refused by the service.
    """

    serializer_class = serializers.TargetCommuneSerializer
    filterset_class = filtersets.TargetCommuneFilterSet

    def get_queryset(self) -> QuerySet[TargetCommune]:
        return selectors.target_communes_for(user=self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        response = Response(serializers.TargetCommuneSerializer(item).data)
        response["ETag"] = f'"{version_token(target_commune_state(target_commune=item))}"'
        return response

    @extend_schema(
        request=serializers.TargetCommuneInputSerializer,
        responses={201: serializers.TargetCommuneSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = serializers.TargetCommuneInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        unit = unit_or_404(request.user, given["unit"])
        ensure_may(request.user, Action.PLAN_EDIT, unit)
        commune = unit_or_404(request.user, given["commune"])
        try:
            item = target_commune_add(
                unit=unit,
                year=given["year"],
                commune=commune,
                user=request.user,
                title=given["title"],
                note=given["note"],
            )
        except ApplicationError as exc:
            if type(exc) is not ApplicationError:
                raise
            field = "unit" if unit.level not in PLANNING_LEVELS else "commune"
            raise FieldError(exc.message, field) from exc
        response = Response(serializers.TargetCommuneSerializer(item).data, status=201)
        response["ETag"] = f'"{version_token(target_commune_state(target_commune=item))}"'
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag of the row as last read (GET /target-communes/{id}/).",
            )
        ],
        responses={204: None},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        ensure_may(request.user, Action.PLAN_EDIT, item.unit)
        version = if_match(request)
        target_commune_remove(target_commune=item, user=request.user, version=version)
        return Response(status=204)


class EvidenceViewSet(mixins.DestroyModelMixin, ReadViewSet):
    """Evidence files (minh chứng) of the files within the user's units: read, delivered
    (``…/file/``, never from a public folder) and removed (the commune page's rule:
    the file in draft or returned, by the role that enters its values)."""

    serializer_class = serializers.EvidenceSerializer
    filterset_class = None

    def get_queryset(self) -> QuerySet[Evidence]:
        return selectors.evidence_for(user=self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def file(self, request: Request, pk: str) -> HttpResponse:
        return protected_file_response(self.get_object().file)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        ensure_may(request.user, Action.EDIT, item.assessment)
        evidence_remove(evidence=item, user=request.user)
        return Response(status=204)


class ProductViewSet(ReadViewSet):
    """OCOP products with their ratings and certificates."""

    serializer_class = serializers.ProductSerializer
    filterset_class = filtersets.ProductFilterSet

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.products_for(user=self.request.user)


ROW_IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the row as last read (GET …/{id}/).",
)


class _RowWrites:
    """Adding (POST), correcting (PATCH, If-Match) and deleting (DELETE, If-Match) a row of
    funds or support through the resources pages' services (``resources.services``): the
    same rules, audit and stale-edit check, by the roles that enter a unit's figures
    (``Action.IMPORT``). A new row is written against the empty version, as the page's
    "add" form is: if the row's key (year, unit, source, level; year, sponsor, commune)
    is taken meanwhile, the answer is 409 and nothing is written."""

    unit_field = ""  # the row's unit: "unit" (a fund) or "commune" (a support)
    key_fields: tuple[str, ...] = ()
    amounts: tuple[str, ...] = ()
    input_serializer: Any = None
    change_serializer: Any = None
    #: the resources services of the row's kind, and the answer when its key is taken
    row_state: Callable[[Any], dict[str, str]]
    row_save: Callable[..., Any]
    row_delete: Callable[..., None]  # not ``delete``: a view's HTTP method of that name
    delete_arg = ""  # the name the delete service gives the row ("fund", "support")
    taken: Any = ""

    def _answer(self, row: Any, status: int = 200) -> Response:
        response = Response(self.serializer_class(row).data, status=status)  # type: ignore[attr-defined]
        response["ETag"] = f'"{version_token(type(self).row_state(row))}"'
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())  # type: ignore[attr-defined]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        given[self.unit_field] = unit_or_404(request.user, given[self.unit_field])
        ensure_may(request.user, Action.IMPORT, given[self.unit_field])
        try:
            row = type(self).row_save(user=request.user, version=version_token({}), **given)
        except StaleEdit as exc:
            raise Conflict(str(self.taken)) from exc
        return self._answer(row, status=201)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()  # type: ignore[attr-defined]
        ensure_may(request.user, Action.IMPORT, getattr(row, self.unit_field))
        version = if_match(request)
        data = self.change_serializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        given = {name: getattr(row, name) for name in (*self.key_fields, *self.amounts)}
        given.update(data.validated_data)
        row = type(self).row_save(user=request.user, version=version, **given)
        return self._answer(row)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()  # type: ignore[attr-defined]
        ensure_may(request.user, Action.IMPORT, getattr(row, self.unit_field))
        version = if_match(request)
        reason = request.data.get("reason", "") if isinstance(request.data, Mapping) else ""
        type(self).row_delete(
            user=request.user, version=version, reason=str(reason)[:500], **{self.delete_arg: row}
        )
        return Response(status=204)


def _row_schema(out: Any, new: Any, change: Any) -> Any:
    """The OpenAPI description of a row kind's writes (``_RowWrites``)."""
    return extend_schema_view(
        create=extend_schema(request=new, responses={201: out}),
        partial_update=extend_schema(
            parameters=[ROW_IF_MATCH], request=change, responses={200: out}
        ),
        destroy=extend_schema(parameters=[ROW_IF_MATCH], responses={204: None}),
    )


@_row_schema(
    serializers.FundSerializer, serializers.FundInputSerializer, serializers.FundChangeSerializer
)
class FundViewSet(_RowWrites, ReadViewSet):
    """Funds by source (nguồn vốn) of the units within the user's units, million đồng."""

    serializer_class = serializers.FundSerializer
    filterset_class = filtersets.FundFilterSet
    unit_field = "unit"
    key_fields = ("year", "unit", "source", "level")
    amounts = ("allocated", "disbursed", "as_of")
    input_serializer = serializers.FundInputSerializer
    change_serializer = serializers.FundChangeSerializer

    def get_queryset(self) -> QuerySet[Fund]:
        return selectors.funds_for(user=self.request.user)

    row_state, row_save, row_delete, delete_arg = fund_state, fund_save, fund_delete, "fund"
    taken = gettext_lazy("Đơn vị đã có nguồn vốn này trong năm; hãy sửa dòng đó (PATCH).")


@_row_schema(
    serializers.SupportSerializer,
    serializers.SupportInputSerializer,
    serializers.SupportChangeSerializer,
)
class SupportViewSet(_RowWrites, ReadViewSet):
    """Support of the units helping communes (hỗ trợ xã), million đồng."""

    serializer_class = serializers.SupportSerializer
    filterset_class = filtersets.SupportFilterSet
    unit_field = "commune"
    key_fields = ("year", "sponsor", "commune")
    amounts = ("cash", "in_kind", "materials")
    input_serializer = serializers.SupportInputSerializer
    change_serializer = serializers.SupportChangeSerializer

    def get_queryset(self) -> QuerySet[Support]:
        return selectors.supports_for(user=self.request.user)

    row_state, row_save, row_delete = support_state, support_save, support_delete
    delete_arg = "support"
    taken = gettext_lazy(
        "Xã đã có hỗ trợ của đơn vị phụ trách này trong năm; hãy sửa dòng đó (PATCH)."
    )
