"""Dashboards: a province's or a district's year at a glance, with drill-down to communes.

The figures come from ``analytics.selectors.unit_figures``: the read the
annual report makes (``unit_year_data``, counted in the database) and the same
computation (``metrics.unit_figures_of``), so a figure is one number on the
page and in the report. This module only arranges them for the page and draws
the attainment chart as inline SVG (no JavaScript chart library: offices may
be offline).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from ntm.accounts.scope import (
    home_unit,
    restrict,
    unit_in_scope,
    unit_or_404,
    units_restrict,
    user_role,
)
from ntm.analytics import metrics, selectors
from ntm.analytics.metrics import CriterionFigures, UnitFigures, YearCounts
from ntm.assessments.models import Assessment
from ntm.core.charts import TrendPoint, trend_chart
from ntm.core.errors import ApplicationError
from ntm.core.views import request_int, request_year, requested_year
from ntm.evaluation.numbers import format_number
from ntm.maps import drawing
from ntm.maps.selectors import MapShapes, unit_shapes
from ntm.ocop.selectors import ocop_figures
from ntm.plans.selectors import targets_for
from ntm.units.lists import UNIT_LISTS
from ntm.units.models import AdminUnit
from ntm.units.selectors import before_in_force, subtrees, territory, unit_versions


@dataclass(frozen=True)
class Bar:
    """One criterion's row in the attainment chart, coordinates in SVG user units."""

    number: int
    label: str
    text_y: float
    prev_y: float
    now_y: float
    now_width: float
    prev_width: float | None
    plan_x: float | None
    plan_y1: float
    plan_y2: float
    value_x: float
    now_share: Decimal | None


CHART_LEFT = 190.0
CHART_WIDTH = 420.0
ROW_HEIGHT = 26.0


def attainment_chart(criteria: list[CriterionFigures]) -> dict[str, Any]:
    """Horizontal bars: share of communes meeting each criterion, this year, last year and plan."""
    bars = []
    for index, c in enumerate(criteria):
        now = float(c.share or 0)
        prev = float(c.previous_share) if c.previous_share is not None else None
        plan = float(c.plan_share) if c.plan_share is not None else None
        label = f"{c.number}. {c.short_name or c.name}"
        top = index * ROW_HEIGHT + 8
        now_width = round(CHART_WIDTH * min(now, 100) / 100, 2)
        bars.append(
            Bar(
                number=c.number,
                label=label if len(label) <= 28 else label[:27] + "…",
                text_y=top + 13,
                prev_y=top,
                now_y=top + 8,
                now_width=now_width,
                prev_width=round(CHART_WIDTH * min(prev, 100) / 100, 2)
                if prev is not None
                else None,
                plan_x=round(CHART_LEFT + CHART_WIDTH * min(plan, 100) / 100, 2)
                if plan is not None
                else None,
                plan_y1=top - 2,
                plan_y2=top + 20,
                value_x=CHART_LEFT + now_width + 4,
                now_share=c.share,
            )
        )
    axis_y = len(bars) * ROW_HEIGHT + 12
    ticks = [
        {"x": CHART_LEFT + CHART_WIDTH * p / 100, "label": f"{p}%"} for p in (0, 25, 50, 75, 100)
    ]
    return {
        "bars": bars,
        "height": axis_y + 22,
        "axis_y": axis_y,
        "tick_label_y": axis_y + 14,
        "ticks": ticks,
        "left": CHART_LEFT,
        "label_x": CHART_LEFT - 8,
        "width": CHART_LEFT + CHART_WIDTH + 60,
        "has_prev": any(b.prev_width is not None for b in bars),
        "has_plan": any(b.plan_x is not None for b in bars),
    }


