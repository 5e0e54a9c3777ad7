"""Reads of the data's quality: a printed appendix reconciled with the unit's figures, and
what each commune lacks to meet the standard (gap analysis)."""

import io
from dataclasses import dataclass
from typing import Any

from ntm.accounts.scope import ensure_in_scope, units_restrict
from ntm.analytics.selectors import communes_in, communes_recognised, unit_figures
from ntm.assessments.models import Assessment, CriterionStatus
from ntm.assessments.selectors import files_violations
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet
from ntm.evaluation.quality_rules import Violation
from ntm.interchange.errors import ErrorList
from ntm.interchange.readers import grid_read
from ntm.interchange.records import Source
from ntm.quality.gaps import CommuneGap, closest, commune_gap
from ntm.quality.reconcile import Finding, reconcile
from ntm.quality.text import TextFigures, TextFinding, amounts_against, text_reconcile
from ntm.reports.annual import report_document_build
from ntm.reports.selectors import appendix_table, report_data
from ntm.units.models import AdminUnit


@dataclass(frozen=True)
class Reconciliation:
    """The findings of a printed appendix: contradictions, and cells that could not be read."""

    source: str
    findings: tuple[Finding, ...]

    @property
    def contradictions(self) -> list[Finding]:
        return [f for f in self.findings if not f.unreadable]

    def lines(self, lang: str = "vi") -> list[str]:
        return [f.line(lang) for f in self.findings]


def appendix_reconcile(
    *, unit: AdminUnit, year: int, source: Source, user: Any = None
) -> Reconciliation:
    """A printed appendix of ``unit``'s ``year`` (CSV or .xlsx, the appendix's layout)
    against itself and against NTM's table (``reports.selectors.appendix_table``).

    Raises ``ApplicationError`` naming the file when it cannot be read as an appendix.
    """
    errors = ErrorList()
    grid = grid_read(source, errors)
    if errors:
        raise ApplicationError("\n".join(str(e) for e in errors.items))
    table = appendix_table(unit=unit, year=year, user=user)
    try:
        findings = reconcile(grid, table)
    except ValueError as exc:
        raise ApplicationError(
            f"{source.name}: không có cột nào có tiêu đề dạng “TH {year}” hay “KH {year + 1}” "
            f"(hoặc th_{year}, kh_{year + 1}): tệp không phải là một biểu chi tiết."
        ) from exc
    return Reconciliation(source.name, tuple(findings))


#: The levels of files whose gaps the page lists (the periods' village and district files).
GAP_LEVELS = (CriteriaSet.Level.COMMUNE, CriteriaSet.Level.VILLAGE, CriteriaSet.Level.DISTRICT)
_UNIT_LEVEL = {
    CriteriaSet.Level.VILLAGE: AdminUnit.Level.VILLAGE,
    CriteriaSet.Level.DISTRICT: AdminUnit.Level.DISTRICT,
}


def unit_gaps(
    *, unit: AdminUnit, year: int, level: str = CriteriaSet.Level.COMMUNE, user: Any = None
) -> list[CommuneGap]:
    """What each file of ``level`` within ``unit`` lacks in ``year`` (its criteria not met,
    each with its smallest gap), closest to the standard first; files meeting the standard
    are left out, and for communes those holding a decision in force too. Communes are
    those of the unit's territory that year (``analytics.selectors.communes_in``); villages
    and districts those within it. Three queries."""
    if user is not None:
        ensure_in_scope(user, unit)
    if level == CriteriaSet.Level.COMMUNE:
        units = communes_in(unit=unit, year=year)
    else:
        units = AdminUnit.objects.valid_in_year(year).filter(
            level=_UNIT_LEVEL[level], path__startswith=unit.path
        )
    if user is not None:
        units = units_restrict(user, units)
    files = list(
        Assessment.objects.filter(
            kind=CriteriaSet.SetKind.STANDARD,
            level=level,
            year=year,
            commune__in=units.values("id"),
            meets_standard=False,
        ).select_related("commune__parent")
    )
    if level == CriteriaSet.Level.COMMUNE:
        held = communes_recognised(commune_ids=[a.commune_id for a in files], year=year)
        files = [a for a in files if a.commune_id not in held]
    statuses: dict[int, list[tuple[int, str, bool | None, dict[str, Any]]]] = {}
    for a_id, number, name, met, explanation in (
        CriterionStatus.objects.filter(assessment__in=[a.pk for a in files])
        .exclude(met=True)
        .values_list("assessment_id", "criterion__number", "criterion__name", "met", "explanation")
    ):
        statuses.setdefault(a_id, []).append((number, name, met, explanation or {}))
    return closest(
        [
            commune_gap(
                commune_id=a.commune_id,
                code=a.commune.code,
                name=str(a.commune),
                district=str(a.commune.parent) if a.commune.parent else "",
                criteria_met=a.criteria_met,
                criteria_total=a.criteria_total,
                statuses=statuses.get(a.pk, []),
                parent_id=a.commune.parent_id,
            )
            for a in files
        ]
    )


