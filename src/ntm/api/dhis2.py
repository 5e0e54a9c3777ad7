"""DHIS2 exchange over the API (docs/dhis2.md): ``/api/v1/dhis2/dataValueSets``.

GET answers a unit's year as DHIS2 ``dataValueSets`` JSON, or ADX XML (``Accept:
application/adx+xml`` or ``?format=adx``), with codes as identifiers; POST imports
such a payload through ``interchange.services.dhis2_import`` (the checks, plan,
write and audit of ``ntm import``, all or nothing) and answers DHIS2's import
summary. Reads are narrowed to the user's units; a write needs a role that writes
values (``Action.EDIT``), and each row is checked against the user's units by the
import's planner.
"""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import parsers, renderers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ntm.accounts.scope import unit_or_404
from ntm.accounts.services import Action, ensure_can
from ntm.api.errors import FieldError, error
from ntm.api.throttles import RefusalsCounted
from ntm.core.errors import ApplicationError
from ntm.interchange import dhis2
from ntm.interchange.errors import ImportRefused, RowError
from ntm.interchange.records import Source
from ntm.interchange.selectors import export_province
from ntm.interchange.services import dhis2_content_type, dhis2_export, dhis2_import
from ntm.units.models import AdminUnit

ADX_TYPE = "application/adx+xml"


class ADXRenderer(renderers.BaseRenderer):
    """ADX XML (bytes prepared by the service); anything else, an error, as JSON."""

    media_type = ADX_TYPE
    format = "adx"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


class RawJSONParser(parsers.BaseParser):
    """The body as it came (the import reads and checks it itself)."""

    media_type = "application/json"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> bytes:
        return bytes(stream.read()) if stream is not None else b""


class RawADXParser(RawJSONParser):
    media_type = ADX_TYPE


class RawXMLParser(RawJSONParser):
    media_type = "application/xml"


def _int(request: Request, name: str, low: int, high: int, message: str) -> int:
    text = request.query_params.get(name, "")
    if not (text.isascii() and text.isdigit()) or not low <= int(text[:10]) <= high:
        raise FieldError(message, name)
    return int(text)


def _yes(text: str) -> bool:
    return text.lower() in ("1", "true", "yes")


class DataValueSetsView(RefusalsCounted, APIView):
    """A unit's statuses and indicator values as DHIS2 data values, and their import."""

    renderer_classes = [renderers.JSONRenderer, ADXRenderer]
    parser_classes = [RawJSONParser, RawADXParser, RawXMLParser]

    @extend_schema(
        operation_id="dhis2_data_value_sets_read",
        parameters=[
            OpenApiParameter("unit", int, required=True, description="The unit's id."),
            OpenApiParameter("year", int, required=True, description="The year (period)."),
            OpenApiParameter(
                "format", str, enum=["json", "adx"], description="json (default) or adx."
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> HttpResponse:
        """The unit's year as a DHIS2 dataValueSets payload (idScheme=CODE)."""
        unit_id = _int(request, "unit", 1, 999_999_999, _("Cần chọn đơn vị."))
        year = _int(request, "year", 1990, 2100, _("Cần chọn năm."))
        unit = unit_or_404(request.user, unit_id)
        province = export_province(unit)
        if province is None or unit.level > AdminUnit.Level.COMMUNE:
            raise FieldError(_("Chỉ xuất được số liệu của tỉnh, huyện hoặc xã."), "unit")
        file_format = dhis2.ADX if request.accepted_renderer.format == "adx" else dhis2.JSON
        exported = dhis2_export(
            province_code=province.code, year=year, file_format=file_format, within=unit
        )
        return HttpResponse(exported.data, content_type=dhis2_content_type(file_format))

    @extend_schema(
        operation_id="dhis2_data_value_sets_import",
        parameters=[
            OpenApiParameter(
                "dryRun", bool, description="Check and count, write nothing (DHIS2's dryRun)."
            )
        ],
        request={
            "application/json": OpenApiTypes.OBJECT,
            ADX_TYPE: OpenApiTypes.STR,
        },
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="DHIS2's ImportSummary."),
            409: OpenApiResponse(OpenApiTypes.OBJECT, description="Refused: its conflicts."),
        },
    )
    def post(self, request: Request) -> Response:
        """Import a dataValueSets JSON or ADX XML payload, all or nothing."""
        try:
            ensure_can(request.user, Action.EDIT)
        except ApplicationError as exc:
            raise PermissionDenied(exc.message) from exc
        data = request.data if isinstance(request.data, bytes) else b""
        dry_run = _yes(request.query_params.get("dryRun", ""))
        name = "dataValueSets.xml" if data.lstrip().startswith(b"<") else "dataValueSets.json"
        try:
            summary = dhis2_import(source=Source(name, data), user=request.user, dry_run=dry_run)
        except ImportRefused as exc:
            conflicts = [(_where(e) or "", e.message) for e in exc.errors]
            answer = dhis2.import_summary(
                imported=0,
                updated=0,
                ignored=0,
                dry_run=dry_run,
                conflicts=conflicts,
                description=exc.message,
            )
            answer["errors"] = [error(e.message, _where(e)) for e in exc.errors]
            return Response(answer, status=409)
        kinds = summary.kinds.values()
        return Response(
            dhis2.import_summary(
                imported=sum(k.created for k in kinds),
                updated=sum(k.updated for k in kinds),
                ignored=sum(k.unchanged + k.skipped for k in kinds),
                dry_run=dry_run,
                description=" ".join(summary.lines()[-1:]),
            )
        )


def _where(e: RowError) -> str | None:
    """``POSITION:FIELD`` of a refused data value (the payload has no file name of its own)."""
    return ":".join(str(p) for p in (e.row, e.column) if p is not None) or None
