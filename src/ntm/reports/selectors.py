"""Reading a report's data: every query of the annual report and of its appendix is here.

``report_data`` gathers, in one read, what the annual report prints
(``reports.data.ReportData``): the figures come from the read the dashboard
makes (``analytics.selectors.unit_year_data``, each year counted once, from
the base year of the criteria set), plus the commune lists, the office's
texts and the appendix table built from the same counts. The narrative,
charts, document builder and renderers then take that structure and never
query.
"""

import dataclasses
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from ntm.accounts.scope import ensure_in_scope
from ntm.activities.models import Course, Directive, Event, ValueChain
from ntm.analytics import metrics
from ntm.analytics.selectors import (
    Territory,
    communes_criteria_met,
    communes_in,
    criteria_info,
    criteria_set_of,
    higher_titles_by_year,
    targets_of,
    territory_higher_titles,
    territory_year_data,
    unit_counts,
    unit_year_data,
)
from ntm.assessments.models import Assessment
from ntm.assessments.selectors import district_set, district_standings
from ntm.maps import drawing
from ntm.maps.selectors import map_figure
from ntm.ocop.selectors import ocop_figures
from ntm.plans.models import Target, TargetCommune
from ntm.plans.rows import PLAN_ROWS
from ntm.reports.appendix import AppendixTable, appendix_columns, appendix_table_build
from ntm.reports.data import (
    Activities,
    ChainLine,
    CommuneName,
    CourseLine,
    DirectiveLine,
    DistrictLine,
    DistrictSection,
    EventLine,
    FundSum,
    PlanTarget,
    ReportData,
    ResourceFigures,
    average_series,
)
from ntm.reports.issuing import IssuingSetting, Reference
from ntm.reports.models import DocumentSetting, ReferenceFigure, ReportText
from ntm.reports.names import ReportUnit
from ntm.resources.selectors import fund_sums, support_sums
from ntm.units.models import AdminUnit


def report_unit_of(unit: AdminUnit, setting: IssuingSetting | None = None) -> ReportUnit:
    """How the report names ``unit``; symbol and issuer from the office's ``setting``, else the
    defaults of ``reports.names``."""
    named = ReportUnit(
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        is_province=unit.level == AdminUnit.Level.PROVINCE,
    )
    if setting is None:
        return named
    changes = {}
    if setting.symbol:
        changes["symbol"] = setting.symbol
    if setting.issuer_lines:
        changes["issuer"] = "\n".join(setting.issuer_lines)
    return dataclasses.replace(named, **changes)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def issuing_setting_of(row: DocumentSetting | None) -> IssuingSetting:
    """A stored setting as the report takes it (None: NTM's defaults)."""
    if row is None:
        return IssuingSetting()
    return IssuingSetting(
        issuer_parent=row.issuer_parent.strip(),
        issuer_lines=_lines(row.issuer),
        symbol=row.symbol.strip(),
        number=row.number.strip(),
        place=row.place.strip(),
        date=row.date,
        signature_lines=_lines(row.signature),
        signer=row.signer.strip(),
        recipients=_lines(row.recipients),
        headings={k: v.strip() for k, v in (row.headings or {}).items() if str(v).strip()},
    )


def document_setting_row(*, unit: AdminUnit, year: int | None) -> DocumentSetting | None:
    """The setting that applies to ``unit``'s report of ``year``: that year's, else the unit's
    own (year left empty); one query. ``year`` None: the unit's own."""
    if year is None:
        return DocumentSetting.objects.filter(unit=unit, year__isnull=True).first()
    rows = list(
        DocumentSetting.objects.filter(unit=unit).filter(Q(year=year) | Q(year__isnull=True))
    )
    rows.sort(key=lambda r: r.year is None)
    return rows[0] if rows else None


def report_references(*, unit: AdminUnit, year: int) -> dict[str, Reference]:
    """The reference figures the office entered for ``unit``'s report of ``year``, by key."""
    return {
        r.key: Reference(
            key=r.key,
            value=r.value,
            unit_label=r.unit_label,
            subject=r.subject,
            source=r.source,
            note=r.note,
        )
        for r in ReferenceFigure.objects.filter(unit=unit, year=year)
    }


def _commune_names(qs: QuerySet[AdminUnit]) -> tuple[CommuneName, ...]:
    return tuple(
        CommuneName(
            u.code,
            u.name,
            u.kind,
            u.parent.name if u.parent else "",
            u.parent.kind if u.parent else "",
        )
        for u in qs.select_related("parent").order_by("parent__code", "code")
    )


