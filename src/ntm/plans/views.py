"""The plans page: a province's or district's targets for a year and the communes it names.

Anyone in scope sees the plan; only officers who may edit plans (the province,
Decision 2540's planning level) get inputs, and the services check again.
"""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from ntm.accounts.scope import requested_unit, restrict, units_restrict
from ntm.accounts.services import Action, can
from ntm.assessments.models import Assessment
from ntm.core.errors import ApplicationError
from ntm.core.views import requested_year, run_service
from ntm.criteria.services import criteria_set_for_year
from ntm.plans.forms import TargetCommuneForm, TargetsForm
from ntm.plans.models import Target, TargetCommune
from ntm.plans.selectors import target_communes, target_rows, targets_for
from ntm.plans.services import target_commune_add, target_commune_remove, target_set
from ntm.units.models import AdminUnit

PLANNING_LEVELS = (AdminUnit.Level.PROVINCE, AdminUnit.Level.DISTRICT)


def _planning_units(user: Any) -> list[AdminUnit]:
    """The province and districts the user may see plans of."""
    return list(
        units_restrict(
            user, AdminUnit.objects.filter(level__in=PLANNING_LEVELS, valid_to__isnull=True)
        )
        .select_related("parent")
        .order_by("level", "code")
    )


def _years(user: Any, unit: AdminUnit) -> list[int]:
    data = set(
        restrict(
            user,
            Assessment.objects.filter(commune__path__startswith=unit.path),
            unit_field="commune",
        ).values_list("year", flat=True)
    )
    planned = set(Target.objects.filter(unit=unit).values_list("year", flat=True))
    years = data | planned
    if data:
        years.add(max(data) + 1)
    return sorted(years)


def _plan_url(unit: AdminUnit, year: int) -> str:
    return reverse("plans:target_list") + f"?unit={unit.pk}&year={year}"


class TargetListView(View):
    """Targets of the year per appendix row, and the target communes."""

    template_name = "plans/target_list.html"

    def _unit(self, request: HttpRequest, units: list[AdminUnit]) -> AdminUnit:
        unit = requested_unit(request, levels=PLANNING_LEVELS)
        if unit is None:
            if not units:
                raise Http404("no planning unit")
            return units[0]
        return unit

    def _context(self, request: HttpRequest, form: TargetsForm | None = None) -> dict[str, Any]:
        user = request.user
        units = _planning_units(user)
        unit = self._unit(request, units)
        years = _years(user, unit)
        year = requested_year(request, years, default=max(years) if years else None)
        try:
            criteria_set = criteria_set_for_year(year=year, province=unit.province)
            rows = target_rows(criteria_set=criteria_set)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            rows = []
        values = targets_for(unit=unit, year=year)
        editable = can(user, Action.PLAN_EDIT, unit)
        if form is None:
            form = TargetsForm(rows=rows, values=values)
        communes = list(
            AdminUnit.objects.valid_in_year(year)
            .communes()
            .within(unit)
            .select_related("parent")
            .order_by("parent__code", "code")
        )
        return {
            "unit": unit,
            "units": units,
            "year": year,
            "years": years,
            "rows": rows,
            "values": values,
            "form": form,
            "editable": editable,
            "targets_by_id": {
                t.row_id: t
                for t in Target.objects.filter(unit=unit, year=year).select_related("updated_by")
            },
            "target_communes": target_communes(
                unit=unit, year=year, include_below=unit.level == AdminUnit.Level.PROVINCE
            ),
            "commune_form": TargetCommuneForm(communes=communes) if editable and communes else None,
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Kế hoạch"), "url": ""},
            ],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self._context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        context = self._context(request)
        unit, year = context["unit"], context["year"]
        form = TargetsForm(request.POST, rows=context["rows"], values=context["values"])
        if not form.is_valid():
            messages.error(request, _("Chưa lưu: có ô nhập chưa đúng."))
            context["form"] = form
            return render(request, self.template_name, context)
        try:
            saved = _save_targets(request, unit, year, form)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            context["form"] = form
            return render(request, self.template_name, context)
        if saved:
            messages.success(
                request,
                ngettext("Đã lưu %(n)s chỉ tiêu.", "Đã lưu %(n)s chỉ tiêu.", saved) % {"n": saved},
            )
        else:
            messages.info(request, _("Không có thay đổi nào để lưu."))
        return redirect(_plan_url(unit, year))


@transaction.atomic
def _save_targets(request: HttpRequest, unit: AdminUnit, year: int, form: TargetsForm) -> int:
    count = 0
    reason = form.cleaned_data.get("reason", "")
    for row_id, value in form.changed_targets():
        target_set(
            unit=unit, year=year, row_id=row_id, value=value, user=request.user, reason=reason
        )
        count += 1
    return count


class TargetCommuneAddView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        unit = get_object_or_404(
            units_restrict(request.user),
            pk=request.POST.get("unit") or 0,
            level__in=PLANNING_LEVELS,
        )
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        communes = (
            list(AdminUnit.objects.valid_in_year(year).communes().within(unit))
            if 0 < year < 10_000
            else []
        )
        form = TargetCommuneForm(request.POST, communes=communes)
        if not form.is_valid() or not year:
            messages.error(request, _("Chọn một xã của đơn vị."))
            return redirect(_plan_url(unit, year))
        commune = next(c for c in communes if c.pk == form.cleaned_data["commune"])
        done = run_service(
            request,
            target_commune_add,
            unit=unit,
            year=year,
            commune=commune,
            user=request.user,
            title=form.cleaned_data["title"],
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(
                request,
                _("Đã thêm %(c)s vào danh sách xã phấn đấu năm %(y)s.") % {"c": commune, "y": year},
            )
        return redirect(_plan_url(unit, year))


class TargetCommuneRemoveView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = get_object_or_404(
            restrict(
                request.user,
                TargetCommune.objects.select_related("unit", "commune"),
                unit_field="unit",
            ),
            pk=pk,
        )
        try:
            target_commune_remove(
                target_commune=item, user=request.user, reason=request.POST.get("reason", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Đã bỏ %(c)s khỏi danh sách xã phấn đấu.") % {"c": item.commune}
            )
        return redirect(_plan_url(item.unit, item.year))
