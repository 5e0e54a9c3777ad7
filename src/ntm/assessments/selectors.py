"""Reads of the assessments: a file's statuses and their explanations, and what each page shows."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from ntm.accounts.scope import restrict, units_restrict, user_role
from ntm.accounts.services import ACTION_LABELS, role_label
from ntm.assessments.models import (
    Assessment,
    Campaign,
    CriterionStatus,
    DistrictRecord,
    Evidence,
    IndicatorValue,
    Notification,
    Recognition,
    Transition,
)
from ntm.core.errors import ApplicationError
from ntm.core.selectors import HistoryEntry, object_history
from ntm.criteria.models import CriteriaSet, Criterion, CriterionGroup, Indicator
from ntm.criteria.services import criteria_set_for_year
from ntm.evaluation.checks import BLOCKING, WARNING, Check, criteria_jump, value_far
from ntm.evaluation.district import (
    ConditionResult,
    ConditionRule,
    DistrictFacts,
    district_conditions,
)
from ntm.evaluation.numbers import format_number, verdict_text
from ntm.evaluation.quality_rules import (
    IMPORTANCE,
    FileFigures,
    Rule,
    RuleError,
    Violation,
    files_check,
    rules_read,
)
from ntm.units.models import AdminUnit, UnitLineage
from ntm.units.names import unit_label


def declaration_label(*, role: str, username: str, full_name: str, file: str, at: Any) -> str:
    """Who declared a status, as the pages say it: "cán bộ tỉnh Nguyễn Văn A, từ tệp x.csv, 01/12/2026"."""
    who = role_label(role).lower() if role else _("hệ thống (nhập không qua tài khoản)")
    name = full_name or username
    text = f"{who} {name}".strip() if name else who
    if file:
        text += ", " + _("từ tệp %(f)s") % {"f": file}
    if at is not None:
        text += ", " + date_format(localtime(at), "d/m/Y")
    return text


def assessment_status_rows(*, assessment: Assessment | int) -> list[dict[str, Any]]:
    """One row per criterion of the assessment, in the set's order, for a commune's page.

    Each row: ``number``, ``name``, ``short_name``, ``met`` (what counts),
    ``computed_met``, ``declared_met``, ``source`` ("computed"/"declared"),
    ``disagrees`` (a declaration the indicator values contradict),
    ``status`` (met / not_met / not_assessed, computed), ``reason_vi``,
    ``reason_en`` and ``indicators`` (per indicator: code, content, status,
    value, threshold with its scope label, gap, reasons; see
    ``assessments.mappers.indicator_explanation``).
    """
    assessment_id = assessment if isinstance(assessment, int) else assessment.pk
    rows = (
        CriterionStatus.objects.filter(assessment_id=assessment_id)
        .order_by("criterion__number")
        .values(
            "criterion__number",
            "criterion__name",
            "criterion__short_name",
            "met",
            "computed_met",
            "declared_met",
            "source",
            "explanation",
            "declared_role",
            "declared_file",
            "declared_at",
            "declared_by__username",
            "declared_by__first_name",
            "declared_by__last_name",
        )
    )
    out = []
    for r in rows:
        explanation = r["explanation"] or {}
        computed, declared = r["computed_met"], r["declared_met"]
        out.append(
            {
                "number": r["criterion__number"],
                "name": r["criterion__name"],
                "short_name": r["criterion__short_name"],
                "met": r["met"],
                "computed_met": computed,
                "declared_met": declared,
                "source": r["source"],
                "disagrees": declared is not None and computed is not None and declared != computed,
                "declared_by": declaration_label(
                    role=r["declared_role"],
                    username=r["declared_by__username"] or "",
                    full_name=" ".join(
                        p for p in (r["declared_by__last_name"], r["declared_by__first_name"]) if p
                    ),
                    file=r["declared_file"],
                    at=r["declared_at"],
                )
                if declared is not None
                else "",
                "status": explanation.get("status", "not_assessed"),
                "reason_vi": explanation.get("reason_vi", ""),
                "reason_en": explanation.get("reason_en", ""),
                "indicators": explanation.get("indicators", []),
            }
        )
    return out


def assessment_disagreements(*, assessment: Assessment | int) -> list[int]:
    """Numbers of the criteria whose declaration the indicator values contradict."""
    return [r["number"] for r in assessment_status_rows(assessment=assessment) if r["disagrees"]]


# --- pages -------------------------------------------------------------------------


def visible_ancestors(*, user: Any, unit: AdminUnit) -> list[AdminUnit]:
    """The units above ``unit`` (province first) that ``user`` may open, for breadcrumbs."""
    ancestors = unit.ancestors()
    visible = set(
        units_restrict(user).filter(pk__in=[u.pk for u in ancestors]).values_list("pk", flat=True)
    )
    return [u for u in ancestors if u.pk in visible]


def commune_other_files(*, user: Any, commune: AdminUnit) -> list[Assessment]:
    """The commune's files against another set than the standard (nâng cao, kiểu mẫu), by year."""
    return list(
        restrict(
            user,
            Assessment.objects.filter(commune=commune).exclude(kind=CriteriaSet.SetKind.STANDARD),
            unit_field="commune",
        )
        .select_related("criteria_set")
        .order_by("year", "kind")
    )


def commune_assessments(*, user: Any, commune: AdminUnit) -> list[Assessment]:
    """The commune's standard files the user may see, oldest year first, with their statuses."""
    return list(
        restrict(user, Assessment.objects.standard().filter(commune=commune), unit_field="commune")
        .select_related("criteria_set")
        .prefetch_related(
            Prefetch("statuses", queryset=CriterionStatus.objects.select_related("criterion"))
        )
        .order_by("year")
    )


def criteria_matrix(
    *, assessments: list[Assessment], current: Assessment | None
) -> list[dict[str, Any]]:
    """Rows of criteria (of the chosen year's set, else the latest), one cell per year."""
    if not assessments:
        return []
    reference = current or assessments[-1]
    criteria = list(
        Criterion.objects.filter(criteria_set_id=reference.criteria_set_id)
        .select_related("group")
        .order_by("number")
    )
    by_year: dict[int, dict[int, CriterionStatus]] = {
        a.year: {s.criterion.number: s for s in a.statuses.all()} for a in assessments
    }
    return [
        {
            "criterion": criterion,
            "cells": [
                {"assessment": a, "status": by_year[a.year].get(criterion.number)}
                for a in assessments
            ],
        }
        for criterion in criteria
    ]