def standard_trend(
    unit: AdminUnit, years: list[int], counts: dict[int, YearCounts] | None = None
) -> dict[str, object]:
    """Communes meeting the standard (đạt chuẩn) in each year, the provisional years marked."""
    if counts is None:
        counts = selectors.unit_counts(unit=unit, years=years)
    sizes = selectors.criteria_counts(unit=unit, years=years)
    points = []
    for year in years:
        c = counts.get(year)
        if c is None or not c.started or year not in sizes:
            points.append(TrendPoint(year, None, _("chưa có")))
            continue
        total = sizes[year]
        held = c.holding_standard(total)
        points.append(
            TrendPoint(
                year,
                held,
                format_number(held),
                provisional=c.provisional,
                series=str(c.period or ""),
                former=before_in_force(unit, year),
            )
        )
    # The axis runs from 0 to the best year, so that a change of a few communes shows.
    scale = max((p.value for p in points if p.value is not None), default=1)
    return trend_chart(points, scale=scale)


RELATION_LABELS = {
    "same": _lazy("giữ nguyên định nghĩa"),
    "changed": _lazy("định nghĩa thay đổi"),
    "merged": _lazy("gộp từ nhiều tiêu chí"),
    "new": _lazy("tiêu chí mới"),
}


def criterion_trend_chart(
    unit: AdminUnit, year: int, criterion: CriterionFigures, counts: dict[int, YearCounts]
) -> dict[str, object]:
    """Communes meeting one criterion each year, continued into older periods by the crosswalk.

    The series breaks (a dashed line) where the definition changed or the
    pairing is not verified; ``steps`` name each older period's criterion.
    """
    points = []
    trend = selectors.criterion_trend(unit=unit, year=year, number=criterion.number, counts=counts)
    for p in trend:
        if p.communes is None:
            label = _("gộp") if p.step is not None and p.series else _("chưa có")
            former = before_in_force(unit, p.year)
            points.append(TrendPoint(p.year, None, label, p.provisional, p.series, former))
            continue
        points.append(
            TrendPoint(
                p.year,
                p.communes,
                format_number(p.communes),
                p.provisional,
                p.series,
                before_in_force(unit, p.year),
            )
        )
    steps = []
    for step in {p.step.period: p.step for p in trend if p.step is not None}.values():
        names = "; ".join(f"{n}. {name}" for n, name in zip(step.numbers, step.names, strict=True))
        steps.append(
            {
                "period": f"{step.period}-{step.period_end}",
                "criteria": names,
                "relation": RELATION_LABELS.get(step.relation, step.relation),
                "verified": step.verified,
                "broken": not step.continuous,
                "countable": step.countable,
            }
        )
    scale = max((p.value for p in points if p.value is not None), default=1)
    chart = trend_chart(points, scale=scale)
    chart["steps"] = steps
    chart["criterion"] = criterion
    return chart


def _years(user: Any, unit: AdminUnit) -> dict[int, int]:
    """Years with assessments within ``unit`` (as the user sees them), with how many there are.

    A unit formed by a reorganisation also has the years before it on its territory (the
    units it took in), so that its trend runs across the change.
    """
    where = subtrees([unit], "commune")
    if unit.valid_from is not None:
        where |= subtrees(territory(unit=unit), "commune") & Q(year__lt=unit.valid_from.year)
    qs = restrict(user, Assessment.objects.standard().filter(where), unit_field="commune")
    rows = qs.values("year").annotate(n=Count("id")).values_list("year", "n")
    return dict(sorted(rows))


def _default_year(years: dict[int, int]) -> int:
    """The latest year whose files cover at least half as many communes as the best-covered year.

    A year whose campaign has just opened (a handful of drafts) would otherwise
    show figures that look like a collapse.
    """
    most = max(years.values())
    return max(y for y, n in years.items() if 2 * n >= most)


def _crumbs(user: Any, unit: AdminUnit, year: int) -> list[dict[str, Any]]:
    visible = set(
        units_restrict(user)
        .values_list("pk", flat=True)
        .filter(pk__in=[a.pk for a in unit.ancestors()])
    )
    crumbs = [{"label": _("Tổng quan"), "url": reverse("analytics:dashboard") + f"?year={year}"}]
    for ancestor in unit.ancestors():
        if ancestor.pk in visible:
            crumbs.append(
                {
                    "label": str(ancestor),
                    "url": reverse("analytics:unit_dashboard", args=[ancestor.pk])
                    + f"?year={year}",
                }
            )
    crumbs.append({"label": str(unit), "url": ""})
    return crumbs


