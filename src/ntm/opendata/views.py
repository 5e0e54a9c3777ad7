"""Open data pages: the public index and year pages with their downloads, and the office's page.

The public part needs no login (``settings.NTM_PUBLIC_PATHS``: ``/du-lieu-mo/``)
and shows a province-year only while it is published and final
(``selectors.published_year``, asked at every request): otherwise 404. The
office's page (``/reports/open-data/``) lists a province's years; publishing
and withdrawing are POSTs to the services, which check role and scope again.
"""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ntm.accounts.scope import requested_unit
from ntm.accounts.services import Action, can
from ntm.analytics.metrics import UnitFigures
from ntm.core.views import request_year, run_service
from ntm.opendata import renderers, selectors, services
from ntm.opendata.data import OpenYear, figure_rows
from ntm.reports.renderers.xlsx import appendix_xlsx
from ntm.units.models import AdminUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

FIGURE_LABELS = {
    "communes": gettext_lazy("Tổng số xã"),
    "communes_assessed": gettext_lazy("Số xã đã đánh giá"),
    "communes_not_assessed": gettext_lazy("Số xã chưa đánh giá"),
    "communes_standard": gettext_lazy("Số xã đạt chuẩn nông thôn mới"),
    "communes_standard_share": gettext_lazy("Tỷ lệ xã đạt chuẩn"),
    "communes_recognised": gettext_lazy("Số xã đã có quyết định công nhận"),
    "criteria_average": gettext_lazy("Bình quân tiêu chí/xã"),
    "communes_below_ten": gettext_lazy("Số xã dưới 10 tiêu chí"),
}


def figure_labels(figures: UnitFigures) -> dict[str, str]:
    """The figures' names in the current language (the page's, the CSV's and the JSON's)."""
    labels = {key: str(label) for key, label in FIGURE_LABELS.items()}
    for c in figures.criteria:
        name = f"{c.number}. {_(c.name)}"
        labels[f"criterion_{c.number}_communes"] = _("Số xã đạt tiêu chí %(name)s") % {"name": name}
        labels[f"criterion_{c.number}_share"] = _("Tỷ lệ xã đạt tiêu chí %(name)s") % {"name": name}
    return labels


def _open_year(code: str, year: int) -> OpenYear:
    publication = selectors.published_year(code=code, year=year)
    if publication is None:
        raise Http404("not published")
    return selectors.open_year(publication=publication)


class PublicationListView(View):
    """The index of open data: every province-year published and final, with its licence."""

    template_name = "opendata/publication_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"publications": selectors.published_years()})


class PublicationDetailView(View):
    """A province's published year, readable on a phone: figures, communes, decisions, OCOP."""

    template_name = "opendata/publication_detail.html"

    def get(self, request: HttpRequest, code: str, year: int) -> HttpResponse:
        data = _open_year(code, year)
        labels = figure_labels(data.figures)
        figures = [
            {"key": r.key, "label": labels[r.key], "value": r.value, "unit": r.unit}
            for r in figure_rows(data.figures)
        ]
        context: dict[str, Any] = {
            "data": data,
            "key_figures": figures[: len(FIGURE_LABELS)],
            "criteria": data.figures.criteria,
            "downloads": DOWNLOADS,
        }
        return render(request, self.template_name, context)


#: The files of a published year: name → content type.
DOWNLOADS = {
    "data.json": "application/json; charset=utf-8",
    "figures.csv": CSV,
    "communes.csv": CSV,
    "ocop.csv": CSV,
    "appendix.csv": CSV,
    "appendix.xlsx": XLSX,
}


class PublicationDownloadView(View):
    """A published year's file: the JSON, the CSV tables, the report's appendix (xlsx, csv)."""

    def get(self, request: HttpRequest, code: str, year: int, name: str) -> HttpResponse:
        if name not in DOWNLOADS:
            raise Http404("no such file")
        data = _open_year(code, year)
        if name.startswith("appendix.") and data.appendix is None:
            raise Http404("the appendix prints a year not published")
        body: str | bytes
        if name == "data.json":
            body = renderers.open_json(data, figure_labels(data.figures))
        elif name == "figures.csv":
            body = renderers.figures_csv(data, figure_labels(data.figures))
        elif name == "communes.csv":
            body = renderers.communes_csv(data)
        elif name == "ocop.csv":
            body = renderers.ocop_csv(data)
        elif name == "appendix.csv":
            body = renderers.appendix_open_csv(data)
        else:
            assert data.appendix is not None
            body = appendix_xlsx(data.appendix)
        if isinstance(body, str):
            body = (body if name.endswith(".json") else "\ufeff" + body).encode("utf-8")
        response = HttpResponse(body, content_type=DOWNLOADS[name])
        filename = f"du-lieu-mo-{data.province_code}-{data.year}-{name}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
        return response


class PublicationOfficeView(View):
    """The province office's years: final or not, published or not; publish and withdraw."""

    template_name = "opendata/publication_office.html"

    def _province(self, request: HttpRequest) -> AdminUnit:
        province = requested_unit(request, levels=(AdminUnit.Level.PROVINCE,))
        if province is None:
            raise Http404("no province")
        return province

    def get(self, request: HttpRequest) -> HttpResponse:
        province = self._province(request)
        context = {
            "province": province,
            "provinces": selectors.office_provinces(user=request.user),
            "years": selectors.office_years(province=province),
            "can_publish": can(request.user, Action.PUBLISH, province),
            "breadcrumbs": [
                {"label": _("Tổng quan"), "url": reverse("analytics:dashboard")},
                {"label": _("Báo cáo"), "url": reverse("reports:report_home")},
                {"label": _("Dữ liệu mở"), "url": ""},
            ],
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        province = self._province(request)
        year = request_year(request)
        action = request.POST.get("action", "")
        if year is None or action not in ("publish", "withdraw"):
            messages.error(request, _("Yêu cầu không hợp lệ."))
        elif action == "publish":
            if run_service(
                request,
                services.publication_publish,
                user=request.user,
                province=province,
                year=year,
            ):
                messages.success(request, _("Đã công bố dữ liệu mở năm %(year)s.") % {"year": year})
        elif run_service(
            request,
            services.publication_withdraw,
            user=request.user,
            province=province,
            year=year,
        ):
            messages.success(request, _("Đã thu hồi dữ liệu mở năm %(year)s.") % {"year": year})
        return redirect(reverse("opendata_office:publication_office") + f"?unit={province.pk}")