def set_criteria(*, criteria_set_id: int) -> list[Criterion]:
    """The criteria of a set, in order."""
    return list(Criterion.objects.filter(criteria_set_id=criteria_set_id).order_by("number"))


def set_groups(*, criteria_set_id: int) -> list[CriterionGroup]:
    """The criterion groups of a set (the tabs of the entry form), in order."""
    return list(CriterionGroup.objects.filter(criteria_set=criteria_set_id).order_by("order"))


def group_completion(*, assessment: Assessment) -> dict[int, tuple[int, int]]:
    """For each criterion group (by id): criteria with a result (met or not), criteria in all.

    What the entry form's tabs show: how far the commune has got in each.
    """
    totals = dict(
        Criterion.objects.filter(criteria_set=assessment.criteria_set_id)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    done = dict(
        CriterionStatus.objects.filter(assessment=assessment, met__isnull=False)
        .values("criterion__group_id")
        .annotate(n=Count("id"))
        .values_list("criterion__group_id", "n")
    )
    return {g: (done.get(g, 0), n) for g, n in totals.items()}


def assessment_evidence(
    *,
    assessment: Assessment,
    group: CriterionGroup | None = None,
    criterion: Criterion | None = None,
) -> list[Evidence]:
    """The file's evidence (of one group's criteria, or one criterion), with who uploaded it."""
    qs = assessment.evidence.select_related("criterion", "uploaded_by")
    if group is not None:
        qs = qs.filter(criterion__group=group)
    if criterion is not None:
        qs = qs.filter(criterion=criterion)
    return list(qs)


def criterion_panel(*, assessment: Assessment, number: int) -> dict[str, Any] | None:
    """One cell of the matrix: the criterion, its status row, a line per indicator, its evidence.

    None when the file's set has no criterion ``number``.
    """
    criterion = (
        Criterion.objects.select_related("group")
        .filter(criteria_set=assessment.criteria_set_id, number=number)
        .first()
    )
    if criterion is None:
        return None
    row = next(
        (r for r in assessment_status_rows(assessment=assessment) if r["number"] == number), None
    )
    values = {
        v.indicator.code: v
        for v in IndicatorValue.objects.filter(
            assessment=assessment, indicator__criterion=criterion
        ).select_related("indicator", "updated_by")
    }
    lines = list((row or {}).get("indicators") or [])
    if not lines:
        lines = [
            {
                "code": i.code,
                "content": i.content,
                "unit": i.unit,
                "kind": i.kind,
                "status": "missing",
            }
            for i in criterion.indicators.all()
        ]
    status_ids = CriterionStatus.objects.filter(
        assessment=assessment, criterion=criterion
    ).values_list("pk", flat=True)
    history = object_history(
        object_type="assessments.indicatorvalue", object_ids=[v.pk for v in values.values()]
    ) + object_history(object_type="assessments.criterionstatus", object_ids=list(status_ids))
    history.sort(key=lambda h: h.at, reverse=True)
    return {
        "criterion": criterion,
        "status": row,
        "lines": [{**line, "stored": values.get(line.get("code"))} for line in lines],
        "evidence": assessment_evidence(assessment=assessment, criterion=criterion),
        "history": history,
    }


def recognitions_history(*, commune: AdminUnit) -> list[HistoryEntry]:
    """Every change of the commune's recognition decisions (recorded, revoked), newest first."""
    ids = commune.recognitions.values_list("pk", flat=True)
    return object_history(object_type="assessments.recognition", object_ids=list(ids))


def entry_inputs(
    *, assessment: Assessment, group: CriterionGroup
) -> tuple[list[Criterion], dict[int, IndicatorValue], dict[int, bool | None]]:
    """What the entry form of one group starts from: its criteria (with indicators), the
    stored values by indicator id, and the declarations by criterion id."""
    criteria = list(
        Criterion.objects.filter(group=group).prefetch_related("indicators").order_by("number")
    )
    values = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(
            assessment=assessment, indicator__criterion__group=group
        )
    }
    declared = {
        s.criterion_id: s.declared_met
        for s in CriterionStatus.objects.filter(assessment=assessment, criterion__group=group)
    }
    return criteria, values, declared


def assessment_statuses(*, assessment: Assessment) -> dict[int, CriterionStatus]:
    """The file's statuses by criterion id."""
    return {
        s.criterion_id: s
        for s in CriterionStatus.objects.filter(assessment=assessment).select_related("criterion")
    }


def previous_values(*, assessment: Assessment, codes: list[str]) -> dict[str, IndicatorValue]:
    """Last year's values of the same commune, shown beside the inputs as a reminder."""
    rows = IndicatorValue.objects.filter(
        assessment__commune_id=assessment.commune_id,
        assessment__year=assessment.year - 1,
        assessment__kind=assessment.kind,
        indicator__code__in=codes,
    ).select_related("indicator")
    return {v.indicator.code: v for v in rows}


def assessment_years(*, user: Any) -> list[int]:
    """The years with files the user may see."""
    return sorted(
        set(
            restrict(user, Assessment.objects.standard(), unit_field="commune").values_list(
                "year", flat=True
            )
        )
    )


def board_files(*, user: Any, year: int) -> QuerySet[Assessment]:
    """The files of ``year`` the user may see, in commune-code order (the board filters them)."""
    return (
        restrict(user, Assessment.objects.standard().filter(year=year), unit_field="commune")
        .select_related("commune", "commune__parent")
        .order_by("commune__code")
    )


def files_per_state(*, files: QuerySet[Assessment]) -> dict[str, int]:
    """How many of ``files`` are in each workflow state (states without one are left out).

    One aggregate query: the board's columns count a province's (or the country's) files
    without reading them."""
    per_state = files.order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in per_state}


