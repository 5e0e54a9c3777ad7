"""The resources pages: a year's funds and support in the user's scope, a row's form.

Views are thin: selectors read (scoped: 404 outside the user's units), services write
and check role, scope and the row's version again (``core.concurrency``): a page opened
before someone else's change is refused with what changed, and shows the stored row.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ntm.accounts.scope import home_unit, units_restrict
from ntm.accounts.services import Action, can
from ntm.core.concurrency import StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.core.selectors import object_history
from ntm.core.views import request_year
from ntm.resources import selectors, services
from ntm.resources.forms import DeleteForm, FundForm, SupportForm
from ntm.resources.models import Fund, Support
from ntm.units.models import AdminUnit


def _year(request: HttpRequest) -> int:
    return request_year(request) or datetime.date.today().year


def _units(request: HttpRequest) -> QuerySet[AdminUnit]:
    return units_restrict(
        request.user, AdminUnit.objects.filter(level__in=(1, 2, 3), valid_to__isnull=True)
    ).order_by("path")


def _can_edit(request: HttpRequest) -> bool:
    unit = home_unit(request.user)
    return unit is not None and can(request.user, Action.IMPORT, unit)


def _list_url(year: int) -> str:
    return f"{reverse('resources:resource_list')}?year={year}"


class ResourceListView(View):
    """A year's funds by unit and source, and the support of the communes, in the user's scope."""

    template_name = "resources/resource_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(request)
        years = sorted(set(selectors.resource_years(user=request.user)) | {year}, reverse=True)
        context: dict[str, Any] = {
            "year": year,
            "years": years,
            "funds": selectors.fund_list(user=request.user, year=year),
            "supports": selectors.support_list(user=request.user, year=year),
            "can_edit": _can_edit(request),
        }
        return render(request, self.template_name, context)


class _RowView(View):
    """Add (no ``pk``) or correct a row; ``kind`` is "fund" or "support"."""

    kind = ""
    template_name = "resources/row_form.html"

    def _row(self, request: HttpRequest, pk: int | None) -> Any:
        if pk is None:
            return None
        detail = selectors.fund_detail if self.kind == "fund" else selectors.support_detail
        row = detail(user=request.user, pk=pk)
        if row is None:
            raise Http404("no such row in scope")
        return row

    def _state(self, row: Any) -> dict[str, str]:
        return services.fund_state(row) if self.kind == "fund" else services.support_state(row)

    def _form(self, request: HttpRequest, row: Any, data: Any = None) -> FundForm | SupportForm:
        form_class = FundForm if self.kind == "fund" else SupportForm
        initial: dict[str, Any] = {"year": _year(request), "version": version_token({})}
        if row is not None:
            initial = {name: getattr(row, name) for name in self._fields()}
            initial["version"] = version_token(self._state(row))
        return form_class(data, initial=initial, units=_units(request), fixed=row is not None)

    def _fields(self) -> tuple[str, ...]:
        return services.FUND_FIELDS if self.kind == "fund" else services.SUPPORT_FIELDS

    def _render(
        self, request: HttpRequest, row: Any, form: Any, stale: list[Any] | None = None
    ) -> HttpResponse:
        model = Fund if self.kind == "fund" else Support
        history = (
            object_history(object_type=model._meta.label_lower, object_ids=[row.pk])
            if row is not None
            else []
        )
        context = {
            "kind": self.kind,
            "row": row,
            "form": form,
            "stale": stale or [],
            "history": history,
            "can_edit": _can_edit(request),
            "delete_form": DeleteForm(initial={"version": form.initial.get("version", "")}),
            "title": (
                (_("Nguồn vốn") if self.kind == "fund" else _("Hỗ trợ xã"))
                if row is not None
                else (_("Thêm nguồn vốn") if self.kind == "fund" else _("Thêm hỗ trợ xã"))
            ),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = self._row(request, pk)
        return self._render(request, row, self._form(request, row))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = self._row(request, pk)
        form = self._form(request, row, request.POST)
        if not form.is_valid():
            return self._render(request, row, form)
        data = dict(form.cleaned_data)
        version = data.pop("version", "") or ""
        reason = data.pop("reason", "")
        save = services.fund_save if self.kind == "fund" else services.support_save
        try:
            saved = save(user=request.user, version=version, reason=reason, **data)
        except StaleEdit as exc:
            # Shown again as stored now: the row edited, or the one someone added meanwhile.
            messages.error(request, exc.message)
            stored = (
                self._row(request, pk)
                if pk is not None
                else selectors.row_by_key(user=request.user, kind=self.kind, data=data)
            )
            stale = [
                {"label": c.key, "opened": c.opened or "–", "now": c.now or "–"}
                for c in exc.changes
            ]
            return self._render(request, stored, self._form(request, stored), stale)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self._render(request, row, form)
        messages.success(request, _("Đã lưu."))
        return redirect(_list_url(saved.year))


class FundEditView(_RowView):
    kind = "fund"


class SupportEditView(_RowView):
    kind = "support"


class _DeleteView(View):
    kind = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.kind == "fund":
            row: Any = selectors.fund_detail(user=request.user, pk=pk)
        else:
            row = selectors.support_detail(user=request.user, pk=pk)
        if row is None:
            raise Http404("no such row in scope")
        form = DeleteForm(request.POST)
        form.is_valid()
        delete = services.fund_delete if self.kind == "fund" else services.support_delete
        kwargs = {"fund" if self.kind == "fund" else "support": row}
        try:
            delete(
                user=request.user,
                version=form.cleaned_data.get("version", "") or "",
                reason=form.cleaned_data.get("reason", ""),
                **kwargs,
            )
        except ApplicationError as exc:
            # Refused (a stale page, a contingency still attached): back to the row, as stored.
            messages.error(request, exc.message)
            return redirect(
                "resources:fund_edit" if self.kind == "fund" else "resources:support_edit", pk=pk
            )
        messages.success(request, _("Đã xoá."))
        return redirect(_list_url(row.year))


class FundDeleteView(_DeleteView):
    kind = "fund"


class SupportDeleteView(_DeleteView):
    kind = "support"