def _band_segments(figures: UnitFigures) -> list[dict[str, Any]]:
    """The distribution bands with their css class (darkest for the standard) and width."""
    bands = figures.bands
    out = []
    x = 0.0
    for index, band in enumerate(bands):
        prev = None
        if figures.previous_bands is not None and index < len(figures.previous_bands):
            prev = figures.previous_bands[index].communes
        shade = min(index, 4)
        width = float(band.share or 0)
        out.append({"band": band, "shade": shade, "width": width, "x": x, "previous": prev})
        x += width
    return out


class DashboardView(View):
    """The user's home: the dashboard of their unit (a commune officer goes to their commune)."""

    template_name = "analytics/dashboard.html"

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        user = request.user
        wanted = request_int(request, "unit", low=1)
        asked_year = request_year(request)
        if pk is None and wanted is not None:
            url = reverse("analytics:unit_dashboard", args=[wanted])
            return redirect(f"{url}?year={asked_year}" if asked_year else url)
        try:
            unit = home_unit(user) if pk is None else unit_or_404(user, pk)
        except Http404:
            if pk is not None:
                raise
            return render(
                request,
                "analytics/empty.html",
                {
                    "reason": _(
                        "Tài khoản chưa được gán đơn vị hành chính; xin liên hệ quản trị viên."
                    )
                },
            )
        if unit is None:
            return render(
                request, "analytics/empty.html", {"reason": _("Chưa có đơn vị hành chính nào.")}
            )
        if unit.level >= AdminUnit.Level.COMMUNE:
            url = reverse("assessments:commune_detail", args=[unit.pk])
            return redirect(f"{url}?year={asked_year}" if asked_year else url)
        years = _years(user, unit)
        if not years:
            return render(
                request,
                "analytics/empty.html",
                {"unit": unit, "reason": _("Chưa có hồ sơ đánh giá nào trong đơn vị này.")},
            )
        year = requested_year(request, list(years), default=_default_year(years))
        try:
            # read as ``selectors.unit_figures`` reads it, keeping the districts' counts for the map
            data = selectors.unit_year_data(unit=unit, year=year, user=user)
        except ApplicationError as exc:
            raise Http404(exc.message) from exc
        figures = metrics.unit_figures_of(data)
        shown_years = [y for y in years if y <= year]
        # read once for both trends: the standard's and the chosen criterion's
        counts = selectors.unit_counts(unit=unit, years=shown_years)
        context: dict[str, Any] = {
            "unit": unit,
            "year": year,
            "years": list(years),
            "figures": figures,
            "bands": _band_segments(figures),
            "chart": attainment_chart(figures.criteria),
            "trend": standard_trend(unit, shown_years, counts),
            "criterion_trend": _criterion_trend(request, unit, year, figures, counts),
            "higher_titles": selectors.higher_titles(unit=unit, year=year, user=user),
            "districts": selectors.district_summary(unit=unit, year=year, user=user),
            "ocop": (ocop := ocop_figures(unit=unit, year=year)),
            "ocop_progress": [
                p
                for p in metrics.ocop_progress(ocop, targets_for(unit=unit, year=year))
                if p.target is not None
            ],
            "villages": selectors.village_counts(unit=unit, year=year),
            "previous_year": year - 1,
            "breadcrumbs": _crumbs(user, unit, year) if pk is not None else [],
            "provinces": _provinces_for_central(user, year),
        }
        if unit.level == AdminUnit.Level.PROVINCE:
            context["ranking"] = [{"row": row, "pk": row.unit_id} for row in figures.subunits]
        else:
            context["communes"] = _commune_rows(user, unit, year)
        context["map"] = _choropleth_map(
            request, user, unit, year, figures, data, context.get("communes")
        )
        context["unit_maps"] = _unit_maps(user, unit)
        return render(request, self.template_name, context)