def board_files_by_id(*, user: Any, ids: list[int]) -> QuerySet[Assessment]:
    """The files with ``ids`` the user may see (others are silently left out), by commune code."""
    return (
        restrict(user, Assessment.objects.filter(pk__in=ids), unit_field="commune")
        .select_related("commune")
        .order_by("commune__code")
    )


def communes_without_file(
    *, user: Any, year: int, within: AdminUnit | None = None
) -> list[AdminUnit]:
    """The communes in the user's units (or ``within``) that have no file for ``year`` yet."""
    communes = units_restrict(user, AdminUnit.objects.communes()).valid_in_year(year)
    if within is not None:
        communes = communes.filter(path__startswith=within.path)
    with_file = restrict(
        user, Assessment.objects.standard().filter(year=year), unit_field="commune"
    ).values("commune_id")
    return list(communes.exclude(pk__in=with_file).select_related("parent").order_by("code"))


def _value_state(v: IndicatorValue) -> str:
    """A stored value as the entry form's version keeps it (and an officer reads it)."""
    if v.value_bool is not None:
        text = verdict_text(v.value_bool)
    elif v.numerator is not None and v.denominator is not None:
        text = f"{format_number(v.numerator, 4, strip=True)}/{format_number(v.denominator, 4, strip=True)}"
    elif v.value_number is not None:
        text = format_number(v.value_number, 4, strip=True)
    else:
        text = ""
    if v.secondary_number is not None:
        text += f" ({format_number(v.secondary_number, 4, strip=True)})"
    return text


def entry_state(*, assessment: Assessment, group: CriterionGroup | None = None) -> dict[str, str]:
    """What the entry form of one group edits, as stored now: its version (core.concurrency).

    Keys: ``v:<indicator code>``, ``d:<criterion number>`` (a declaration), ``remarks``.
    ``group`` None: the whole file (the API's version of a file, its ETag), with its
    workflow ``state`` and ``locked`` too, so that a version read before a step of the
    workflow no longer writes after it.
    """
    state: dict[str, str] = {"remarks": assessment.remarks}
    if group is None:
        state["state"] = str(assessment.state)
        state["locked"] = "1" if assessment.locked else "0"
    in_group = {} if group is None else {"indicator__criterion__group": group}
    for v in IndicatorValue.objects.filter(assessment=assessment, **in_group).select_related(
        "indicator"
    ):
        text = _value_state(v)
        if text:
            state[f"v:{v.indicator.code}"] = text
    declared_in = {} if group is None else {"criterion__group": group}
    for number, declared in CriterionStatus.objects.filter(
        assessment=assessment, declared_met__isnull=False, **declared_in
    ).values_list("criterion__number", "declared_met"):
        state[f"d:{number}"] = verdict_text(declared)
    return state


# --- what waits for each officer --------------------------------------------------------------

#: The worklist's parts (việc cần làm): key, label, the roles that see it.
WORKLIST: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("to_enter", gettext_noop("Cần nhập số liệu"), frozenset({"commune", "central"})),
    ("returned", gettext_noop("Bị trả lại"), frozenset({"commune", "central"})),
    ("to_review", gettext_noop("Cần rà soát"), frozenset({"district", "central"})),
    ("to_appraise", gettext_noop("Cần thẩm định"), frozenset({"province", "central"})),
    ("to_recognise", gettext_noop("Cần công nhận"), frozenset({"province", "central"})),
)


def worklist_year(*, user: Any) -> int:
    """The year a worklist is about by default: the latest with files the user may see."""
    years = assessment_years(user=user)
    return max(years) if years else localtime().year


#: A commune without a district (two tiers, since 01/07/2025): its parent is its province
#: (the query form of ``Assessment.has_district``).
_NO_DISTRICT = Q(commune__parent_id=F("commune__province_id"))

#: The files each part of the worklist holds. A file sent straight to the province (no
#: district) waits there for appraisal, not for a district's review.
_BUCKETS = {
    "to_enter": Q(state=Assessment.State.DRAFT),
    "returned": Q(state=Assessment.State.RETURNED),
    "to_review": Q(state=Assessment.State.SUBMITTED) & ~_NO_DISTRICT,
    "to_appraise": Q(state=Assessment.State.REVIEWED)
    | (Q(state=Assessment.State.SUBMITTED) & _NO_DISTRICT),
    "to_recognise": Q(state=Assessment.State.APPRAISED),
}


def _bucket_files(user: Any, key: str, year: int) -> QuerySet[Assessment]:
    files = restrict(
        user,
        Assessment.objects.standard().filter(_BUCKETS[key], year=year),
        unit_field="commune",
    )
    if key == "to_recognise":
        # An appraised file that meets every criterion and has no standard decision in force.
        in_force = Recognition.objects.filter(
            title=Recognition.Title.STANDARD, revoked_on__isnull=True
        ).values("commune")
        files = files.filter(meets_standard=True).exclude(commune__in=in_force)
    return files


def worklist(*, user: Any, year: int) -> list[dict[str, Any]]:
    """The parts of the worklist the user's role sees, each with its files (and, for the
    commune, the communes that have no file yet)."""
    role = user_role(user)
    parts = []
    for key, label, roles in WORKLIST:
        if role not in roles:
            continue
        files = list(
            _bucket_files(user, key, year)
            .select_related("commune", "commune__parent")
            .order_by("commune__code")
        )
        missing = communes_without_file(user=user, year=year) if key == "to_enter" else []
        parts.append(
            {
                "key": key,
                "label": _(label),
                "files": files,
                "missing": missing,
                "count": len(files) + len(missing),
            }
        )
    return parts


def worklist_count(*, user: Any) -> int:
    """How many files wait for the user this year (the figure beside the navigation link).

    "To enter" counts for a commune officer only (for the central level it would be every
    draft in the country).
    """
    role = user_role(user)
    keys = [
        key
        for key, _label, roles in WORKLIST
        if role in roles and (key != "to_enter" or role == "commune")
    ]
    if not keys:
        return 0
    year = worklist_year(user=user)
    count = sum(_bucket_files(user, key, year).count() for key in keys)
    if "to_enter" in keys:
        count += len(communes_without_file(user=user, year=year))
    return count