@dataclass(frozen=True)
class QualityRow:
    """A rule broken by a commune's file, with the commune as the page names it."""

    violation: Violation
    commune: AdminUnit
    others: tuple[AdminUnit, ...] = ()  # a duplicate's other communes


def quality_check(*, unit: AdminUnit, year: int, user: Any = None) -> list[QualityRow]:
    """Every data-quality rule broken by the files of ``unit``'s communes in ``year``, the
    most important first (``assessments.selectors.files_violations``, the rules the workflow's
    checks and the entry page apply to one file). Five queries, whatever the number of
    communes."""
    if user is not None:
        ensure_in_scope(user, unit)
    communes = communes_in(unit=unit, year=year)
    if user is not None:
        communes = units_restrict(user, communes)
    files = list(
        Assessment.objects.standard()
        .filter(year=year, commune__in=communes.values("id"))
        .select_related("criteria_set", "commune__parent")
    )
    by_pk = {a.pk: a for a in files}
    return [
        QualityRow(
            v, by_pk[v.file_id].commune, tuple(by_pk[o].commune for o in v.others if o in by_pk)
        )
        for v in files_violations(files=files)
    ]


def _text_lines(source: Source) -> list[str]:
    """A report's text, one line per paragraph (a Word file's paragraphs, then its tables'
    cells, as ``python-docx`` reads them; a text file's lines)."""
    if source.name.lower().endswith(".docx"):
        import docx

        try:
            document = docx.Document(io.BytesIO(source.data))
        except Exception as exc:  # python-docx raises several kinds on a damaged file
            raise ApplicationError(
                f"{source.name}: không đọc được tệp Word ({exc.__class__.__name__})."
            ) from exc
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.extend(cell.text for cell in row.cells)
        return lines
    try:
        return source.data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ApplicationError(f"{source.name}: tệp không phải UTF-8.") from exc


def report_text_reconcile(
    *, unit: AdminUnit, year: int, source: Source, user: Any = None
) -> list[TextFinding]:
    """A report's text (.docx, .txt, .md) against its own arithmetic, its other figures,
    NTM's figures of ``unit`` and ``year`` (``analytics.selectors.unit_figures``) and the
    amounts of the report NTM writes from its data (``reports.annual``, without charts)."""
    lines = _text_lines(source)
    fig = unit_figures(unit=unit, year=year, user=user)
    figures = TextFigures(
        year=year,
        communes=fig.now.communes,
        average=fig.average.value,
        criteria={c.number: c.communes for c in fig.criteria},
        below_ten_fall=(
            fig.below_ten - fig.next_below_ten if fig.next_below_ten is not None else None
        ),
        criteria_change={
            c.number: c.change_points for c in fig.criteria if c.change_points is not None
        },
        average_change=fig.average.change,
        average_percent_of_plan=fig.average.percent_of_plan,
        standard_new=fig.standard.new,
        standard_new_percent_of_plan=fig.standard.new_percent_of_plan,
        standard=fig.standard.standard,
    )
    own = report_document_build(
        report_data(unit=unit, year=year, user=user), with_charts=False, with_appendix=False
    )
    found = text_reconcile(lines, figures) + amounts_against(
        lines, [p.text for p in own.paragraphs()]
    )
    return sorted(found, key=lambda f: f.line)
