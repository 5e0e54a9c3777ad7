"""Reports pages: the appendix table and its downloads, the Word/PDF report made by a job
with a progress bar, the office's texts for the judgement sections, and the job list.

A report is built from the data of a unit the user may see (404 otherwise);
long work runs as a ``reports.Job`` whose progress the page polls with htmx.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ntm.accounts.scope import requested_unit, restrict, unit_in_scope, units_restrict, user_role
from ntm.analytics import selectors as analytics_selectors
from ntm.assessments.models import Assessment
from ntm.core.concurrency import StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.core.files import protected_file_response
from ntm.core.views import is_htmx, requested_year
from ntm.reports.annual import REPORT_SECTIONS, report_text_keys
from ntm.reports.forms import DocumentSettingForm, ReportForm, ReportTextsForm
from ntm.reports.issuing import REFERENCE_KEYS
from ntm.reports.models import DocumentSetting, Job, ReferenceFigure, ReportText
from ntm.reports.renderers.csv import appendix_csv
from ntm.reports.renderers.xlsx import appendix_xlsx
from ntm.reports.selectors import appendix_table, territory_report_data
from ntm.reports.services import (
    SETTING_FIELDS,
    document_setting_save,
    document_setting_state,
    jobs_expire,
    reference_state,
    report_job_rerun,
    report_job_start,
    report_texts_can_write,
    report_texts_save,
    report_texts_state,
)
from ntm.units.lists import UNIT_LISTS
from ntm.units.models import AdminUnit
from ntm.units.selectors import subtrees, territory, unit_for_map, valid_in_year

REPORT_LEVELS = (AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_units(user: Any) -> list[AdminUnit]:
    """The province and districts whose reports the user may see."""
    return list(
        units_restrict(
            user, AdminUnit.objects.filter(level__in=REPORT_LEVELS, valid_to__isnull=True)
        ).order_by("level", "code")
    )


def report_unit(request: HttpRequest) -> AdminUnit:
    """The unit asked for in ``?unit=`` (within the user's units), else the user's own."""
    unit = requested_unit(request, levels=REPORT_LEVELS)
    if unit is None:
        raise Http404("no report unit")
    return unit


def report_years(user: Any, unit: AdminUnit) -> list[int]:
    """The years with files on the unit's territory (a merged unit's past included)."""
    within = subtrees(territory(unit=unit), "commune")
    qs = restrict(user, Assessment.objects.standard().filter(within), unit_field="commune")
    return sorted(set(qs.values_list("year", flat=True)))


def report_map(request: HttpRequest) -> str:
    """The map asked for in ``?map=`` (an official list), or "" for the map of the year."""
    wanted = request.GET.get("map", "")
    return wanted if wanted in UNIT_LISTS else ""


def figures_unit(request: HttpRequest, unit: AdminUnit, year: int) -> AdminUnit:
    """The version of the unit whose figures the page states, on the chosen map (404 when the
    unit is not on that map or outside the user's units)."""
    try:
        chosen = unit_for_map(unit=unit, year=year, list_name=report_map(request))
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    if not unit_in_scope(request.user, chosen):
        raise Http404("out of scope")
    return chosen


def _crumbs(label: str) -> list[dict[str, str]]:
    return [
        {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
        {"label": _("Báo cáo"), "url": reverse("reports:report_home")},
        {"label": label, "url": ""},
    ]


def _query(unit: AdminUnit, year: int, map_name: str = "") -> str:
    return f"?unit={unit.pk}&year={year}" + (f"&map={map_name}" if map_name else "")


class ReportHomeView(View):
    """The appendix for a unit and year, its downloads, and the report document."""

    template_name = "reports/report_home.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = report_unit(request)
        years = report_years(request.user, unit)
        year = requested_year(request, years)
        table = None
        shown = figures_unit(request, unit, year) if years else unit
        if years:
            try:
                table = appendix_table(unit=shown, year=year, user=request.user)
            except ApplicationError as exc:
                messages.error(request, exc.message)
        jobs = Job.objects.filter(user=request.user).order_by("-created_at")[:5]
        context = {
            "unit": unit,
            "shown": shown,
            "past_on_map": bool(years) and not valid_in_year(shown, year),
            "units": report_units(request.user),
            "year": year,
            "years": years,
            "maps": list(UNIT_LISTS),
            "map": report_map(request),
            "table": table,
            "query": _query(unit, year, report_map(request)),
            "report_form": ReportForm(initial={"unit": shown.pk, "year": year}),
            "can_write": report_texts_can_write(user=request.user, unit=unit),
            "texts_written": ReportText.objects.filter(unit=unit, year=year)
            .exclude(text="")
            .count(),
            "jobs": jobs,
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Báo cáo"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)


class AppendixDownloadView(View):
    """The appendix table as .xlsx (laid out like the official table) or .csv."""

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        unit = report_unit(request)
        years = report_years(request.user, unit)
        if not years:
            raise Http404("no data")
        year = requested_year(request, years)
        try:
            table = appendix_table(
                unit=figures_unit(request, unit, year), year=year, user=request.user
            )
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
        name = f"bieu-chi-tiet-{unit.code}-{year}"
        if fmt == "xlsx":
            response = HttpResponse(appendix_xlsx(table), content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        if fmt == "csv":
            response = HttpResponse(
                appendix_csv(table).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        raise Http404("unknown format")


class ReportStartView(View):
    """Start the job that writes the report (Word, optionally PDF) and follow its progress."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Thông tin báo cáo chưa đúng."))
            return redirect("reports:report_home")
        unit = get_object_or_404(
            units_restrict(request.user), pk=form.cleaned_data["unit"], level__in=REPORT_LEVELS
        )
        data = form.cleaned_data
        params = {"unit_id": unit.pk, "year": data["year"], "number": data["number"]}
        if data["date"]:
            params["date"] = data["date"].isoformat()
        try:
            job = report_job_start(kind=data["kind"], params=params, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(reverse("reports:report_home") + _query(unit, data["year"]))
        return redirect("reports:job_detail", pk=job.pk)


class ReportTextsView(View):
    """The office's texts for the report's judgement sections (II. Đánh giá chung, …)."""

    template_name = "reports/texts.html"

    def _context(self, request: HttpRequest, form: ReportTextsForm | None = None) -> dict[str, Any]:
        unit = report_unit(request)
        years = report_years(request.user, unit)
        year = requested_year(request, years)
        texts = report_texts_state(unit=unit, year=year)
        editable = report_texts_can_write(user=request.user, unit=unit)
        if form is None:
            form = ReportTextsForm(keys=report_text_keys(), texts=texts, editable=editable)
        return {
            "unit": unit,
            "units": report_units(request.user),
            "year": year,
            "years": years,
            "form": form,
            "editable": editable,
            "version": version_token(texts),
            "query": _query(unit, year),
            "breadcrumbs": _crumbs(_("Nội dung đánh giá")),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        context = self._context(request)
        unit, year = context["unit"], context["year"]
        if not context["editable"]:
            messages.error(
                request, _("Chỉ văn phòng của %(u)s được viết báo cáo của đơn vị.") % {"u": unit}
            )
            return redirect(reverse("reports:text_list") + _query(unit, year))
        texts = report_texts_state(unit=unit, year=year)
        form = ReportTextsForm(request.POST, keys=report_text_keys(), texts=texts, editable=True)
        if not form.is_valid():
            context["form"] = form
            return render(request, self.template_name, context)
        try:
            saved = report_texts_save(
                unit=unit,
                year=year,
                texts=form.changed_texts(),
                user=request.user,
                version=request.POST.get("version", ""),
            )
        except StaleEdit as exc:
            messages.error(request, exc.message)
            context = self._context(request)
            context["stale"] = [c.key for c in exc.changes]
            return render(request, self.template_name, context)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            context["form"] = form
            return render(request, self.template_name, context)
        if saved:
            messages.success(request, _("Đã lưu %(n)s mục.") % {"n": saved})
        else:
            messages.info(request, _("Không có thay đổi nào để lưu."))
        return redirect(reverse("reports:text_list") + _query(unit, year))


def _setting_sections() -> list[tuple[str, str]]:
    return [(s.key, s.heading) for top in REPORT_SECTIONS for s in (top, *top.children)]


def _references() -> list[tuple[str, str, str]]:
    return [(key, label, unit) for key, (label, unit, _section) in REFERENCE_KEYS.items()]


def _setting_initial(unit: AdminUnit, year: int, scope_year: int | None) -> dict[str, Any]:
    row = DocumentSetting.objects.filter(unit=unit, year=scope_year).first()
    if row is None and scope_year is not None:
        row = DocumentSetting.objects.filter(unit=unit, year=None).first()
    initial: dict[str, Any] = {}
    if row is not None:
        initial = {name: getattr(row, name) for name in SETTING_FIELDS}
        for key, heading in (row.headings or {}).items():
            initial["h_" + key.replace(".", "_")] = heading
    for r in ReferenceFigure.objects.filter(unit=unit, year=year):
        prefix = f"r_{r.key}_"
        initial[prefix + "value"] = str(r.value.normalize()).replace(".", ",")
        for name in ("unit_label", "subject", "source", "note"):
            initial[prefix + name] = getattr(r, name)
    return initial


class DocumentSettingView(View):
    """How the unit's office issues its report: header, number, signature, recipients, the
    headings of its sections, and the year's reference figures (edited by that office)."""

    template_name = "reports/document_setting.html"

    def _context(self, request: HttpRequest) -> dict[str, Any]:
        unit = report_unit(request)
        years = report_years(request.user, unit)
        year = requested_year(request, years)
        scope_year = year if request.GET.get("only_year") or request.POST.get("only_year") else None
        editable = report_texts_can_write(user=request.user, unit=unit)
        state = document_setting_state(unit=unit, year=scope_year) | reference_state(
            unit=unit, year=year
        )
        return {
            "unit": unit,
            "units": report_units(request.user),
            "year": year,
            "years": years,
            "scope_year": scope_year,
            "editable": editable,
            "version": version_token(state),
            "query": _query(unit, year),
            "form": DocumentSettingForm(
                initial=_setting_initial(unit, year, scope_year),
                sections=_setting_sections(),
                references=_references(),
                editable=editable,
            ),
            "breadcrumbs": _crumbs(_("Thể thức báo cáo")),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        context = self._context(request)
        unit, year, scope_year = context["unit"], context["year"], context["scope_year"]
        back = reverse("reports:document_setting") + _query(unit, year)
        back += "&only_year=1" if scope_year else ""
        if not context["editable"]:
            messages.error(
                request, _("Chỉ văn phòng của %(u)s được sửa thể thức báo cáo.") % {"u": unit}
            )
            return redirect(back)
        form = DocumentSettingForm(
            request.POST, sections=_setting_sections(), references=_references(), editable=True
        )
        if not form.is_valid():
            context["form"] = form
            return render(request, self.template_name, context, status=400)
        try:
            document_setting_save(
                unit=unit,
                year=scope_year,
                values=form.setting_values(),
                references=form.reference_values(),
                reference_year=year,
                user=request.user,
                version=request.POST.get("version", ""),
            )
        except StaleEdit as exc:
            messages.error(request, exc.message)
            context = self._context(request)
            context["stale"] = [c.key for c in exc.changes]
            return render(request, self.template_name, context, status=409)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            context["form"] = form
            return render(request, self.template_name, context, status=400)
        messages.success(request, _("Đã lưu thể thức báo cáo."))
        return redirect(back)


def _jobs(user: Any) -> Any:
    """Jobs the user started (the central level sees every job)."""
    qs = Job.objects.select_related("user")
    return qs if user_role(user) == "central" else qs.filter(user=user)


class JobListView(View):
    template_name = "reports/job_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        jobs_expire()
        jobs = list(_jobs(request.user).order_by("-created_at")[:100])
        context = {
            "jobs": jobs,
            "running": any(j.status in (Job.Status.PENDING, Job.Status.RUNNING) for j in jobs),
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Tác vụ"), "url": ""},
            ],
        }
        if is_htmx(request):
            return render(request, "reports/_job_table.html", context)
        return render(request, self.template_name, context)


class JobDetailView(View):
    """One job with its progress bar; while it runs, htmx polls the progress every second."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        jobs_expire()
        job = get_object_or_404(_jobs(request.user), pk=pk)
        context = {
            "job": job,
            "finished": job.status in (Job.Status.DONE, Job.Status.FAILED),
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Tác vụ"), "url": reverse("reports:job_list")},
                {"label": f"#{job.pk}", "url": ""},
            ],
        }
        if is_htmx(request):
            response = render(request, "reports/_job_progress.html", context)
            if context["finished"]:
                # Stop polling: htmx stops when the server answers 286.
                response.status_code = 286
            return response
        return render(request, "reports/job_detail.html", context)


class JobDownloadView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(_jobs(request.user), pk=pk, status=Job.Status.DONE)
        return protected_file_response(job.result, as_attachment=True)


class JobRerunView(View):
    """Run a failed or interrupted job again (a new job with the same request)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(_jobs(request.user), pk=pk, status=Job.Status.FAILED)
        try:
            again = report_job_rerun(job=job, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("reports:job_detail", pk=job.pk)
        return redirect("reports:job_detail", pk=again.pk)


class TerritoryView(LoginRequiredMixin, View):
    """The whole country or a region (the central level): its key figures, its provinces
    ranked with drill-down to each province's dashboard, and its appendix to download
    (``?format=csv|xlsx``)."""

    template_name = "reports/territory.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        try:
            analytics_selectors.ensure_whole_country(user)
            area = analytics_selectors.territory_get(
                code=request.GET.get("territory") or analytics_selectors.COUNTRY_CODE
            )
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
        years = analytics_selectors.territory_years(territory=area)
        if not years:
            return render(
                request,
                "analytics/empty.html",
                {"reason": _("Chưa có hồ sơ đánh giá nào trong %(t)s.") % {"t": area.name}},
            )
        year = requested_year(request, list(years), default=max(years))
        data = territory_report_data(territory=area, year=year, user=user)
        wanted = request.GET.get("format")
        if wanted in ("csv", "xlsx"):
            name = f"bieu-chi-tiet-{area.code.lower()}-{year}.{wanted}"
            if wanted == "csv":
                response = HttpResponse(
                    appendix_csv(data.appendix), content_type="text/csv; charset=utf-8"
                )
            else:
                response = HttpResponse(
                    appendix_xlsx(data.appendix),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        context = {
            "territory": area,
            "territories": analytics_selectors.territories(),
            "keep": {"territory": area.code},
            "year": year,
            "years": list(years),
            "figures": data.figures,
            "previous_year": year - 1,
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": area.name, "url": ""},
            ],
        }
        return render(request, self.template_name, context)