def notification_text(*, transition: Transition) -> tuple[str, str]:
    """A step told in a sentence, in the active language: (title, body with the reason)."""
    who = ""
    if transition.user is not None:
        who = transition.user.get_full_name() or transition.user.get_username()
    title = _("%(who)s đã %(action)s hồ sơ %(commune)s năm %(year)s") % {
        "who": who or _("Hệ thống"),
        "action": ACTION_LABELS.get(transition.action, transition.action),
        "commune": unit_label(
            transition.assessment.commune.kind, transition.assessment.commune.name
        ),
        "year": transition.assessment.year,
    }
    body = title
    if transition.reason:
        body += "\n" + _("Lý do: %(reason)s") % {"reason": transition.reason}
    return title, body


def notifications_for(*, user: Any, limit: int = 50) -> list[dict[str, Any]]:
    """The user's latest notifications as plain rows (newest first)."""
    rows = []
    for n in (
        Notification.objects.filter(user=user)
        .select_related("transition__assessment__commune", "transition__user")
        .order_by("-created_at", "-id")[:limit]
    ):
        title, _body = notification_text(transition=n.transition)
        rows.append(
            {
                "id": n.pk,
                "title": title,
                "reason": n.transition.reason,
                "at": n.created_at,
                "read": n.read_at is not None,
                "assessment_id": n.transition.assessment_id,
                "commune_id": n.transition.assessment.commune_id,
                "year": n.transition.assessment.year,
            }
        )
    return rows


def notifications_unread(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def return_reason(*, assessment: Assessment) -> dict[str, Any] | None:
    """Why a returned file was sent back: the last return's reason, who and when."""
    if assessment.state != Assessment.State.RETURNED:
        return None
    last = (
        Transition.objects.filter(assessment=assessment, to_state=Assessment.State.RETURNED)
        .select_related("user")
        .order_by("-at", "-id")
        .first()
    )
    if last is None:
        return None
    who = (last.user.get_full_name() or last.user.get_username()) if last.user else ""
    return {"reason": last.reason, "who": who, "at": last.at}


def recognised_years(*, commune: AdminUnit, years: list[int]) -> set[int]:
    """The years among ``years`` in which the commune holds a standard decision in force."""
    decisions = Recognition.objects.filter(commune=commune, title=Recognition.Title.STANDARD)
    return {year for year in years if decisions.filter(Recognition.holding(year)).exists()}


def criteria_trend(*, assessments: list[Assessment]) -> list[dict[str, Any]]:
    """Criteria met by year for the commune page's trend: None where nothing is assessed yet
    (no criterion has a result), and whether the year's file is still provisional."""
    with_results = set(
        CriterionStatus.objects.filter(
            assessment__in=[a.pk for a in assessments], met__isnull=False
        ).values_list("assessment_id", flat=True)
    )
    final = {Assessment.State.APPRAISED, Assessment.State.RECOGNISED}
    return [
        {
            "year": a.year,
            "met": a.criteria_met if a.pk in with_results else None,
            "total": a.criteria_total,
            "provisional": a.state not in final,
            "series": str(a.criteria_set.period_start),
        }
        for a in sorted(assessments, key=lambda a: a.year)
    ]


# --- campaigns (đợt đánh giá) ----------------------------------------------------------


def carried_unconfirmed_count(*, assessment: Assessment) -> int:
    """How many of the file's values were carried from last year and not yet confirmed or changed.

    They count as entered for evaluation; the file's completeness tells them apart.
    """
    return IndicatorValue.objects.filter(assessment=assessment, carried_from__isnull=False).count()


def campaign_for(*, province_id: int | None, year: int) -> Campaign | None:
    """The province's campaign of ``year``, if it was opened."""
    if province_id is None:
        return None
    return (
        Campaign.objects.filter(province_id=province_id, year=year)
        .select_related("province", "opened_by")
        .first()
    )


def campaigns_of(*, province: AdminUnit) -> list[Campaign]:
    """The province's campaigns, latest year first."""
    return list(Campaign.objects.filter(province=province).select_related("opened_by"))


#: States in which the commune still has to send its file.
#: Each level's deadline of a campaign (Quyết định 2540/QĐ-TTg: xã đề nghị, huyện thẩm tra,
#: tỉnh thẩm định): the campaign's field, what the page calls it, and the states in which a
#: file waits for that level.
LEVEL_DEADLINES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "commune": (
        "commune_deadline",
        gettext_noop("Hạn gửi hồ sơ"),
        (Assessment.State.DRAFT, Assessment.State.RETURNED),
    ),
    "district": (
        "district_deadline",
        gettext_noop("Hạn rà soát, chuyển tỉnh"),
        (Assessment.State.SUBMITTED,),
    ),
    "province": ("province_deadline", gettext_noop("Hạn thẩm định"), (Assessment.State.REVIEWED,)),
}


def _deadline(
    campaign: Campaign | None, level: str, waiting: bool, today: datetime.date | None
) -> dict[str, Any] | None:
    if campaign is None or level not in LEVEL_DEADLINES:
        return None
    field, label, _states = LEVEL_DEADLINES[level]
    date = getattr(campaign, field)
    if date is None:
        return None
    today = today or datetime.date.today()
    return {"date": date, "label": _(label), "level": level, "overdue": date < today and waiting}


def commune_deadline(
    *, assessment: Assessment, today: datetime.date | None = None
) -> dict[str, Any] | None:
    """The date by which the commune is to send this file, and whether it is overdue now.

    None when the province's campaign of the year set no commune deadline.
    Overdue: the day has passed and the commune still holds the file.
    """
    return assessment_deadline(assessment=assessment, level="commune", today=today)


def assessment_deadline(
    *, assessment: Assessment, level: str, today: datetime.date | None = None
) -> dict[str, Any] | None:
    """The deadline of ``level`` (commune, district, province) for this file, and whether it is
    overdue: the day has passed and the file still waits for that level."""
    campaign = campaign_for(province_id=assessment.commune.province_id, year=assessment.year)
    waiting = level in LEVEL_DEADLINES and assessment.state in LEVEL_DEADLINES[level][2]
    return _deadline(campaign, level, waiting, today)