def _unit_maps(user: Any, unit: AdminUnit) -> list[dict[str, Any]]:
    """The official lists on whose map this code has a version the user may see, with that
    version: the same year stated on another list's map is that version's dashboard (a past
    year counts the territory's former communes). Empty, with no query, for a unit no
    reorganisation touched."""
    if unit.valid_from is None and unit.valid_to is None:
        return []
    versions = unit_versions(level=unit.level, codes=[unit.code]).get(unit.code, [])
    out: list[dict[str, Any]] = []
    for name, listing in UNIT_LISTS.items():
        on_day = [
            v
            for v in versions
            if (v.valid_from is None or v.valid_from <= listing.day)
            and (v.valid_to is None or v.valid_to > listing.day)
        ]
        if on_day and unit_in_scope(user, on_day[-1]):
            out.append({"list": name, "unit": on_day[-1], "current": on_day[-1].pk == unit.pk})
    return out if len({m["unit"].pk for m in out}) > 1 else []


def _criterion_trend(
    request: HttpRequest,
    unit: AdminUnit,
    year: int,
    figures: UnitFigures,
    counts: dict[int, YearCounts],
) -> dict[str, object] | None:
    """The trend of the criterion asked for in ``?criterion=`` (the first one by default)."""
    if not figures.criteria:
        return None
    wanted = request_int(request, "criterion", low=1)
    chosen = next((c for c in figures.criteria if c.number == wanted), figures.criteria[0])
    return criterion_trend_chart(unit, year, chosen, counts)


def _provinces_for_central(user: Any, year: int) -> list[AdminUnit]:
    """The provinces a central officer can switch between (others see their own units only)."""
    if user_role(user) != "central":
        return []
    return list(
        AdminUnit.objects.valid_in_year(year)
        .filter(level=AdminUnit.Level.PROVINCE)
        .order_by("code")
    )


def _commune_rows(user: Any, unit: AdminUnit, year: int) -> list[dict[str, Any]]:
    """A district's communes with their criteria met this year and last, and their file's state."""
    communes = list(
        units_restrict(user, selectors.communes_in(unit=unit, year=year)).order_by("code")
    )
    files = restrict(
        user,
        Assessment.objects.standard().filter(
            commune__in=[c.pk for c in communes], year__in=[year, year - 1]
        ),
        unit_field="commune",
    ).annotate(known=selectors.with_results())
    files = files.values(
        "commune_id", "year", "criteria_met", "criteria_total", "meets_standard", "state", "known"
    )
    by_key = {(f["commune_id"], f["year"]): f for f in files}
    rows = []
    for commune in communes:
        now = by_key.get((commune.pk, year))
        before = by_key.get((commune.pk, year - 1))
        change = None
        if now is not None and before is not None:
            change = now["criteria_met"] - before["criteria_met"]
        rows.append(
            {
                "commune": commune,
                "now": now,
                "before": before,
                "change": change,
                "state_label": Assessment.State(now["state"]).label if now else "",
            }
        )
    rows.sort(key=lambda r: (-(r["now"]["criteria_met"] if r["now"] else -1), r["commune"].name))
    return rows


MAP_MEASURES = {
    "criteria": _lazy("Số tiêu chí đạt"),
    "status": _lazy("Đạt chuẩn"),
    "recognition": _lazy("Quyết định công nhận"),
}


def _district_value(
    measure: str,
    row: metrics.SubunitFigures,
    counts: metrics.SubunitCounts | None,
    criteria_count: int,
) -> drawing.Value:
    """A district's value on the map: its average, or its share of communes đạt chuẩn / holding a
    decision, from the figures its ranking shows."""
    if measure == "criteria":
        return drawing.criteria_value(row.average, criteria_count=criteria_count, places=2)
    if measure == "status":
        return drawing.share_value(row.standard, row.communes)
    recognised = counts.now.recognised if counts is not None else 0
    return drawing.share_value(recognised, row.communes)


