"""The import page: upload interchange files or the people's workbook, see either every
refused row (file, row, column, why) or a summary of what would change, then confirm.

Uploaded files wait in a private folder (``DATA_DIR/uploads/<token>``, never
served) until the same user confirms or a day has passed. The dry run and the
import are the same service (``interchange.services.sources_import``), which is
all or nothing and checks the user's units row by row.
"""

import json
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ntm.accounts.scope import restrict, user_unit
from ntm.assessments.models import Assessment
from ntm.core.errors import ApplicationError
from ntm.interchange.errors import ImportRefused
from ntm.interchange.formats import KIND_LABELS, KINDS
from ntm.interchange.forms import ImportForm
from ntm.interchange.readers import Source
from ntm.interchange.services import (
    ImportSummary,
    province_export,
    sources_import,
    workbook_build,
)
from ntm.units.models import AdminUnit

TOKEN_TTL_SECONDS = 24 * 3600
SHOWN_CHANGES = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _clean_old_uploads() -> None:
    root = uploads_dir()
    if not root.exists():
        return
    limit = time.time() - TOKEN_TTL_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def upload_store(*, files: list[Any], user: Any, reason: str) -> str:
    """Keep uploaded files until confirmation; returns the token that names them."""
    _clean_old_uploads()
    token = secrets.token_urlsafe(18)
    folder = uploads_dir() / token
    folder.mkdir(parents=True)
    names = []
    for index, upload in enumerate(files):
        name = Path(upload.name or f"tep-{index}").name
        stored = folder / f"{index:03d}-{name}"
        with stored.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        names.append((stored.name, name))
    meta = {"user": user.pk, "files": names, "reason": reason, "created": time.time()}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def upload_load(*, token: str, user: Any) -> tuple[list[Source], dict[str, Any]]:
    """The stored files of ``token`` if the same user uploaded them; 404 otherwise."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise Http404("bad token")
    folder = uploads_dir() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Http404("expired") from exc
    if meta.get("user") != user.pk:
        raise Http404("not yours")
    sources = [
        Source(name=shown, data=(folder / stored).read_bytes()) for stored, shown in meta["files"]
    ]
    return sources, meta


def upload_discard(token: str) -> None:
    shutil.rmtree(uploads_dir() / token, ignore_errors=True)


def _province_of(user: Any) -> AdminUnit | None:
    """The province whose whole data the user may export (province officers and central)."""
    try:
        unit = user_unit(user)
    except ApplicationError:
        return None
    if unit is None:
        return AdminUnit.objects.filter(
            level=AdminUnit.Level.PROVINCE, valid_to__isnull=True
        ).first()
    return unit if unit.level == AdminUnit.Level.PROVINCE else None


def _crumbs(label: str | None = None) -> list[dict[str, str]]:
    crumbs = [
        {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
        {"label": _("Nhập tệp"), "url": reverse("interchange:import") if label else ""},
    ]
    if label:
        crumbs.append({"label": label, "url": ""})
    return crumbs


def _years(user: Any) -> list[int]:
    return sorted(
        set(
            restrict(user, Assessment.objects.all(), unit_field="commune").values_list(
                "year", flat=True
            )
        )
    )


def _import_run(
    request: HttpRequest, sources: list[Source], *, dry_run: bool, reason: str, label: str
) -> tuple[dict[str, Any], ImportSummary | None]:
    """Import (or check) the files: the preview page's context, and the summary unless refused.

    Refused, the page lists every refused row (or the one reason); accepted, it
    lists what changes.
    """
    context: dict[str, Any] = {"breadcrumbs": _crumbs(label), "names": [s.name for s in sources]}
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
    """Upload files; answer with the dry run: the refused rows or what would change."""

    template_name = "interchange/import.html"

    def _context(self, request: HttpRequest, form: ImportForm) -> dict[str, Any]:
        years = _years(request.user)
        province = _province_of(request.user)
        return {
            "form": form,
            "province": province,
            "years": years,
            "workbook_years": (years + [max(years) + 1]) if years else [],
            "kinds": [(k, KIND_LABELS[k]) for k in KINDS],
            "breadcrumbs": _crumbs(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request, ImportForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self._context(request, form))
        files = form.cleaned_data["files"]
        reason = form.cleaned_data["reason"]
        sources = [Source(name=Path(f.name).name, data=f.read()) for f in files]
        for f in files:
            f.seek(0)
        context, summary = _import_run(
            request, sources, dry_run=True, reason=reason, label=_("Kiểm tra tệp")
        )
        if summary is not None:
            context["token"] = upload_store(files=files, user=request.user, reason=reason)
        return render(request, "interchange/preview.html", context)


class ImportConfirmView(View):
    """Import the files checked by the dry run (checked again: the data may have changed)."""

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        sources, meta = upload_load(token=token, user=request.user)
        context, summary = _import_run(
            request,
            sources,
            dry_run=False,
            reason=meta.get("reason", ""),
            label=_("Kết quả nhập"),
        )
        if summary is not None:
            upload_discard(token)
            messages.success(
                request,
                _("Đã nhập %(f)s tệp: %(n)s thay đổi; %(e)s hồ sơ đã được tính lại.")
                % {"f": len(sources), "n": summary.changed, "e": summary.assessments_evaluated},
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
    """The people's Excel workbook of the user's province for a year, pre-filled with what is known."""

    def get(self, request: HttpRequest) -> HttpResponse:
        province = _province_of(request.user)
        if province is None:
            raise Http404("province officers only")
        try:
            year = int(request.GET.get("year", ""))
        except ValueError as exc:
            raise Http404("year") from exc
        try:
            data = workbook_build(province=province, year=year)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("interchange:import")
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="ntm-bieu-mau-{province.code}-{year}.xlsx"'
        )
        return response


class ExportView(View):
    """One interchange table (statuses, values or targets) of the user's province for a year."""

    def get(self, request: HttpRequest) -> HttpResponse:
        province = _province_of(request.user)
        kind, fmt = request.GET.get("kind", ""), request.GET.get("format", "csv")
        if province is None or fmt not in ("csv", "xlsx") or kind not in KINDS:
            raise Http404("export")
        years = _years(request.user)
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = max(years) if years else 0
        try:
            files = province_export(
                province_code=province.code, years=[year], kinds=[kind], file_format=fmt
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("interchange:import")
        exported = files[0]
        content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
        response = HttpResponse(exported.data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response