def viewer_level(*, user: Any) -> str:
    """The level whose deadline an officer works to (none for the central level and viewers)."""
    role = user_role(user)
    return role if role in LEVEL_DEADLINES else ""


def worklist_deadline(
    *, user: Any, year: int, today: datetime.date | None = None
) -> dict[str, Any] | None:
    """The deadline of the officer's level in their province's campaign of ``year``; overdue
    when the day has passed and files within the officer's units still wait for that level."""
    level = viewer_level(user=user)
    profile = getattr(user, "profile", None)
    unit = getattr(profile, "unit", None)
    if not level or unit is None:
        return None
    campaign = campaign_for(province_id=unit.province_id, year=year)
    if campaign is None:
        return None
    states = LEVEL_DEADLINES[level][2]
    waiting = restrict(
        user, Assessment.objects.filter(year=year, state__in=states), unit_field="commune"
    ).exists()
    if level == "commune" and not waiting:
        waiting = bool(communes_without_file(user=user, year=year))
    return _deadline(campaign, level, waiting, today)


# --- checks before a workflow step (kiểm tra hồ sơ trước mỗi bước) ---------------------------

#: The steps whose file is checked: completeness blocks them, plausibility warns.
CHECKED_STEPS = frozenset({"submit", "review", "appraise"})


def _criterion_label(criterion: Criterion) -> str:
    return f"{criterion.number}. {criterion.name}"


def _number_of(
    number: Decimal | None, numerator: Decimal | None, denominator: Decimal | None
) -> Decimal | None:
    """The number a value stands for: the value, or a ratio's numerator/denominator in %."""
    if number is not None:
        return number
    if numerator is not None and denominator:
        return numerator / denominator * 100
    return None


def _numeric(v: IndicatorValue) -> Decimal | None:
    return _number_of(v.value_number, v.numerator, v.denominator)


def _completeness(assessment: Assessment) -> list[Check]:
    """A result (evaluated from indicator values, or declared) for every criterion of the set."""
    criteria = list(Criterion.objects.filter(criteria_set_id=assessment.criteria_set_id))
    results = dict(
        CriterionStatus.objects.filter(assessment=assessment).values_list("criterion_id", "met")
    )
    missing = [c for c in sorted(criteria, key=lambda c: c.number) if results.get(c.pk) is None]
    if not missing:
        return []
    return [
        Check(
            code="incomplete",
            level=BLOCKING,
            message=_(
                "Hồ sơ còn thiếu %(n)s tiêu chí chưa có kết quả (cần nhập số liệu các chỉ tiêu "
                "hoặc khai báo kết quả): %(list)s."
            )
            % {"n": len(missing), "list": "; ".join(_criterion_label(c) for c in missing)},
        )
    ]


def _all_met(assessment: Assessment) -> list[Check]:
    """Recognition: every criterion of the set met (missing results count as not met)."""
    criteria = sorted(
        Criterion.objects.filter(criteria_set_id=assessment.criteria_set_id),
        key=lambda c: c.number,
    )
    results = dict(
        CriterionStatus.objects.filter(assessment=assessment).values_list("criterion_id", "met")
    )
    unmet = [c for c in criteria if results.get(c.pk) is not True]
    if not unmet:
        return []
    return [
        Check(
            code="not_all_met",
            level=BLOCKING,
            message=_(
                "Chưa đủ điều kiện công nhận đạt chuẩn: %(m)s/%(t)s tiêu chí đạt; chưa đạt "
                "hoặc chưa có kết quả: %(list)s."
            )
            % {
                "m": len(criteria) - len(unmet),
                "t": len(criteria),
                "list": "; ".join(_criterion_label(c) for c in unmet),
            },
        )
    ]


def _plausibility(assessment: Assessment) -> list[Check]:
    """Warnings against last year's file of the commune (NTM's own limits, not official)."""
    previous = Assessment.objects.filter(
        commune_id=assessment.commune_id, year=assessment.year - 1, kind=assessment.kind
    ).first()
    if previous is None:
        return []
    out: list[Check] = []
    jump = int(getattr(settings, "NTM_CHECK_CRITERIA_JUMP", 5))
    if criteria_jump(met_now=assessment.criteria_met, met_before=previous.criteria_met, limit=jump):
        out.append(
            Check(
                code="criteria_jump",
                level=WARNING,
                message=_(
                    "Số tiêu chí đạt tăng %(d)s trong một năm: %(b)s tiêu chí năm %(yb)s, "
                    "%(n)s tiêu chí năm %(yn)s (NTM cảnh báo khi tăng từ %(limit)s tiêu chí)."
                )
                % {
                    "d": assessment.criteria_met - previous.criteria_met,
                    "b": previous.criteria_met,
                    "yb": previous.year,
                    "n": assessment.criteria_met,
                    "yn": assessment.year,
                    "limit": jump,
                },
            )
        )
    if previous.criteria_set_id != assessment.criteria_set_id:
        # An indicator's code may mean something else in another set: values are not compared.
        return out
    percent = Decimal(str(getattr(settings, "NTM_CHECK_VALUE_CHANGE", 50)))
    limit = percent / 100
    before = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(assessment=previous).exclude(
            indicator__kind="boolean"
        )
    }
    for v in (
        IndicatorValue.objects.filter(assessment=assessment, indicator_id__in=list(before))
        .select_related("indicator")
        .order_by("indicator__criterion__number", "indicator__order", "indicator__code")
    ):
        now, was = _numeric(v), _numeric(before[v.indicator_id])
        if now is None or was is None or not value_far(before=was, now=now, limit=limit):
            continue
        unit = v.indicator.unit or ""
        unit = unit if unit == "%" else (f" {unit}" if unit else "")
        out.append(
            Check(
                code=f"value_change:{v.indicator.code}",
                level=WARNING,
                message=_(
                    "Chỉ tiêu %(code)s khác xa năm trước: năm %(yb)s là %(b)s%(u)s, năm %(yn)s "
                    "là %(n)s%(u)s (NTM cảnh báo khi thay đổi quá %(limit)s%%)."
                )
                % {
                    "code": v.indicator.code,
                    "yb": previous.year,
                    "b": format_number(was, 2, strip=True),
                    "yn": assessment.year,
                    "n": format_number(now, 2, strip=True),
                    "u": unit,
                    "limit": format_number(percent, 2, strip=True),
                },
            )
        )
    return out


