"""The data-quality pages: reconcile a printed appendix; the communes lacking criteria."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from ntm.accounts.services import Action, can
from ntm.core.errors import ApplicationError
from ntm.core.params import param_int
from ntm.core.views import requested_year
from ntm.criteria.models import CriteriaSet
from ntm.interchange.records import Source
from ntm.plans.models import TargetCommune
from ntm.plans.services import target_commune_add
from ntm.quality.forms import ReconcileForm
from ntm.quality.gaps import PROPOSE_LACKING, proposed
from ntm.quality.selectors import (
    GAP_LEVELS,
    Reconciliation,
    appendix_reconcile,
    quality_check,
    report_text_reconcile,
    unit_gaps,
)
from ntm.quality.text import TEXT_SUFFIXES
from ntm.reports.views import report_unit, report_units, report_years
from ntm.units.models import AdminUnit


class ReconcileView(LoginRequiredMixin, View):
    template_name = "quality/reconcile.html"

    def _render(self, request: HttpRequest, form: ReconcileForm, **extra: object) -> HttpResponse:
        context = {
            "form": form,
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Báo cáo"), "url": reverse("reports:report_home")},
                {"label": _("Đối chiếu biểu đã in"), "url": ""},
            ],
            **extra,
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        units = report_units(request.user)
        if not units:  # a commune's officer has no report to reconcile, as on the report pages
            raise Http404("no unit with a report")
        initial = {"unit": units[0].pk}
        return self._render(request, ReconcileForm(units=units, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        units = report_units(request.user)
        if not units:
            raise Http404("no unit with a report")
        form = ReconcileForm(request.POST, request.FILES, units=units)
        if not form.is_valid():
            return self._render(request, form)
        upload = form.cleaned_data["file"]
        source = Source(name=upload.name, data=upload.read())
        lang = "en" if (get_language() or "vi").startswith("en") else "vi"
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        try:
            if upload.name.lower().endswith(TEXT_SUFFIXES):  # a report's text
                found = report_text_reconcile(
                    unit=unit, year=year, source=source, user=request.user
                )
                return self._render(
                    request,
                    form,
                    result=Reconciliation(source.name, ()),
                    contradictions=len(found),
                    lines=[(False, f.text(lang)) for f in found],
                )
            result = appendix_reconcile(unit=unit, year=year, source=source, user=request.user)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
            return self._render(request, form)
        return self._render(
            request,
            form,
            result=result,
            contradictions=len(result.contradictions),
            lines=[(f.unreadable, f.line(lang)) for f in result.findings],
        )


class GapsView(LoginRequiredMixin, View):
    """The communes of a province or district that do not meet the standard, closest first,
    with what each lacks; a province officer adds the proposed ones to next year's plan. The
    same for the villages' and the districts' files (``?level=thon|huyen``)."""

    template_name = "quality/gaps.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = report_unit(request)
        years = report_years(request.user, unit)
        year = requested_year(request, years)
        level = request.GET.get("level") or CriteriaSet.Level.COMMUNE
        if level not in GAP_LEVELS:
            level = CriteriaSet.Level.COMMUNE
        rows = unit_gaps(unit=unit, year=year, level=level, user=request.user) if years else []
        low, high = PROPOSE_LACKING
        communes = level == CriteriaSet.Level.COMMUNE
        context = {
            "unit": unit,
            "level": level,
            "level_label": CriteriaSet.Level(level).label,
            "levels": [(lv, CriteriaSet.Level(lv).label) for lv in GAP_LEVELS],
            "units": report_units(request.user),
            "year": year,
            "years": years,
            "next_year": year + 1,
            "rows": rows,
            # those already on next year's list are not proposed again
            "proposed": {c.commune_id for c in proposed(rows)}
            - set(
                TargetCommune.objects.filter(unit=unit, year=year + 1).values_list(
                    "commune_id", flat=True
                )
            ),
            "low": low,
            "high": high,
            # the plan names target communes: villages and districts are listed, not proposed
            "can_plan": communes and can(request.user, Action.PLAN_EDIT, unit),
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Đơn vị còn thiếu tiêu chí"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = report_unit(request)
        years = report_years(request.user, unit)
        year = requested_year(request, years)
        chosen = {c.commune_id for c in unit_gaps(unit=unit, year=year, user=request.user)}
        wanted = [n for v in request.POST.getlist("commune") if (n := param_int(v)) is not None]
        added = 0
        for commune in AdminUnit.objects.filter(pk__in=[pk for pk in wanted if pk in chosen]):
            try:
                target_commune_add(unit=unit, year=year + 1, commune=commune, user=request.user)
                added += 1
            except ApplicationError as exc:
                messages.error(request, exc.message)
        if added:
            messages.success(
                request,
                _("Đã thêm %(n)s xã vào danh sách xã phấn đấu đạt chuẩn năm %(y)s.")
                % {"n": added, "y": year + 1},
            )
        return redirect(f"{reverse('quality:gaps')}?unit={unit.pk}&year={year}")


class ChecksView(LoginRequiredMixin, View):
    """The data-quality page of a province or district: each rule a file breaks."""

    template_name = "quality/checks.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = report_unit(request)
        years = report_years(request.user, unit)
        year = requested_year(request, years)
        rows = quality_check(unit=unit, year=year, user=request.user) if years else []
        lang = "en" if (get_language() or "vi").startswith("en") else "vi"
        context = {
            "unit": unit,
            "units": report_units(request.user),
            "year": year,
            "years": years,
            "rows": rows,
            "english": lang == "en",
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Kiểm tra chất lượng số liệu"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)