def standard_communes_new(
    *, unit: AdminUnit, year: int, criteria_count: int
) -> tuple[CommuneName, ...]:
    """Communes meeting all criteria in ``year`` that did not the year before."""
    communes = communes_in(unit=unit, year=year)
    now = (
        Assessment.objects.standard()
        .filter(year=year, commune__in=communes.values("id"), criteria_met__gte=criteria_count)
        .values("commune")
    )
    before = (
        Assessment.objects.standard()
        .filter(year=year - 1, commune__in=communes.values("id"), criteria_met__gte=criteria_count)
        .values("commune")
    )
    return _commune_names(communes.filter(pk__in=now).exclude(pk__in=before))


def target_communes(*, unit: AdminUnit, year: int) -> tuple[CommuneName, ...]:
    """Communes the unit's plan for ``year`` names as striving for the standard (plans.TargetCommune)."""
    ids = TargetCommune.objects.filter(unit=unit, year=year, title="dat_chuan").values("commune")
    return _commune_names(AdminUnit.objects.filter(pk__in=ids))


def target_communes_missed(
    *, unit: AdminUnit, year: int, criteria_count: int
) -> tuple[CommuneName, ...]:
    """Communes planned to meet the standard in ``year`` that did not."""
    ids = TargetCommune.objects.filter(unit=unit, year=year, title="dat_chuan").values("commune")
    met = (
        Assessment.objects.standard()
        .filter(year=year, commune__in=ids, criteria_met__gte=criteria_count)
        .values("commune")
    )
    return _commune_names(AdminUnit.objects.filter(pk__in=ids).exclude(pk__in=met))


def report_texts(*, unit: AdminUnit, year: int) -> dict[str, str]:
    """The office's texts of the report by section key; empty texts are left out."""
    return {
        k: v
        for k, v in ReportText.objects.filter(unit=unit, year=year).values_list("section", "text")
        if v.strip()
    }


def district_section(*, unit: AdminUnit, year: int) -> DistrictSection | None:
    """The report's district-level units (the province's, or the district itself) against the
    district set of ``year``; None where no district set is in force or there is no district."""
    if unit.level not in (AdminUnit.Level.DISTRICT, AdminUnit.Level.PROVINCE):
        return None
    if district_set(district=unit, year=year) is None:
        return None
    if unit.level == AdminUnit.Level.DISTRICT:
        districts = [unit]
    else:
        districts = list(
            AdminUnit.objects.valid_in_year(year)
            .within(unit)
            .filter(level=AdminUnit.Level.DISTRICT)
            .select_related("province")
            .order_by("code")
        )
    standings = district_standings(districts=districts, year=year)
    if not standings or standings[0].criteria_set is None:
        return None
    return DistrictSection(
        legal_basis=standings[0].criteria_set.legal_basis,
        lines=tuple(
            DistrictLine(
                name=str(s.district)[:1].lower() + str(s.district)[1:],
                standing=s.standing,
                results=tuple(s.results),
            )
            for s in standings
        ),
    )


def report_data(*, unit: AdminUnit, year: int, user: Any = None) -> ReportData:
    """Everything the annual report of ``unit`` for ``year`` prints, in one read.

    ``user`` (optional) restricts to the user's units.
    """
    source = unit_year_data(unit=unit, year=year, user=user, since_base_year=True)
    figures = metrics.unit_figures_of(source)
    th_years = [
        y for kind, y in appendix_columns(base_year=source.base_year, year=year) if kind == "TH"
    ]
    titles = higher_titles_by_year(unit=unit, years=th_years)
    n = figures.criteria_count
    setting = issuing_setting_of(document_setting_row(unit=unit, year=year))
    named = report_unit_of(unit, setting)
    return ReportData(
        unit=named,
        year=year,
        source=source,
        figures=figures,
        new_communes=standard_communes_new(unit=unit, year=year, criteria_count=n),
        missed_communes=target_communes_missed(unit=unit, year=year, criteria_count=n),
        target_communes=target_communes(unit=unit, year=year + 1),
        average_series=average_series(source.counts, first=source.base_year, last=year),
        texts=report_texts(unit=unit, year=year),
        districts=district_section(unit=unit, year=year),
        ocop=ocop_figures(unit=unit, year=year),
        appendix=appendix_table_build(
            unit=named,
            year=year,
            base_year=source.base_year,
            criteria=source.criteria,
            counts=source.counts,
            next_plan=source.next_plan,
            period=source.period,
            titles=titles,
        ),
        higher_titles=tuple(titles[year]),
        map=report_map(unit=unit, year=year, figures=figures),
        resources=resource_figures(unit=unit, year=year),
        activities=report_activities(unit=unit, year=year),
        setting=setting,
        references=report_references(unit=unit, year=year),
        plan_targets=plan_targets(unit=unit, year=year + 1),
    )