# --- data-quality rules (quy tắc kiểm tra dữ liệu) ----------------------------------------------

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "quality" / "rules.yaml"


def quality_rules() -> list[Rule]:
    """The data-quality rules (``data/quality/rules.yaml``), checked when read."""
    specs = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")) or {}
    try:
        return rules_read(specs.get("rules") or [])
    except RuleError as exc:
        raise ApplicationError(f"{RULES_FILE.name}: {exc}") from exc


def files_violations(
    *, files: list[Assessment], rules: list[Rule] | None = None
) -> list[Violation]:
    """Every data-quality rule broken by these files (of one year or several), the most
    important first. A value counts as ``_numeric`` gives it (a yes/no as 1 or 0); the year
    before is the same commune's file of the same kind and level. Five queries, whatever the
    number of files (``files`` carry their ``criteria_set``). A rule across files
    (``duplicate_values``) compares the files given."""
    if not files:
        return []
    rules = quality_rules() if rules is None else rules
    by_pk = {a.pk: a for a in files}
    ids = {a.commune_id for a in files}
    years = {a.year for a in files} | {a.year - 1 for a in files}
    file_kinds = {(a.kind, a.level) for a in files}
    kinds: dict[int, dict[str, str]] = {}  # a set → its indicators' codes → their kinds
    for set_id, code, kind in Indicator.objects.filter(
        criterion__criteria_set__in={a.criteria_set_id for a in files}
    ).values_list("criterion__criteria_set_id", "code", "kind"):
        kinds.setdefault(set_id, {})[code] = kind
    values: dict[tuple[int, int, str, str], dict[str, Decimal]] = {}
    for v in IndicatorValue.objects.filter(
        assessment__commune__in=ids, assessment__year__in=years
    ).values(
        "assessment__commune_id",
        "assessment__year",
        "assessment__kind",
        "assessment__level",
        "indicator__code",
        "value_number",
        "value_bool",
        "numerator",
        "denominator",
    ):
        if (v["assessment__kind"], v["assessment__level"]) not in file_kinds:
            continue
        value = (
            Decimal(int(v["value_bool"]))
            if v["value_bool"] is not None
            else _number_of(v["value_number"], v["numerator"], v["denominator"])
        )
        if value is not None:
            key = (
                v["assessment__commune_id"],
                v["assessment__year"],
                v["assessment__kind"],
                v["assessment__level"],
            )
            values.setdefault(key, {})[v["indicator__code"]] = value
    met: dict[int, dict[int, bool]] = {}
    disagree: dict[int, list[int]] = {}
    for a_id, number, is_met, computed, declared in CriterionStatus.objects.filter(
        assessment__in=list(by_pk)
    ).values_list("assessment_id", "criterion__number", "met", "computed_met", "declared_met"):
        if is_met is not None:
            met.setdefault(a_id, {})[number] = is_met
        if declared and computed is False:
            disagree.setdefault(a_id, []).append(number)
    held = {
        (commune, year)
        for year in {a.year for a in files}
        for commune in Recognition.objects.filter(
            Recognition.holding(year),
            title=Recognition.Title.STANDARD,
            commune__in=[a.commune_id for a in files if a.year == year],
        ).values_list("commune_id", flat=True)
    }
    by_set: dict[str, list[FileFigures]] = {}
    for a in files:
        by_set.setdefault(a.criteria_set.code, []).append(
            FileFigures(
                file_id=a.pk,
                values=values.get((a.commune_id, a.year, a.kind, a.level), {}),
                previous=values.get((a.commune_id, a.year - 1, a.kind, a.level), {}),
                met=met.get(a.pk, {}),
                criteria_met=a.criteria_met,
                criteria_total=a.criteria_total,
                disagreements=tuple(sorted(disagree.get(a.pk, []))),
                recognised=(a.commune_id, a.year) in held
                and a.kind == CriteriaSet.SetKind.STANDARD,
                kinds=kinds.get(a.criteria_set_id, {}),
            )
        )
    out = [v for code, figures in by_set.items() for v in files_check(rules, figures, code)]
    out.sort(key=lambda v: (IMPORTANCE.index(v.rule.importance), v.rule.id))
    return out


def violation_text(violation: Violation) -> str:
    """A broken rule in the reader's language: its description and what the file holds."""
    rule = violation.rule
    english = (get_language() or "vi").startswith("en") and rule.description_en
    description = rule.description_en if english else rule.description
    return f"{description} ({violation.detail})" if violation.detail else description


def _quality(assessment: Assessment) -> list[Check]:
    """The data-quality rules the file breaks, as warnings (acknowledged with a reason)."""
    return [
        Check(
            code=f"rule:{v.rule.id}",
            level=WARNING,
            message=_("Kiểm tra dữ liệu: %(rule)s.") % {"rule": violation_text(v)},
        )
        for v in files_violations(files=[assessment])
    ]


def campaign_quality(*, campaign: Campaign) -> dict[str, int]:
    """The data-quality rules broken by the campaign's files (the province's communes' files
    of its year), counted by importance: what the campaign page says before the files move
    on. Six queries."""
    files = list(
        Assessment.objects.standard()
        .filter(year=campaign.year, commune__path__startswith=campaign.province.path)
        .select_related("criteria_set")
    )
    counts = dict.fromkeys(IMPORTANCE, 0)
    for v in files_violations(files=files):
        counts[v.rule.importance] += 1
    return counts


def assessment_quality(*, assessment: Assessment) -> list[Violation]:
    """The data-quality rules the file breaks as stored now (the entry page says them after a
    save, when the file's counts have changed under the caller's instance)."""
    fresh = Assessment.objects.select_related("criteria_set").get(pk=assessment.pk)
    return files_violations(files=[fresh])


