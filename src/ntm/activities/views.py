"""The activities' pages: a year's courses, events, value chains and directives, and their forms.

Views are thin: selectors read (scoped: 404 outside the user's units), services
write and check role, scope and the page's version again (a stale page is
refused with what changed, ``core.concurrency``).
"""

from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ntm.accounts.services import Action, can
from ntm.activities import selectors, services
from ntm.activities.forms import FORMS
from ntm.activities.models import ValueChain
from ntm.core.concurrency import StaleEdit, version_token
from ntm.core.errors import ApplicationError
from ntm.core.views import requested_year

TITLES = {
    "course": gettext_lazy("Lớp đào tạo, tập huấn"),
    "event": gettext_lazy("Sự kiện"),
    "chain": gettext_lazy("Kế hoạch liên kết chuỗi giá trị"),
    "directive": gettext_lazy("Văn bản chỉ đạo"),
}
SAVE = {
    "course": (services.course_save, "course"),
    "event": (services.event_save, "event"),
    "chain": (services.value_chain_save, "chain"),
    "directive": (services.directive_save, "directive"),
}


def _model(kind: str) -> type[models.Model]:
    try:
        return selectors.MODELS[kind]
    except KeyError:
        raise Http404("no such kind") from None


class ActivityListView(View):
    """The year's activities in the user's units, with links to add and edit."""

    template_name = "activities/activity_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        years = selectors.activity_years(user=request.user)
        this_year = timezone.localdate().year
        year = requested_year(request, [], default=years[0] if years else this_year)
        context: dict[str, Any] = {
            "year": year,
            "years": sorted({*years, this_year, year}, reverse=True),
            "can_edit": can(request.user, Action.ACTIVITY_EDIT),
            **selectors.activity_lists(user=request.user, year=year),
        }
        return render(request, self.template_name, context)


class ActivityEditView(View):
    """Add or edit one row; the page carries the row's version (core.concurrency)."""

    template_name = "activities/activity_form.html"

    def _form(self, request: HttpRequest, kind: str, data: Any = None, initial: Any = None) -> Any:
        extra: dict[str, Any] = {"units": selectors.activity_units(user=request.user)}
        if kind == "chain":
            extra["communes"] = selectors.activity_communes(user=request.user)
        return FORMS[kind](data, initial=initial, **extra)

    def _object(self, request: HttpRequest, kind: str, pk: int | None) -> Any:
        if pk is None:
            return None
        obj = selectors.activity_detail(user=request.user, model=_model(kind), pk=pk)
        if obj is None:
            raise Http404("no such row in scope")
        return obj

    def _initial(self, obj: Any) -> dict[str, Any]:
        if obj is None:
            return {"year": timezone.localdate().year}
        initial = {f: getattr(obj, f) for f in services.activity_fields(obj)}
        if isinstance(obj, ValueChain):
            initial["communes"] = services.chain_communes(obj)
        return initial

    def _render(self, request: HttpRequest, kind: str, obj: Any, form: Any) -> HttpResponse:
        context = {
            "kind": kind,
            "title": TITLES[kind],
            "obj": obj,
            "form": form,
            "version": version_token(services.activity_state(obj)) if obj is not None else "",
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
        _model(kind)
        obj = self._object(request, kind, pk)
        return self._render(
            request, kind, obj, self._form(request, kind, initial=self._initial(obj))
        )

    def post(self, request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
        _model(kind)
        obj = self._object(request, kind, pk)
        form = self._form(request, kind, data=request.POST)
        if not form.is_valid():
            return self._render(request, kind, obj, form)
        fn, name = SAVE[kind]
        values = dict(form.cleaned_data)
        if kind == "chain":
            values["communes"] = list(values["communes"])
        try:
            version = request.POST.get("version", "") if obj is not None else None
            saved = fn(user=request.user, version=version, **{name: obj}, **values)
        except StaleEdit as exc:
            messages.error(request, exc.message)
            obj = self._object(request, kind, obj.pk)
            return self._render(
                request, kind, obj, self._form(request, kind, initial=self._initial(obj))
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self._render(request, kind, obj, form)
        messages.success(request, _("Đã lưu."))
        year = getattr(saved, "year", None) or saved.date.year
        return redirect(f"{reverse('activities:activity_list')}?year={year}")


class ActivityDeleteView(View):
    def post(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        obj = selectors.activity_detail(user=request.user, model=_model(kind), pk=pk)
        if obj is None:
            raise Http404("no such row in scope")
        year = getattr(obj, "year", None) or obj.date.year  # type: ignore[attr-defined]
        try:
            services.activity_delete(
                user=request.user, obj=obj, version=request.POST.get("version", "")
            )
            messages.success(request, _("Đã xoá."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(f"{reverse('activities:activity_list')}?year={year}")