def report_activities(*, unit: AdminUnit, year: int) -> Activities:
    """The year's courses and value chains of ``unit`` and the units below it, and the
    directives and events ``unit`` itself issued and held (parts I.1, I.3-I.6).

    Five queries whatever the number of units: courses, events, directives, value
    chains, and the chains' communes with their districts.
    """
    below = {"unit__path__startswith": unit.path}
    courses = tuple(
        CourseLine(
            own=c.unit_id == unit.pk,
            unit_code=c.unit.code,
            kind=c.kind,
            classes=c.classes,
            participants=c.participants,
        )
        for c in Course.objects.filter(year=year, **below)
        .select_related("unit")
        .order_by("unit__path", "kind")
    )
    events = tuple(
        EventLine(date=e.date, kind=e.get_kind_display(), description=e.description)
        for e in Event.objects.filter(unit=unit, date__year=year).order_by("date", "pk")
    )
    directives = tuple(
        DirectiveLine(
            kind=str(d.get_kind_display()),
            number=d.number,
            date=d.date,
            issuer=d.issuer,
            subject=d.subject,
            rank=Directive.Kind.values.index(d.kind),
        )
        for d in Directive.objects.filter(unit=unit, date__year=year).order_by("date", "number")
    )
    chains = list(ValueChain.objects.filter(year=year, **below).order_by("unit__path", "plan_code"))
    through = ValueChain.communes.through
    communes: dict[int, list[CommuneName]] = {}
    links = (
        through.objects.filter(valuechain__in=[c.pk for c in chains])
        .select_related("adminunit__parent")
        .order_by("pk")
    )
    for link in links:
        u = link.adminunit
        communes.setdefault(link.valuechain_id, []).append(
            CommuneName(
                u.code,
                u.name,
                u.kind,
                u.parent.name if u.parent else "",
                u.parent.kind if u.parent else "",
            )
        )
    return Activities(
        is_province=unit.level == AdminUnit.Level.PROVINCE,
        courses=courses,
        events=events,
        directives=directives,
        chains=tuple(
            ChainLine(
                own=c.unit_id == unit.pk and not c.districts,
                plans=c.plans,
                plan=c.plan,
                product=c.product,
                communes=tuple(communes.get(c.pk, ())),
            )
            for c in chains
        ),
    )


def resource_figures(*, unit: AdminUnit, year: int) -> ResourceFigures:
    """The year's funds by source and level and the communes' support, of ``unit`` and every
    unit below it (parts I.7, I.8): two queries, however many units."""
    funds = tuple(
        FundSum(
            source=row["source"],
            level=row["level"],
            allocated=row["allocated_sum"],
            disbursed=row["disbursed_sum"] if row["stated"] == row["rows"] else None,
            as_of=row["as_of_max"],
        )
        for row in fund_sums(unit=unit, year=year)
    )
    support = support_sums(unit=unit, year=year)
    zero = Decimal(0)
    return ResourceFigures(
        year=year,
        unit_level=unit.level,
        unit_kind=unit.kind,
        funds=funds,
        supports=support["rows"] or 0,
        cash=support["cash_sum"] or zero,
        in_kind=support["in_kind_sum"] or zero,
        materials=support["materials_sum"] or zero,
    )


def plan_targets(*, unit: AdminUnit, year: int) -> tuple[PlanTarget, ...]:
    """The targets of ``year``'s plan that part III.1 writes beyond the table: the unit's own
    (with their ranges and notes) and those of its districts in force that year for the rows
    the province's plan sets per district (``plans.rows.PLAN_ROWS``), in the plan's order.

    One query, however many districts.
    """
    districts = (
        AdminUnit.objects.valid_in_year(year)
        .within(unit)
        .filter(level=AdminUnit.Level.DISTRICT)
        .exclude(pk=unit.pk)
    )
    rows = (
        Target.objects.filter(year=year)
        .filter(Q(unit=unit) | Q(unit__in=districts, row_id__in=[r.key for r in PLAN_ROWS]))
        .select_related("unit")
        .order_by("id")
    )
    return tuple(
        PlanTarget(
            row_id=t.row_id,
            value=t.value,
            high=t.high,
            note=t.note,
            own=t.unit_id == unit.pk,
            unit_name=t.unit.name,
            unit_kind=t.unit.kind,
        )
        for t in rows
    )