def step_checks(*, assessment: Assessment, action: str) -> list[Check]:
    """What the file must satisfy (blocking) and what looks unlikely (warnings) before ``action``.

    Submit, review and appraise: every criterion of the set has a result
    (blocking), and the plausibility warnings against last year's file
    (acknowledged with a reason to go on). Recognise: every criterion met
    (blocking); the warnings were acknowledged at appraisal, on values that
    the appraisal locked. Other steps (return, reopen): nothing to check.
    The workflow service applies them inside its transaction; the commune
    page shows them beside the buttons (docs/workflow.md).
    """
    if action == "recognise":
        return _all_met(assessment)
    if action not in CHECKED_STEPS:
        return []
    return _completeness(assessment) + _plausibility(assessment) + _quality(assessment)


# -- Districts (huyện nông thôn mới) -------------------------------------------------------------


def district_set(*, district: AdminUnit, year: int) -> CriteriaSet | None:
    """The district set in force for ``year`` (the province's own first); None where there is
    none (from 01/07/2025 there is no district level)."""
    try:
        return criteria_set_for_year(
            year=year, province=district.province_id, level=CriteriaSet.Level.DISTRICT
        )
    except ApplicationError:
        return None


@dataclass(frozen=True)
class DistrictStanding:
    """A district's conditions in a year, as its page and the province's list show them."""

    district: AdminUnit
    year: int
    criteria_set: CriteriaSet | None
    facts: DistrictFacts | None
    results: list[ConditionResult]
    standing: bool | None
    record: DistrictRecord | None
    file: Assessment | None
    statuses: list[CriterionStatus]


def _condition_rules(cset: CriteriaSet) -> list[ConditionRule]:
    return [
        ConditionRule(
            code=c["code"],
            name_vi=c["name_vi"],
            name_en=c.get("name_en", ""),
            percent=None if c.get("percent") is None else Decimal(c["percent"]),
            verified=bool(c.get("verified")),
            sources=tuple(c.get("sources", [])),
        )
        for c in cset.conditions
    ]


def _facts(
    *,
    communes: int,
    titles: Mapping[str, int],
    towns: int,
    record: DistrictRecord | None,
    criteria_total: int,
    statuses: list[CriterionStatus],
    districts: int = 0,
    districts_qualified: int = 0,
) -> DistrictFacts:
    """The facts a district's or a province's conditions are applied to (``titles``: communes
    holding each title that year)."""
    return DistrictFacts(
        communes=communes,
        communes_standard=titles.get(Recognition.Title.STANDARD, 0),
        communes_advanced=titles.get(Recognition.Title.ADVANCED, 0),
        towns=towns,
        towns_civilised=record.towns_civilised if record is not None else None,
        satisfaction=record.satisfaction if record is not None else None,
        criteria_total=criteria_total,
        criteria_met=sum(1 for s in statuses if s.met is True),
        criteria_known=sum(1 for s in statuses if s.met is not None),
        districts=districts,
        districts_qualified=districts_qualified,
    )


