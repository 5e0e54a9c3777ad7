"""Reads of open data: which province-years are published and final, and what they show.

A year is shown only while it is published (not withdrawn) **and** final, asked
again at every request: a file reopened or returned, or a new draft of one of
its communes, and the year answers 404 until it is final again. "Final" is the
dashboard's own (``analytics.metrics.YearCounts.final``: every commune of the
province has a standard file appraised or recognised), never a second rule.

What a year shows is read by the selectors of the dashboard
(``analytics.selectors.unit_figures``), the report's appendix
(``reports.selectors.appendix_table``) and the OCOP registry
(``ocop.selectors.certified_products``) into one ``data.OpenYear``.
"""

from typing import Any

from django.db.models import QuerySet

from ntm.accounts.scope import units_restrict
from ntm.analytics.selectors import (
    communes_criteria_met,
    communes_in,
    communes_recognised,
    criteria_set_of,
    unit_counts,
    unit_figures,
)
from ntm.assessments.models import Assessment
from ntm.ocop import rules as ocop_rules
from ntm.ocop.selectors import certified_products
from ntm.opendata.data import CommuneLine, OpenYear
from ntm.opendata.models import Publication
from ntm.reports.appendix import appendix_columns
from ntm.reports.selectors import appendix_table
from ntm.units.models import AdminUnit
from ntm.units.selectors import subtrees, territory


def year_final(*, province: AdminUnit, year: int) -> bool:
    """Whether every commune of ``province`` has its standard file of ``year`` appraised or
    recognised (the dashboard's final year, ``YearCounts.final``)."""
    counts = unit_counts(unit=province, years=[year])[year]
    return counts.communes > 0 and counts.final


def _active() -> QuerySet[Publication]:
    return Publication.objects.filter(withdrawn_at__isnull=True).select_related("province")


def published_years() -> list[Publication]:
    """The published province-years that are final now (the public index), by province."""
    return [
        p
        for p in _active().order_by("province__name", "-year")
        if year_final(province=p.province, year=p.year)
    ]


def published_year(*, code: str, year: int) -> Publication | None:
    """The publication of the province coded ``code`` for ``year``, if published and final now."""
    publication = _active().filter(province__code=code, year=year).first()
    if publication is None or not year_final(province=publication.province, year=year):
        return None
    return publication


def _commune_lines(province: AdminUnit, year: int) -> tuple[CommuneLine, ...]:
    communes = communes_in(unit=province, year=year).select_related("parent")
    met = communes_criteria_met(communes=communes, year=year)
    recognised = communes_recognised(commune_ids=[c.pk for c in communes], year=year)
    files = {
        a.commune_id: a
        for a in Assessment.objects.standard().filter(year=year, commune__in=communes)
    }
    lines = []
    for c in communes.order_by("code"):
        file = files.get(c.pk)
        lines.append(
            CommuneLine(
                code=c.code,
                name=c.name,
                district=(
                    c.parent.name if c.parent and c.parent.level == AdminUnit.Level.DISTRICT else ""
                ),
                state=file.state if file else "",
                state_label=file.state_label() if file else "",
                criteria_met=met.get(c.pk),
                criteria_total=file.criteria_total if file else None,
                recognised=c.pk in recognised,
            )
        )
    return tuple(lines)


def appendix_waits_for(*, province: AdminUnit, year: int) -> tuple[int, ...]:
    """The other years the report's appendix of ``year`` prints (its TH columns: the
    period's base year, the year before) that hold communes' files and are not published
    and final: until none is left, the appendix is not open. A year without any file
    prints only the number of communes; the KH column is the plan the province adopted
    for next year."""
    base_year = criteria_set_of(unit=province, year=year).base_year
    printed = [
        y
        for kind, y in appendix_columns(base_year=base_year, year=year)
        if kind == "TH" and y != year
    ]
    with_files = set(
        Assessment.objects.standard()
        .filter(subtrees(territory(unit=province), "commune"), year__in=printed)
        .values_list("year", flat=True)
    )
    published = set(
        _active().filter(province=province, year__in=printed).values_list("year", flat=True)
    )
    return tuple(
        y
        for y in printed
        if y in with_files and (y not in published or not year_final(province=province, year=y))
    )


def open_year(*, publication: Publication) -> OpenYear:
    """Everything the public page and the downloads of a published year show, in one read."""
    province, year = publication.province, publication.year
    waits = appendix_waits_for(province=province, year=year)
    return OpenYear(
        province_code=province.code,
        province_name=province.name,
        year=year,
        licence=publication.licence,
        published_at=publication.published_at,
        figures=unit_figures(unit=province, year=year),
        communes=_commune_lines(province, year),
        products=tuple(certified_products(unit=province, on=ocop_rules.year_date(year))),
        appendix=None if waits else appendix_table(unit=province, year=year),
        appendix_waits_for=waits,
    )


# --- the office's page -----------------------------------------------------------------------


def office_provinces(*, user: Any) -> list[AdminUnit]:
    """The provinces (in force) whose open data the user's office sees."""
    return list(
        units_restrict(
            user, AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, valid_to__isnull=True)
        ).order_by("code")
    )


def office_years(*, province: AdminUnit) -> list[dict[str, Any]]:
    """The years with files on the province's territory: final or not, published or not."""
    within = subtrees(territory(unit=province), "commune")
    years = sorted(
        set(Assessment.objects.standard().filter(within).values_list("year", flat=True)),
        reverse=True,
    )
    publications = {p.year: p for p in Publication.objects.filter(province=province)}
    rows = []
    for year in years:
        publication = publications.get(year)
        rows.append(
            {
                "year": year,
                "final": year_final(province=province, year=year),
                "publication": publication,
                "published": publication is not None and publication.withdrawn_at is None,
            }
        )
    return rows
