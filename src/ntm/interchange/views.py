"""The import page: upload interchange files or the people's workbook, see either every
refused row (file, row, column, why) or a summary of what will change, then confirm.

Uploaded files wait for the confirmation in a private folder (``uploads``). The
check and the confirmation take the same path: the stored files go to
``interchange.services.sources_import``, which is all or nothing and checks the
user's units row by row; the check is the import itself, rolled back, so the
preview is exactly what confirming writes.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ntm.core.errors import ApplicationError
from ntm.core.views import request_year
from ntm.interchange.errors import ImportRefused
from ntm.interchange.formats import ALL_KINDS, KIND_LABELS, TARGETS
from ntm.interchange.forms import ImportForm
from ntm.interchange.selectors import (
    export_province,
    export_set_choices,
    exports_targets,
    user_export_unit,
    user_years,
    workbook_years,
)
from ntm.interchange.services import (
    ImportSummary,
    import_allowed,
    province_export,
    sources_import,
    workbook_build,
)
from ntm.interchange.uploads import upload_discard, upload_load, upload_store

SHOWN_CHANGES = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(label: str | None = None) -> list[dict[str, str]]:
    crumbs = [
        {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
        {"label": _("Nhập tệp"), "url": reverse("interchange:import") if label else ""},
    ]
    if label:
        crumbs.append({"label": label, "url": ""})
    return crumbs


def _ensure_may_import(request: HttpRequest) -> None:
    """403 for a user who may not import at all, before the request's files are parsed."""
    try:
        import_allowed(user=request.user)
    except ApplicationError as exc:
        raise PermissionDenied(exc.message) from exc


def _stored_import(
    request: HttpRequest, token: str, *, dry_run: bool, label: str
) -> tuple[dict[str, Any], ImportSummary | None]:
    """Import (or, with ``dry_run``, check) the stored files of ``token``: the preview page's
    context, and the summary unless refused.

    Refused, the page lists every refused row (or the one reason); accepted, it
    lists what changes.
    """
    sources, reason = upload_load(token=token, user=request.user)
    context: dict[str, Any] = {
        "breadcrumbs": _crumbs(label),
        "names": [s.name for s in sources],
        "token": token,
    }
    try:
        summary = sources_import(sources=sources, user=request.user, dry_run=dry_run, reason=reason)
    except ImportRefused as exc:
        context.update({"errors": exc.errors, "more": exc.more, "message": exc.message})
        return context, None
    except ApplicationError as exc:
        context.update({"errors": [], "message": exc.message})
        return context, None
    context.update(
        {
            "summary": summary,
            "changes": summary.changes[:SHOWN_CHANGES],
            "more_changes": max(0, len(summary.changes) - SHOWN_CHANGES),
        }
    )
    return context, summary


class ImportView(View):
    """Upload files; answer with the check: the refused rows or what will change."""

    template_name = "interchange/import.html"

    def _context(self, request: HttpRequest, form: ImportForm) -> dict[str, Any]:
        years = user_years(user=request.user)
        unit = user_export_unit(user=request.user)
        province = export_province(unit)
        kinds = [k for k in ALL_KINDS if k != TARGETS or exports_targets(unit)]
        return {
            "form": form,
            "export_unit": unit,
            "years": years,
            "workbook_years": workbook_years(province=province),
            "kinds": [(k, KIND_LABELS[k]) for k in kinds],
            "set_kinds": export_set_choices(),
            "breadcrumbs": _crumbs(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        _ensure_may_import(request)
        return render(request, self.template_name, self._context(request, ImportForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        _ensure_may_import(request)  # request.POST and request.FILES are not read yet
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self._context(request, form))
        token = upload_store(
            files=form.cleaned_data["files"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
        context, summary = _stored_import(request, token, dry_run=True, label=_("Kiểm tra tệp"))
        if summary is None:
            upload_discard(token)  # refused: the officer corrects the files and uploads again
        return render(request, "interchange/preview.html", context)


class ImportConfirmView(View):
    """Import the files checked before (checked again: the data may have changed since)."""

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        _ensure_may_import(request)
        context, summary = _stored_import(request, token, dry_run=False, label=_("Kết quả nhập"))
        if summary is not None:
            upload_discard(token)
            messages.success(
                request,
                _("Đã nhập %(f)s tệp: %(n)s thay đổi; %(e)s hồ sơ đã được tính lại.")
                % {
                    "f": len(context["names"]),
                    "n": summary.changed,
                    "e": summary.assessments_evaluated,
                },
            )
            context["done"] = True
        return render(request, "interchange/preview.html", context)


class ImportCancelView(View):
    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        upload_load(token=token, user=request.user)
        upload_discard(token)
        messages.info(request, _("Đã huỷ, không nhập gì."))
        return redirect("interchange:import")


class WorkbookDownloadView(View):
    """The people's Excel workbook of the user's unit (province, district or commune) for a
    year, pre-filled with what is known."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = user_export_unit(user=request.user)
        province = export_province(unit)
        if unit is None or province is None:
            raise Http404("no unit")
        year = request_year(request)
        if year is None:
            raise Http404("year")
        try:
            data = workbook_build(province=province, year=year, within=unit)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("interchange:import")
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="ntm-bieu-mau-{unit.code}-{year}.xlsx"'
        )
        return response


class ExportView(View):
    """One interchange table (statuses, values, targets or OCOP ratings) of the user's unit for a
    year."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = user_export_unit(user=request.user)
        province = export_province(unit)
        kind, fmt = request.GET.get("kind", ""), request.GET.get("format", "csv")
        set_kind = request.GET.get("set_kind", "standard")
        if unit is None or province is None or fmt not in ("csv", "xlsx") or kind not in ALL_KINDS:
            raise Http404("export")
        if set_kind not in dict(export_set_choices()):
            raise Http404("export")
        years = user_years(user=request.user)
        year = request_year(request) or (max(years) if years else 0)
        try:
            files = province_export(
                province_code=province.code,
                years=[year],
                kinds=[kind],
                file_format=fmt,
                within=unit,
                set_kinds=[set_kind],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("interchange:import")
        exported = files[0]
        content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
        response = HttpResponse(exported.data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response