def district_standings(*, districts: list[AdminUnit], year: int) -> list[DistrictStanding]:
    """The conditions of several districts for ``year``, in a constant number of queries.

    Each district's communes (in force that year, directly under it) and their
    titles (decisions in force that year), its towns, the survey and its own
    criteria (the declared statuses of its file), applied by the district set.
    """
    if not districts:
        return []
    ids = [d.pk for d in districts]
    cset = district_set(district=districts[0], year=year)
    if cset is None:
        return [DistrictStanding(d, year, None, None, [], None, None, None, []) for d in districts]
    records = {r.unit_id: r for r in DistrictRecord.objects.filter(unit_id__in=ids, year=year)}
    files = {
        f.commune_id: f
        for f in Assessment.objects.filter(
            commune_id__in=ids,
            year=year,
            level=CriteriaSet.Level.DISTRICT,
            kind=CriteriaSet.SetKind.STANDARD,
        )
    }
    units = AdminUnit.objects.valid_in_year(year).filter(parent_id__in=ids)
    communes = dict(
        units.communes().values("parent_id").annotate(n=Count("id")).values_list("parent_id", "n")
    )
    towns = dict(
        units.filter(kind=AdminUnit.Kind.TOWNSHIP)
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    titles: dict[int, dict[str, int]] = {}
    for parent, title, n in (
        Recognition.objects.filter(
            Recognition.holding(year), commune__in=units.communes().values("id")
        )
        .values("commune__parent_id", "title")
        .annotate(n=Count("commune", distinct=True))
        .values_list("commune__parent_id", "title", "n")
    ):
        titles.setdefault(parent, {})[title] = n
    statuses: dict[int, list[CriterionStatus]] = {}
    district_of = {f.pk: f.commune_id for f in files.values()}
    for status in (
        CriterionStatus.objects.filter(assessment__in=list(files.values()))
        .select_related("criterion")
        .order_by("criterion__number")
    ):
        statuses.setdefault(district_of[status.assessment_id], []).append(status)
    rules = _condition_rules(cset)
    total = cset.criteria.count()
    out = []
    for d in districts:
        record, own = records.get(d.pk), statuses.get(d.pk, [])
        facts = _facts(
            communes=communes.get(d.pk, 0),
            titles=titles.get(d.pk, {}),
            towns=towns.get(d.pk, 0),
            record=record,
            criteria_total=total,
            statuses=own,
        )
        results, standing = district_conditions(rules, facts)
        out.append(
            DistrictStanding(d, year, cset, facts, results, standing, record, files.get(d.pk), own)
        )
    return out


def district_standing(*, district: AdminUnit, year: int) -> DistrictStanding:
    """One district's conditions for ``year`` (see :func:`district_standings`)."""
    return district_standings(districts=[district], year=year)[0]


def province_set(*, province: AdminUnit, year: int) -> CriteriaSet | None:
    """The set of a province's completion of the programme's task (level tỉnh) for ``year``."""
    try:
        return criteria_set_for_year(
            year=year, province=province.pk, level=CriteriaSet.Level.PROVINCE
        )
    except ApplicationError:
        return None


def province_standing(*, province: AdminUnit, year: int) -> DistrictStanding:
    """A province's conditions for completing the task (tỉnh hoàn thành nhiệm vụ xây dựng nông
    thôn mới): its communes' titles, its district-level units' own standing, its survey and its
    own criteria, applied by the province set of ``year``."""
    cset = province_set(province=province, year=year)
    record = DistrictRecord.objects.filter(unit=province, year=year).first()
    file = Assessment.objects.filter(
        commune=province, year=year, level=CriteriaSet.Level.PROVINCE
    ).first()
    if cset is None:
        return DistrictStanding(province, year, None, None, [], None, record, file, [])
    units = AdminUnit.objects.valid_in_year(year).within(province)
    communes = units.communes()
    titles = dict(
        Recognition.objects.filter(Recognition.holding(year), commune__in=communes.values("id"))
        .values("title")
        .annotate(n=Count("commune", distinct=True))
        .values_list("title", "n")
    )
    districts = list(units.filter(level=AdminUnit.Level.DISTRICT).order_by("code"))
    standings = district_standings(districts=districts, year=year)
    statuses = (
        list(file.statuses.select_related("criterion").order_by("criterion__number"))
        if file is not None
        else []
    )
    facts = _facts(
        communes=communes.count(),
        titles=titles,
        towns=units.filter(kind=AdminUnit.Kind.TOWNSHIP).count(),
        record=record,
        criteria_total=cset.criteria.count(),
        statuses=statuses,
        districts=len(districts),
        districts_qualified=sum(1 for d in standings if d.standing is True),
    )
    results, standing = district_conditions(_condition_rules(cset), facts)
    return DistrictStanding(province, year, cset, facts, results, standing, record, file, statuses)


def unit_standing(*, unit: AdminUnit, year: int) -> DistrictStanding:
    """A district's conditions, or a province's for completing the task."""
    if unit.level == AdminUnit.Level.PROVINCE:
        return province_standing(province=unit, year=year)
    return district_standing(district=unit, year=year)


def province_districts(*, user: Any, province: AdminUnit, year: int) -> list[DistrictStanding]:
    """The standing of every district of ``province`` in force in ``year`` that ``user`` sees."""
    districts = units_restrict(
        user,
        AdminUnit.objects.valid_in_year(year)
        .within(province)
        .filter(level=AdminUnit.Level.DISTRICT)
        .order_by("code"),
    )
    return district_standings(districts=list(districts.select_related("province")), year=year)


@dataclass(frozen=True)
class VillageRow:
    """A village (thôn) of a commune and its standard file's result for a year (None: no file)."""

    name: str
    code: str
    criteria_met: int | None
    criteria_total: int | None
    meets_standard: bool | None


def commune_villages(*, commune: AdminUnit, year: int) -> list[VillageRow]:
    """The commune's villages in force in ``year`` with their village files' results (two queries).

    A village without a file that year is ``None`` (chưa đánh giá), never "not met".
    """
    villages = list(
        AdminUnit.objects.filter(level=AdminUnit.Level.VILLAGE, parent=commune)
        .valid_in_year(year)
        .order_by("code")
    )
    if not villages:
        return []
    files = {
        a["commune_id"]: a
        for a in Assessment.objects.filter(
            commune__in=villages,
            year=year,
            kind=CriteriaSet.SetKind.STANDARD,
            level=CriteriaSet.Level.VILLAGE,
        ).values("commune_id", "criteria_met", "criteria_total", "meets_standard")
    }
    rows = []
    for v in villages:
        f = files.get(v.pk)
        rows.append(
            VillageRow(
                name=str(v),
                code=v.code,
                criteria_met=f["criteria_met"] if f else None,
                criteria_total=f["criteria_total"] if f else None,
                meets_standard=f["meets_standard"] if f else None,
            )
        )
    return rows


# --------------------------------------------------------------------------- lineage


@dataclass(frozen=True)
class LineageFile:
    """One standard file of a predecessor (or successor) shown on a merged commune's page."""

    year: int
    criteria_met: int
    criteria_total: int
    state_label: str


@dataclass(frozen=True)
class LineageRow:
    """A unit a commune took in (or was taken into), with the change and that unit's files."""

    unit: AdminUnit
    whole: bool
    effective: datetime.date
    resolution: str
    note: str
    files: tuple[LineageFile, ...]
    decisions: tuple[Recognition, ...]
    in_scope: bool


def commune_lineage(*, user: Any, commune: AdminUnit) -> dict[str, list[LineageRow]]:
    """A commune's predecessors (the communes it took in, whole or in part) with their standard
    files and decisions, and its successors (where it went): its history across mergers. Four
    queries; a unit outside the user's scope is named but not linked."""
    links = list(
        UnitLineage.objects.filter(Q(successor=commune) | Q(predecessor=commune))
        .exclude(predecessor=F("successor"))
        .select_related("predecessor__parent", "successor__parent")
    )
    others = {
        (link.predecessor if link.successor_id == commune.pk else link.successor).pk
        for link in links
    }
    if not others:
        return {"predecessors": [], "successors": []}
    files: dict[int, list[LineageFile]] = {}
    for a in (
        Assessment.objects.standard()
        .filter(commune__in=others)
        .order_by("year")
        .select_related("commune")
    ):
        files.setdefault(a.commune_id, []).append(
            LineageFile(a.year, a.criteria_met, a.criteria_total, a.state_label())
        )
    decisions: dict[int, list[Recognition]] = {}
    for r in Recognition.objects.filter(commune__in=others).order_by("year", "date"):
        decisions.setdefault(r.commune_id, []).append(r)
    visible = set(units_restrict(user).filter(pk__in=others).values_list("pk", flat=True))
    out: dict[str, list[LineageRow]] = {"predecessors": [], "successors": []}
    for link in sorted(links, key=lambda x: (x.predecessor.code, x.successor.code)):
        before = link.successor_id == commune.pk
        unit = link.predecessor if before else link.successor
        out["predecessors" if before else "successors"].append(
            LineageRow(
                unit,
                link.whole,
                link.effective,
                link.resolution,
                link.note,
                tuple(files.get(unit.pk, ())),
                tuple(decisions.get(unit.pk, ())),
                unit.pk in visible,
            )
        )
    return out
