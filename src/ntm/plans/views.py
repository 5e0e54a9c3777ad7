"""The plans page: a province's or district's targets for a year and the communes it names.

Anyone in scope sees the plan; only officers who may edit plans (the province,
Decision 2540's planning level) get inputs, and the services check again.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from ntm.accounts.scope import requested_unit, restrict, units_restrict
from ntm.accounts.services import Action, can
from ntm.assessments.models import Recognition
from ntm.core.concurrency import StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.core.lists import (
    Column,
    list_download,
    list_links,
    list_sort,
    rows_sorted,
)
from ntm.core.views import request_int, request_year, requested_year, run_service
from ntm.criteria.services import criteria_set_for_year
from ntm.plans.forms import TargetCommuneForm, TargetCommuneRemoveForm, TargetsForm
from ntm.plans.models import TargetCommune
from ntm.plans.selectors import (
    PLANNING_LEVELS,
    plan_communes,
    plan_history,
    plan_state,
    plan_years,
    planning_units,
    target_communes,
    target_rows,
    targets_detail,
    targets_for,
)
from ntm.plans.services import target_commune_add, target_commune_remove, targets_save
from ntm.units.models import AdminUnit
from ntm.units.names import search_key


def _plan_url(unit: AdminUnit, year: int | None) -> str:
    url = reverse("plans:target_list") + f"?unit={unit.pk}"
    return f"{url}&year={year}" if year is not None else url


#: The target communes' sortable columns (``?sort=``) and download (``?format=``).
TARGET_COMMUNE_SORTS: dict[str, Any] = {
    "commune": lambda tc: search_key(tc["commune"]),
    "district": lambda tc: (search_key(tc["parent"]), tc["commune_code"]),
    "title": lambda tc: (tc["title"], tc["commune_code"]),
}
TARGET_COMMUNE_COLUMNS: list[Column[dict[str, Any]]] = [
    Column(gettext_lazy("Mã xã"), lambda tc: tc["commune_code"]),
    Column(gettext_lazy("Xã"), lambda tc: tc["commune"]),
    Column(gettext_lazy("Huyện"), lambda tc: tc["parent"]),
    Column(gettext_lazy("Danh hiệu"), lambda tc: str(Recognition.Title(tc["title"]).label)),
    Column(gettext_lazy("Đơn vị lập kế hoạch"), lambda tc: tc["unit"]),
    Column(gettext_lazy("Ghi chú"), lambda tc: tc["note"]),
]


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
        units = planning_units(user=user)
        unit = self._unit(request, units)
        years = plan_years(user=user, unit=unit)
        year = requested_year(request, years, default=max(years) if years else None)
        asked = request_year(request)
        if asked is not None and asked != year and request.method == "GET":
            messages.warning(
                request,
                _(
                    "Năm %(asked)s chưa có bộ tiêu chí áp dụng (các dòng của biểu lấy từ bộ tiêu "
                    "chí), nên chưa lập được kế hoạch năm đó; đang hiện năm %(year)s."
                )
                % {"asked": asked, "year": year},
            )
        try:
            criteria_set = criteria_set_for_year(year=year, province=unit.province)
            rows = target_rows(criteria_set=criteria_set)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            rows = []
        values = targets_for(unit=unit, year=year)
        editable = can(user, Action.PLAN_EDIT, unit)
        sort = list_sort(request, TARGET_COMMUNE_SORTS)
        if form is None:
            form = TargetsForm(rows=rows, values=values)
        communes = plan_communes(unit=unit, year=year)
        return {
            "unit": unit,
            "units": units,
            "year": year,
            "years": years,
            "rows": rows,
            "values": values,
            "form": form,
            "editable": editable,
            "targets_by_id": targets_detail(unit=unit, year=year),
            "version": version_token(plan_state(unit=unit, year=year)),
            "history": plan_history(unit=unit, year=year),
            "target_communes": rows_sorted(
                target_communes(
                    unit=unit, year=year, include_below=unit.level == AdminUnit.Level.PROVINCE
                ),
                sort,
                TARGET_COMMUNE_SORTS,
            ),
            **list_links(request, sort),
            "commune_form": TargetCommuneForm(communes=communes) if editable and communes else None,
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Kế hoạch"), "url": ""},
            ],
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        context = self._context(request)
        download = list_download(
            request,
            name=f"ntm-xa-phan-dau-{context['unit'].code}-{context['year']}",
            title=_("Xã phấn đấu đạt chuẩn"),
            columns=TARGET_COMMUNE_COLUMNS,
            rows=context["target_communes"],
        )
        if download is not None:
            return download
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        context = self._context(request)
        unit, year = context["unit"], context["year"]
        form = TargetsForm(request.POST, rows=context["rows"], values=context["values"])
        if not form.is_valid():
            messages.error(request, _("Chưa lưu: có ô nhập chưa đúng."))
            context["form"] = form
            return render(request, self.template_name, context)
        try:
            saved = targets_save(
                unit=unit,
                year=year,
                values=form.changed_targets(),
                user=request.user,
                reason=form.cleaned_data.get("reason", ""),
                version=request.POST.get("version", ""),
            )
        except StaleEdit as exc:
            messages.error(request, exc.message)
            context = self._context(request)
            context["stale"] = [
                {"label": c.key, "opened": c.opened or "–", "now": c.now or "–"}
                for c in exc.changes
            ]
            return render(request, self.template_name, context)
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


class TargetCommuneAddView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        unit = get_object_or_404(
            units_restrict(request.user),
            pk=request_int(request, "unit", low=1) or 0,
            level__in=PLANNING_LEVELS,
        )
        year = request_year(request)
        communes = plan_communes(unit=unit, year=year) if year is not None else []
        form = TargetCommuneForm(request.POST, communes=communes)
        if not form.is_valid() or year is None:
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
        form = TargetCommuneRemoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Lý do không hợp lệ (tối đa 500 ký tự)."))
            return redirect(_plan_url(item.unit, item.year))
        try:
            target_commune_remove(
                target_commune=item, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Đã bỏ %(c)s khỏi danh sách xã phấn đấu.") % {"c": item.commune}
            )
        return redirect(_plan_url(item.unit, item.year))
