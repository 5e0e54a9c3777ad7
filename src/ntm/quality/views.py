"""The reconcile page: upload a printed appendix, read each contradiction by row and column."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from ntm.core.errors import ApplicationError
from ntm.interchange.records import Source
from ntm.quality.forms import ReconcileForm
from ntm.quality.selectors import appendix_reconcile
from ntm.reports.views import report_units


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
        initial = {"unit": units[0].pk if units else None}
        return self._render(request, ReconcileForm(units=units, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReconcileForm(request.POST, request.FILES, units=report_units(request.user))
        if not form.is_valid():
            return self._render(request, form)
        upload = form.cleaned_data["file"]
        try:
            result = appendix_reconcile(
                unit=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
                source=Source(name=upload.name, data=upload.read()),
                user=request.user,
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
            return self._render(request, form)
        lang = "en" if (get_language() or "vi").startswith("en") else "vi"
        return self._render(
            request,
            form,
            result=result,
            lines=[(f.unreadable, f.line(lang)) for f in result.findings],
        )
