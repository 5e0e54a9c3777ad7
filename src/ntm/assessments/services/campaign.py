"""Opening a province's assessment year (mở đợt đánh giá) and the carried values it creates.

The province officer (or the central level) opens a year once: every commune
of the province valid that year gets its file (draft), started from the
values of its previous year's file. A carried value keeps the year it came
from (``IndicatorValue.carried_from``) until the commune confirms it or saves
another value; it counts as entered for evaluation. Declarations are not
carried: a declaration is a judgement about one year. Only indicators whose
code is in the new year's criteria set are carried.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.accounts.services import Action, ensure_can
from ntm.assessments.models import Assessment, Campaign, IndicatorValue
from ntm.assessments.services.evaluation import VALUE_FIELDS, assessments_evaluate
from ntm.assessments.services.workflow import assessment_ensure_editable
from ntm.core.audit import change_entry, change_record, changes_write, snapshot
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet, Indicator
from ntm.criteria.selectors import years_with_criteria_set
from ntm.criteria.services import criteria_set_for_year
from ntm.units.models import AdminUnit

BATCH = 1000

#: The fields of a campaign the change log keeps.
DEADLINE_FIELDS = ["commune_deadline", "district_deadline", "province_deadline"]


@dataclass(frozen=True)
class Deadlines:
    """By when each level is expected to have done its step (each optional)."""

    commune: datetime.date | None = None  # xã gửi hồ sơ lên huyện
    district: datetime.date | None = None  # huyện rà soát, chuyển tỉnh
    province: datetime.date | None = None  # tỉnh thẩm định


def _deadlines_check(deadlines: Deadlines) -> None:
    given = [d for d in (deadlines.commune, deadlines.district, deadlines.province) if d]
    if given != sorted(given):
        raise ApplicationError(
            _(
                "Thời hạn phải theo thứ tự các bước: xã gửi hồ sơ, rồi huyện rà soát, "
                "rồi tỉnh thẩm định."
            )
        )


def _deadlines_apply(campaign: Campaign, deadlines: Deadlines) -> None:
    campaign.commune_deadline = deadlines.commune
    campaign.district_deadline = deadlines.district
    campaign.province_deadline = deadlines.province


def _province_locked(province: AdminUnit) -> AdminUnit:
    """The province as stored, its row locked so that two openings of it run one after the other."""
    return AdminUnit.objects.select_for_update().get(pk=province.pk)


@transaction.atomic
def campaign_open(
    *, province: AdminUnit, year: int, deadlines: Deadlines | None = None, user: Any
) -> Campaign:
    """Open ``year`` for ``province``: the campaign row, every commune's file, last year's values.

    Refused unless the user is a province officer of that province (or
    central), a criteria set is in force for the year, and the year was not
    opened already. ``user`` None is a system job (``ntm opencampaign`` run by
    the administrator on the server): no role to check. Files that exist are left as they are; the new ones are
    evaluated once at the end.
    """
    deadlines = deadlines or Deadlines()
    if province.level != AdminUnit.Level.PROVINCE:
        raise ApplicationError(_("Đợt đánh giá được mở cho một tỉnh."))
    if user is not None:
        ensure_can(user, Action.CAMPAIGN_OPEN, province)
    province = _province_locked(province)
    if year not in years_with_criteria_set(province=province):
        raise ApplicationError(
            _("Chưa có bộ tiêu chí áp dụng cho năm %(y)s: chưa mở được đợt đánh giá năm %(y)s.")
            % {"y": year}
        )
    opened = Campaign.objects.filter(province=province, year=year).first()
    if opened is not None:
        raise ApplicationError(
            _("Đợt đánh giá năm %(y)s của %(p)s đã được mở ngày %(d)s.")
            % {"y": year, "p": province, "d": opened.opened_at.strftime("%d/%m/%Y")}
        )
    _deadlines_check(deadlines)
    criteria_set = criteria_set_for_year(year=year, province=province)

    communes = AdminUnit.objects.communes().valid_in_year(year).within(province)
    # The communes' rows serialise the writers that create their files
    # (``assessment_get_or_create``, an import): lock them before looking for files.
    list(communes.select_for_update().values_list("pk", flat=True))
    with_file = Assessment.objects.standard().filter(year=year).values("commune_id")
    missing = list(communes.exclude(pk__in=with_file).order_by("code"))
    created = [Assessment(commune=c, year=year, criteria_set=criteria_set) for c in missing]
    Assessment.objects.bulk_create(created, batch_size=BATCH)
    log = [
        change_entry(
            obj=a,
            action="create",
            user=user,
            after={"year": year, "state": a.state, "criteria_set": criteria_set.pk},
            reason=_("Mở đợt đánh giá năm %(y)s") % {"y": year},
        )
        for a in created
    ]
    carried, files_carried = _values_carry(created, criteria_set_id=criteria_set.pk, user=user)
    log += carried

    campaign = Campaign(
        province=province,
        year=year,
        opened_by=user if getattr(user, "is_authenticated", False) else None,
        files_created=len(created),
        files_carried=files_carried,
        values_carried=len(carried),
    )
    _deadlines_apply(campaign, deadlines)
    campaign.save()
    log.append(
        change_entry(
            obj=campaign,
            action="create",
            user=user,
            after={
                "year": year,
                **snapshot(campaign, DEADLINE_FIELDS),
                "files_created": campaign.files_created,
                "values_carried": campaign.values_carried,
            },
        )
    )
    changes_write(log)
    if created:
        assessments_evaluate(assessment_ids=[a.pk for a in created])
    return campaign


def _values_carry(
    created: list[Assessment], *, criteria_set_id: int, user: Any
) -> tuple[list[Any], int]:
    """Copy each new file's commune's previous-year values, marked with the year they came from.

    Returns the change entries (one per carried value) and how many files got values.
    """
    if not created:
        return [], 0
    year = created[0].year
    by_commune = {a.commune_id: a for a in created}
    indicators = dict(
        Indicator.objects.filter(criterion__criteria_set_id=criteria_set_id).values_list(
            "code", "pk"
        )
    )
    codes = {pk: code for code, pk in indicators.items()}
    actor = user if getattr(user, "is_authenticated", False) else None
    rows: list[IndicatorValue] = []
    ids = list(by_commune)
    for start in range(0, len(ids), BATCH):
        previous = IndicatorValue.objects.filter(
            assessment__year=year - 1,
            assessment__kind=CriteriaSet.SetKind.STANDARD,
            assessment__commune_id__in=ids[start : start + BATCH],
        ).values("assessment__commune_id", "indicator__code", *VALUE_FIELDS)
        for old in previous:
            indicator_id = indicators.get(old["indicator__code"])
            if indicator_id is None:  # not in the new year's set
                continue
            row = IndicatorValue(
                assessment=by_commune[old["assessment__commune_id"]],
                indicator_id=indicator_id,
                carried_from=year - 1,
                updated_by=actor,
            )
            for name in VALUE_FIELDS:
                setattr(row, name, old[name])
            rows.append(row)
    IndicatorValue.objects.bulk_create(rows, batch_size=BATCH)
    reason = _("Chuyển từ hồ sơ năm %(y)s khi mở đợt đánh giá") % {"y": year - 1}
    entries = [
        change_entry(
            obj=row,
            action="create",
            user=user,
            after={**snapshot(row, VALUE_FIELDS), "carried_from": row.carried_from},
            reason=reason,
            label=f"{row.assessment.commune.name} – {year} {codes[row.indicator_id]}",
        )
        for row in rows
    ]
    return entries, len({row.assessment_id for row in rows})


@transaction.atomic
def campaign_deadlines_set(
    *, campaign: Campaign, deadlines: Deadlines, user: Any, reason: str = ""
) -> Campaign:
    """Change a campaign's deadlines (province officer of that province, or central), recorded."""
    if user is not None:
        ensure_can(user, Action.CAMPAIGN_OPEN, campaign.province)
    fresh = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    _deadlines_check(deadlines)
    before = snapshot(fresh, DEADLINE_FIELDS)
    _deadlines_apply(fresh, deadlines)
    after = snapshot(fresh, DEADLINE_FIELDS)
    if after != before:
        fresh.save(update_fields=DEADLINE_FIELDS)
        change_record(
            obj=fresh, action="update", user=user, before=before, after=after, reason=reason
        )
    _deadlines_apply(campaign, deadlines)
    return fresh