def _commune_value(
    measure: str, row: dict[str, Any], recognised: bool, criteria_count: int
) -> drawing.Value:
    """A commune's value on the map, from its row in the list of communes.

    Assessed as the counts say: a file giving some criterion a result; đạt
    chuẩn: a decision in force, or a file meeting every criterion of its set.
    """
    now = row["now"]
    assessed = now is not None and (now["criteria_met"] > 0 or bool(now["known"]))
    if measure == "criteria":
        met = now["criteria_met"] if assessed else None
        return drawing.criteria_value(met, criteria_count=criteria_count, places=0)
    if measure == "status":
        meets_all = (
            assessed and now["criteria_total"] > 0 and now["criteria_met"] >= now["criteria_total"]
        )
        return drawing.commune_status(standard=recognised or meets_all, assessed=assessed)
    return drawing.commune_recognition(recognised)


def _choropleth_map(
    request: HttpRequest,
    user: Any,
    unit: AdminUnit,
    year: int,
    figures: UnitFigures,
    data: metrics.UnitYearData,
    communes: list[dict[str, Any]] | None,
) -> dict[str, Any] | None:
    """The sub-units that have a boundary on a loaded map, coloured by ``?map=`` (docs/maps.md).

    The districts of a province (each linking to its dashboard), else the
    communes of a district or of a province of two tiers (each linking to its
    page). None when no loaded map holds any of them.
    """
    measure = request.GET.get("map", "")
    if measure not in drawing.MEASURES:
        measure = drawing.MEASURES[0]
    n = figures.criteria_count
    shapes: MapShapes | None
    values: dict[int, drawing.Value]
    if figures.subunits:
        shapes = unit_shapes(unit_ids=[s.unit_id for s in figures.subunits if s.unit_id])
        if shapes is None:
            return None
        counts = {c.unit_id: c for c in data.subunits}
        values = {
            s.unit_id: _district_value(measure, s, counts.get(s.unit_id), n)
            for s in figures.subunits
            if s.unit_id is not None
        }
        link = "analytics:unit_dashboard"
    else:
        if communes is None:  # a province of two tiers: its communes, once a map holds them
            shapes = unit_shapes(
                unit_ids=selectors.communes_in(unit=unit, year=year).values_list("id", flat=True)
            )
            if shapes is None:
                return None
            communes = _commune_rows(user, unit, year)
        else:
            shapes = unit_shapes(unit_ids=[r["commune"].pk for r in communes])
            if shapes is None:
                return None
        recognised = selectors.communes_recognised(
            commune_ids=[r["commune"].pk for r in communes], year=year
        )
        values = {
            r["commune"].pk: _commune_value(measure, r, r["commune"].pk in recognised, n)
            for r in communes
        }
        link = "assessments:commune_detail"
    chart = drawing.choropleth(
        source=shapes.source,
        shapes=shapes.shapes,
        measure=measure,
        year=year,
        values=values,
        communes=not figures.subunits,
        criteria_count=n,
    )
    if not chart.shapes:
        return None
    projection = drawing.projection_for(chart.shapes)
    items = []
    for shape in chart.shapes:
        value = chart.value_of(shape)
        items.append(
            {
                "name": shape.name,
                "value": value.text,
                "fill": drawing.color(value.shade),
                "d": drawing.svg_path(shape, projection),
                "url": reverse(link, args=[shape.unit_id]) + f"?year={year}",
            }
        )
    return {
        "chart": chart,
        "items": items,
        "width": projection.width,
        "height": projection.height,
        "outline": drawing.OUTLINE,
        "measures": [
            {
                "key": key,
                "label": label,
                "current": key == measure,
                "url": f"?year={year}&map={key}",
            }
            for key, label in MAP_MEASURES.items()
        ],
    }