def report_map(
    *, unit: AdminUnit, year: int, figures: metrics.UnitFigures
) -> drawing.Choropleth | None:
    """The report's map: the districts by their average criteria per commune (the figures the
    report prints), else the communes by their criteria met; None when no loaded map holds them.

    One query (the boundaries) without a map; the communes' files one more with it.
    """
    n = figures.criteria_count
    if figures.subunits:
        averages = {
            s.unit_id: drawing.criteria_value(s.average, criteria_count=n, places=2)
            for s in figures.subunits
            if s.unit_id is not None
        }
        return map_figure(
            unit_ids=list(averages),
            values=lambda _ids: averages,
            measure="criteria",
            year=year,
            communes=False,
            criteria_count=n,
        )
    communes = communes_in(unit=unit, year=year)

    def values(ids: list[int]) -> dict[int, drawing.Value]:
        met = communes_criteria_met(communes=communes, year=year)
        return {pk: drawing.criteria_value(met.get(pk), criteria_count=n, places=0) for pk in ids}

    return map_figure(
        unit_ids=communes.values_list("id", flat=True),
        values=values,
        measure="criteria",
        year=year,
        communes=True,
        criteria_count=n,
    )


def appendix_table(*, unit: AdminUnit, year: int, user: Any = None) -> AppendixTable:
    """The appendix of ``unit``'s report for ``year`` alone (its page, downloads and jobs).

    Reads only what the table needs (the TH years' counts, in one grouped read,
    next year's targets, the office's symbol for the caption) and builds it as
    ``report_data`` does.
    """
    if user is not None:
        ensure_in_scope(user, unit)
    cset = criteria_set_of(unit=unit, year=year)
    years = [y for kind, y in appendix_columns(base_year=cset.base_year, year=year) if kind == "TH"]
    setting = issuing_setting_of(document_setting_row(unit=unit, year=year))
    return appendix_table_build(
        unit=report_unit_of(unit, setting),
        year=year,
        base_year=cset.base_year,
        criteria=criteria_info(criteria_set=cset),
        counts=unit_counts(unit=unit, years=years),
        next_plan=targets_of(unit=unit, years=[year + 1])[year + 1],
        period=cset.period_start,
        titles=higher_titles_by_year(unit=unit, years=years),
    )


# --- the whole country and its regions -----------------------------------------------------------


def territory_report_unit(territory: Territory) -> ReportUnit:
    """How the figures and the appendix name a territory: "Cả nước", "vùng Tây Nguyên"."""
    return ReportUnit(
        code=territory.code, name=territory.name, kind=territory.kind, is_province=False
    )


def territory_report_data(*, territory: Territory, year: int, user: Any = None) -> ReportData:
    """A territory's figures as the report's figure paragraphs and its appendix read them: the
    same computation as a unit's (``analytics.selectors.territory_year_data``), its provinces
    as the sub-units. What belongs to an office's own report (texts, plans, funds, the lists
    of communes by name) is not part of it."""
    source = territory_year_data(territory=territory, year=year, user=user, since_base_year=True)
    figures = metrics.unit_figures_of(source)
    th_years = [
        y for kind, y in appendix_columns(base_year=source.base_year, year=year) if kind == "TH"
    ]
    titles = territory_higher_titles(territory=territory, years=th_years)
    named = territory_report_unit(territory)
    return ReportData(
        unit=named,
        year=year,
        source=source,
        figures=figures,
        new_communes=(),
        missed_communes=(),
        target_communes=(),
        average_series=average_series(source.counts, first=source.base_year, last=year),
        texts={},
        appendix=appendix_table_build(
            unit=named,
            year=year,
            base_year=source.base_year,
            criteria=source.criteria,
            counts=source.counts,
            next_plan={},
            period=source.period,
            titles=titles,
        ),
        higher_titles=tuple(titles.get(year, ())),
    )


def territory_appendix_table(*, territory: Territory, year: int, user: Any = None) -> AppendixTable:
    """The appendix of the territory's year (``territory_report_data``'s)."""
    return territory_report_data(territory=territory, year=year, user=user).appendix
