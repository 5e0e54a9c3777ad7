"""Reads for exports and the people's workbook: plain rows, never model instances."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q

from ntm.accounts.scope import restrict, user_unit
from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet, Criterion, Indicator
from ntm.criteria.selectors import years_with_criteria_set
from ntm.criteria.services import criteria_set_for_year
from ntm.evaluation.numbers import decimal_text, verdict_text
from ntm.interchange import dhis2
from ntm.interchange.workbook import (
    WorkbookCommune,
    WorkbookCriterion,
    WorkbookData,
    WorkbookIndicator,
)
from ntm.plans.models import Target
from ntm.plans.rows import row_order
from ntm.units.models import AdminUnit
from ntm.units.selectors import all_versions, code_normal, subtrees, unit_by_code

Row = dict[str, str]

#: Interchange files carry the files of the standard set (the default of every table); a row
#: of another kind of set (advanced, model) names its set in the ``criteria_set`` column.
STANDARD = CriteriaSet.SetKind.STANDARD


def export_set_kinds(kinds: Iterable[str] | None) -> list[str]:
    """The kinds of set whose files an export carries (the standard one unless told)."""
    chosen = list(dict.fromkeys(kinds or [STANDARD]))
    unknown = [k for k in chosen if k not in CriteriaSet.SetKind.values]
    if unknown:
        raise ApplicationError(
            f"Loại bộ tiêu chí không rõ: {', '.join(unknown)} "
            f"(có: {', '.join(CriteriaSet.SetKind.values)})."
        )
    return chosen


def export_set_choices() -> list[tuple[str, str]]:
    """The kinds of set whose files a download can carry, with their labels (standard first)."""
    return [(str(value), str(label)) for value, label in CriteriaSet.SetKind.choices]


def _set_column(kind: str, code: str) -> str:
    """The ``criteria_set`` cell: empty for the standard set (the import's default)."""
    return "" if kind == STANDARD else code


def user_province(*, user: Any) -> AdminUnit | None:
    """The province whose whole data the user may export and collect in the workbook.

    A province officer's own province; for the central level, the first
    province; None for officers of a district or commune (and without a unit).
    """
    try:
        unit = user_unit(user)
    except ApplicationError:
        return None
    if unit is None:
        return AdminUnit.objects.filter(
            level=AdminUnit.Level.PROVINCE, valid_to__isnull=True
        ).first()
    return unit if unit.level == AdminUnit.Level.PROVINCE else None


def user_export_unit(*, user: Any) -> AdminUnit | None:
    """The unit whose data the user may download (the workbook, the exports): their own unit,
    province, district or commune; for the central level, the first province."""
    try:
        unit = user_unit(user)
    except ApplicationError:
        return None
    if unit is None:
        return user_province(user=user)
    return unit if unit.level <= AdminUnit.Level.COMMUNE else None


def export_province(unit: AdminUnit | None) -> AdminUnit | None:
    """The province of the unit whose data are downloaded (the unit itself for a province)."""
    if unit is None:
        return None
    return unit if unit.level == AdminUnit.Level.PROVINCE else unit.province


def exports_targets(unit: AdminUnit | None) -> bool:
    """Whether the unit has plan targets to download (a province or a district; not a commune)."""
    return unit is None or unit.level < AdminUnit.Level.COMMUNE


def _narrow(qs: Any, within: AdminUnit | None, field: str) -> Any:
    """Rows of the communes within a district or commune (every version with its code)."""
    if within is None or within.level == AdminUnit.Level.PROVINCE:
        return qs
    return qs.filter(subtrees(all_versions(code=within.code, level=within.level), field))


def user_years(*, user: Any) -> list[int]:
    """The years with an assessment in the user's units, oldest first."""
    qs = restrict(user, Assessment.objects.standard(), unit_field="commune")
    return sorted(set(qs.values_list("year", flat=True)))


def workbook_years(*, province: AdminUnit | None) -> list[int]:
    """The years a workbook can be made for: those a criteria set applies to, oldest first."""
    if province is None:
        return []
    return sorted(years_with_criteria_set(province=province))


def province_versions(*, code: str) -> list[AdminUnit]:
    """Every version of the province with ``code`` (older years' data point to older versions)."""
    return all_versions(code=code, level=AdminUnit.Level.PROVINCE)


def province_for_year(*, code: str, year: int) -> AdminUnit:
    """The version of the province in force in ``year``."""
    return unit_by_code(code=code, year=year, level=AdminUnit.Level.PROVINCE)


def _code_key(code: str) -> tuple[int, str]:
    return (int(code), code) if code.isdigit() else (0, code)


def statuses_rows(
    *,
    province_code: str,
    years: list[int],
    within: AdminUnit | None = None,
    set_kinds: Iterable[str] | None = None,
) -> list[Row]:
    """Each known criterion status of the province's communes (or those ``within`` a district
    or commune): year, commune_code, criterion, met; of the standard files unless
    ``set_kinds`` names others, whose rows carry their set's code in ``criteria_set``."""
    kinds = export_set_kinds(set_kinds)
    provinces = province_versions(code=province_code)
    base = _narrow(CriterionStatus.objects.all(), within, "assessment__commune")
    qs = (
        base.filter(subtrees(provinces, "assessment__commune"))
        .filter(
            assessment__year__in=years,
            met__isnull=False,
            assessment__kind__in=kinds,
            assessment__level=CriteriaSet.Level.COMMUNE,
            assessment__commune__kind=AdminUnit.Kind.COMMUNE,
        )
        .values_list(
            "assessment__year",
            "assessment__commune__code",
            "criterion__number",
            "met",
            "assessment__kind",
            "assessment__criteria_set__code",
        )
    )
    rows = sorted(qs, key=lambda r: (r[0], _code_key(r[1]), _set_column(r[4], r[5]), r[2]))
    out = []
    for y, c, n, met, kind, code in rows:
        row = {"year": str(y), "commune_code": c, "criterion": str(n), "met": "1" if met else "0"}
        if kinds != [STANDARD]:
            row["criteria_set"] = _set_column(kind, code)
        out.append(row)
    return out


def village_statuses_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[Row]:
    """Each known criterion status of the province's villages' files (or those ``within`` a
    district or commune): year, village_code, criterion, met (``VILLAGE_STATUSES_FORMAT``)."""
    provinces = province_versions(code=province_code)
    base = _narrow(CriterionStatus.objects.all(), within, "assessment__commune")
    qs = (
        base.filter(subtrees(provinces, "assessment__commune"))
        .filter(
            assessment__year__in=years,
            met__isnull=False,
            assessment__level=CriteriaSet.Level.VILLAGE,
            assessment__commune__level=AdminUnit.Level.VILLAGE,
        )
        .values_list("assessment__year", "assessment__commune__code", "criterion__number", "met")
    )
    rows = sorted(qs, key=lambda r: (r[0], _village_key(r[1]), r[2]))
    return [
        {"year": str(y), "village_code": c, "criterion": str(n), "met": "1" if met else "0"}
        for y, c, n, met in rows
    ]


def _village_key(code: str) -> tuple[tuple[int, str], tuple[int, str]]:
    commune, _, own = code.partition(".")
    return (_code_key(commune), _code_key(own))


def values_rows(
    *,
    province_code: str,
    years: list[int],
    within: AdminUnit | None = None,
    set_kinds: Iterable[str] | None = None,
) -> list[Row]:
    """Each indicator value of the province's communes, or those ``within`` a district or
    commune (``secondary_value`` only when any has one); of the standard files unless
    ``set_kinds`` names others (``criteria_set`` as for statuses)."""
    kinds = export_set_kinds(set_kinds)
    provinces = province_versions(code=province_code)
    base = _narrow(IndicatorValue.objects.all(), within, "assessment__commune")
    qs = (
        base.filter(subtrees(provinces, "assessment__commune"))
        .filter(
            assessment__year__in=years,
            assessment__kind__in=kinds,
            assessment__level=CriteriaSet.Level.COMMUNE,
            assessment__commune__kind=AdminUnit.Kind.COMMUNE,
        )
        .filter(Q(value_number__isnull=False) | Q(value_bool__isnull=False))
        .values_list(
            "assessment__year",
            "assessment__commune__code",
            "indicator__criterion__number",
            "indicator__order",
            "indicator__code",
            "value_number",
            "value_bool",
            "secondary_number",
            "assessment__kind",
            "assessment__criteria_set__code",
        )
    )
    rows = sorted(qs, key=lambda r: (r[0], _code_key(r[1]), _set_column(r[8], r[9]), r[2], r[3]))
    with_secondary = any(r[7] is not None for r in rows)
    named_sets = kinds != [STANDARD]
    out = []
    for year, code, _, _, indicator, number, verdict, secondary, kind, set_code in rows:
        row = {
            "year": str(year),
            "commune_code": code,
            "indicator": indicator,
            "value": verdict_text(verdict) if verdict is not None else decimal_text(number),
        }
        if with_secondary:
            row["secondary_value"] = decimal_text(secondary) if secondary is not None else ""
        if named_sets:
            row["criteria_set"] = _set_column(kind, set_code)
        out.append(row)
    return out


def targets_rows(*, province_code: str, years: list[int]) -> list[Row]:
    """The province's targets for ``years``: year, province_code, row_id, value (in the table's
    order), and ``high``, ``note`` where a target has them."""
    provinces = province_versions(code=province_code)
    qs = Target.objects.filter(unit__in=provinces, year__in=years).values_list(
        "year", "unit__code", "row_id", "value", "high", "note"
    )
    rows = sorted(qs, key=lambda r: (r[0], row_order(r[2]), r[2]))
    return [_target_row("province_code", *r) for r in rows]


def _target_row(
    column: str, y: int, c: str, rid: str, v: Decimal, high: Decimal | None, note: str
) -> Row:
    row = {"year": str(y), column: c, "row_id": rid, "value": decimal_text(v)}
    if high is not None:
        row["high"] = decimal_text(high)
    if note:
        row["note"] = note
    return row


def district_targets_rows(*, district: AdminUnit, years: list[int]) -> list[Row]:
    """A district's targets for ``years``: year, district_code, row_id, value."""
    versions = all_versions(code=district.code, level=AdminUnit.Level.DISTRICT)
    qs = Target.objects.filter(unit__in=versions, year__in=years).values_list(
        "year", "unit__code", "row_id", "value", "high", "note"
    )
    rows = sorted(qs, key=lambda r: (r[0], row_order(r[2]), r[2]))
    return [_target_row("district_code", *r) for r in rows]


def workbook_data(
    *, province: AdminUnit, year: int, within: AdminUnit | None = None
) -> WorkbookData:
    """The communes of ``province`` (or ``within`` one of its districts or communes) in force
    in ``year``, the set's criteria and indicators, what is known.

    Refused for a year no criteria set applies to.
    """
    if year not in years_with_criteria_set(province=province):
        offered = workbook_years(province=province)
        raise ApplicationError(
            f"Năm {year} không có bộ tiêu chí áp dụng, không lập được bảng nhập liệu"
            + (f" (có thể chọn từ {offered[0]} đến {offered[-1]})." if offered else ".")
        )
    cset = criteria_set_for_year(year=year, province=province)
    criteria = [
        WorkbookCriterion(c.number, c.short_name or c.name)
        for c in Criterion.objects.filter(criteria_set=cset).order_by("number")
    ]
    indicators = [
        WorkbookIndicator(
            code=i.code,
            content=i.content,
            unit=i.unit,
            boolean=i.kind == Indicator.Kind.BOOLEAN,
            secondary_label=i.secondary_label,
        )
        for i in Indicator.objects.filter(criterion__criteria_set=cset).order_by(
            "criterion__number", "order"
        )
    ]
    units = (
        AdminUnit.objects.within(within or province)
        .communes()
        .valid_in_year(year)
        .select_related("parent")
    )
    end = datetime.date(year, 12, 31)
    chosen: dict[str, AdminUnit] = {}
    for unit in units.order_by("valid_from", "id"):
        current = chosen.get(unit.code)
        if current is None or current.valid_to is not None and current.valid_to <= end:
            chosen[unit.code] = unit
    ids = [u.pk for u in chosen.values()]
    # A criterion's cell holds only what someone declared; what the rules computed is shown
    # beside it (``computed``) so that, imported back, it never turns into a declaration.
    statuses: dict[int, dict[int, bool]] = {}
    computed: dict[int, dict[int, bool]] = {}
    for commune_id, number, declared, result in CriterionStatus.objects.filter(
        assessment__commune_id__in=ids, assessment__year=year, assessment__kind=STANDARD
    ).values_list("assessment__commune_id", "criterion__number", "declared_met", "computed_met"):
        if declared is not None:
            statuses.setdefault(commune_id, {})[number] = declared
        if result is not None:
            computed.setdefault(commune_id, {})[number] = result
    values: dict[int, dict[str, Decimal | bool]] = {}
    secondary: dict[int, dict[str, Decimal]] = {}
    for commune_id, code, number, verdict, sec in IndicatorValue.objects.filter(
        assessment__commune_id__in=ids, assessment__year=year, assessment__kind=STANDARD
    ).values_list(
        "assessment__commune_id",
        "indicator__code",
        "value_number",
        "value_bool",
        "secondary_number",
    ):
        if verdict is not None:
            values.setdefault(commune_id, {})[code] = verdict
        elif number is not None:
            values.setdefault(commune_id, {})[code] = number
        if sec is not None:
            secondary.setdefault(commune_id, {})[code] = sec
    communes = sorted(
        chosen.values(),
        key=lambda u: (_code_key(u.parent.code) if u.parent else (0, ""), _code_key(u.code)),
    )
    return WorkbookData(
        province_code=province.code,
        province_name=str(province),
        year=year,
        set_code=cset.code,
        set_name=f"{cset.name} ({cset.legal_basis})" if cset.legal_basis else cset.name,
        criteria=criteria,
        indicators=indicators,
        communes=[
            WorkbookCommune(
                code=u.code,
                district=u.parent.name if u.parent and u.parent.level == 2 else "",
                name=u.name,
                statuses=statuses.get(u.pk, {}),
                computed=computed.get(u.pk, {}),
                values=values.get(u.pk, {}),
                secondary=secondary.get(u.pk, {}),
            )
            for u in communes
        ],
    )


def dhis2_codes(*, province_code: str, year: int) -> tuple[list[str], list[str]]:
    """The DHIS2 data elements and org units of a province's year (docs/dhis2.md): the
    statuses of the standard set's criteria (``TC_<n>``), its indicators (and ``<code>_PHU``
    for a secondary part), and the official codes of the communes in force that year."""
    province = province_for_year(code=code_normal(province_code), year=year)
    if year not in years_with_criteria_set(province=province):
        raise ApplicationError(f"Năm {year} không có bộ tiêu chí áp dụng.")
    cset = criteria_set_for_year(year=year, province=province)
    elements = [
        dhis2.status_element(str(n))
        for n in Criterion.objects.filter(criteria_set=cset)
        .order_by("number")
        .values_list("number", flat=True)
    ]
    for code, secondary in (
        Indicator.objects.filter(criterion__criteria_set=cset)
        .order_by("criterion__number", "order")
        .values_list("code", "secondary_label")
    ):
        elements.append(code)
        if secondary:
            elements.append(dhis2.secondary_element(code))
    codes = (
        AdminUnit.objects.within(province)
        .communes()
        .filter(kind=AdminUnit.Kind.COMMUNE)
        .valid_in_year(year)
        .values_list("code", flat=True)
    )
    units = [dhis2.org_unit_code(c) for c in sorted(set(codes), key=_code_key)]
    return elements, units
