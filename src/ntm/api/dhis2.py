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
from ntm.api.errors import FieldError, PayloadTooLarge, error
from ntm.api.throttles import RefusalsCounted
from ntm.core.errors import ApplicationError
from ntm.interchange import dhis2
from ntm.interchange.errors import ImportRefused, RowError
from ntm.interchange.limits import Limits
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
        response = (renderer_context or {}).get("response")
        if response is not None:  # an error: JSON in the API's one format, labelled so
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data)


class RawJSONParser(parsers.BaseParser):
    """The body as it came (the import reads and checks it itself), read no further than
    an imported file may be long (``NTM_IMPORT_MAX_BYTES``): beyond it, 413."""

    media_type = "application/json"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> bytes:
        if stream is None:
            return b""
        limit = Limits.from_settings().max_bytes
        data = bytes(stream.read(limit + 1))
        if len(data) > limit:
            raise PayloadTooLarge(
                _("Dữ liệu gửi lên quá giới hạn %(mb)s MB (NTM_IMPORT_MAX_BYTES).")
                % {"mb": limit // (1024 * 1024)}
            )
        return data


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
            OpenApiParameter(
                "dataSet",
                str,
                description="The DHIS2 data set's code, written in the payload (DHIS2's ADX "
                "import needs it).",
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
        data_set = request.query_params.get("dataSet", "").strip()
        if len(data_set) > 50 or not data_set.isprintable():
            raise FieldError(_("Mã tập dữ liệu (dataSet) không hợp lệ."), "dataSet")
        exported = dhis2_export(
            province_code=province.code,
            year=year,
            file_format=file_format,
            within=unit,
            data_set=data_set or None,
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