@transaction.atomic
def carried_values_confirm(
    *, assessment: Assessment, user: Any, indicator_codes: Sequence[str] | None = None
) -> int:
    """The commune confirms carried values as this year's (all of the file's, or the codes given).

    Under the same rule as editing the values; returns how many were confirmed.
    """
    fresh = assessment_ensure_editable(assessment=assessment, user=user)
    return carried_values_confirm_write(
        assessment=fresh, user=user, indicator_codes=indicator_codes
    )


def carried_values_confirm_write(
    *, assessment: Assessment, user: Any, indicator_codes: Sequence[str] | None = None
) -> int:
    """Clear the carried mark of values with its change record (the caller checked the file)."""
    qs = IndicatorValue.objects.filter(
        assessment=assessment, carried_from__isnull=False
    ).select_related("indicator")
    if indicator_codes is not None:
        qs = qs.filter(indicator__code__in=list(indicator_codes))
    rows = list(qs)
    if not rows:
        return 0
    log = [
        change_entry(
            obj=row,
            action="update",
            user=user,
            before={"carried_from": row.carried_from},
            after={"carried_from": None},
            reason=_("Xác nhận giá trị chuyển từ năm %(y)s") % {"y": row.carried_from},
        )
        for row in rows
    ]
    IndicatorValue.objects.filter(pk__in=[r.pk for r in rows]).update(carried_from=None)
    changes_write(log)
    return len(rows)
