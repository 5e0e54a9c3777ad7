"""Recording a district's own results for a year: its criteria, the survey, its towns.

A district's conditions (``evaluation.district``) are computed from its
communes' titles and from what is recorded here. The district's criteria are
a file of the district set (an Assessment at level huyện) whose statuses are
declared: the sets ship no indicator for them.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ntm.accounts.services import Action, ensure_can
from ntm.assessments.models import CriterionStatus, DistrictRecord
from ntm.assessments.selectors import district_set, province_set
from ntm.assessments.services.evaluation import (
    assessment_get_or_create,
    assessments_evaluate,
    criterion_declaration_write,
)
from ntm.core.audit import change_record, snapshot
from ntm.core.concurrency import ensure_current
from ntm.core.errors import ApplicationError
from ntm.criteria.models import CriteriaSet
from ntm.evaluation.numbers import decimal_text
from ntm.units.models import AdminUnit

RECORD_FIELDS = ("satisfaction", "towns_civilised", "source")


def district_results_state(*, district: AdminUnit, year: int) -> dict[str, str | None]:
    """What the district's page edits, as the version it carries (core.concurrency)."""
    record = DistrictRecord.objects.filter(unit=district, year=year).first()
    state: dict[str, str | None] = {
        f: None if record is None or getattr(record, f) in (None, "") else str(getattr(record, f))
        for f in RECORD_FIELDS
    }
    if record is not None and record.satisfaction is not None:
        state["satisfaction"] = decimal_text(record.satisfaction)
    statuses = CriterionStatus.objects.filter(
        assessment__commune=district,
        assessment__year=year,
        assessment__level=CriteriaSet.Level.of_unit(district.level),
        assessment__kind=CriteriaSet.SetKind.STANDARD,
    ).values_list("criterion__number", "declared_met")
    for number, met in statuses:
        state[f"tc{number}"] = None if met is None else str(met)
    return state


@transaction.atomic
def district_results_save(
    *,
    user: Any,
    district: AdminUnit,
    year: int,
    satisfaction: Decimal | None,
    towns_civilised: int | None,
    source: str = "",
    criteria: dict[int, bool | None],
    version: str | None = None,
) -> DistrictRecord:
    """Record a district's survey, towns and criteria for ``year``, all or nothing.

    ``criteria`` maps a criterion number of the district set to its result
    (None: not assessed). ``version`` is the page's state when opened; a change
    made since by someone else is refused (``StaleEdit``).
    """
    ensure_can(user, Action.DISTRICT_EDIT, district)
    if district.level == AdminUnit.Level.PROVINCE:
        cset = province_set(province=district, year=year)
        if cset is None:
            raise ApplicationError(
                _("Không có quy định tỉnh hoàn thành nhiệm vụ áp dụng cho năm %(y)s.") % {"y": year}
            )
    elif district.level == AdminUnit.Level.DISTRICT:
        cset = district_set(district=district, year=year)
        if cset is None:
            raise ApplicationError(
                _("Không có bộ tiêu chí huyện nông thôn mới áp dụng cho năm %(y)s.") % {"y": year}
            )
    else:
        raise ApplicationError(_("%(u)s không phải đơn vị cấp huyện.") % {"u": district})
    if satisfaction is not None and not Decimal(0) <= satisfaction <= Decimal(100):
        raise ApplicationError(_("Tỷ lệ hài lòng phải từ 0 đến 100%."), {"field": "satisfaction"})
    towns = AdminUnit.objects.valid_in_year(year).filter(
        path__startswith=district.path, kind=AdminUnit.Kind.TOWNSHIP
    )
    if towns_civilised is not None and towns_civilised > towns.count():
        raise ApplicationError(
            _("Huyện có %(n)s thị trấn, không thể có %(k)s thị trấn đạt chuẩn.")
            % {"n": towns.count(), "k": towns_civilised},
            {"field": "towns_civilised"},
        )
    numbers = set(cset.criteria.values_list("number", flat=True))
    unknown = sorted(set(criteria) - numbers)
    if unknown:
        raise ApplicationError(
            _("Bộ tiêu chí %(s)s không có tiêu chí số %(n)s.")
            % {"s": cset.code, "n": ", ".join(map(str, unknown))}
        )
    # The district's row serialises the writers of its results.
    AdminUnit.objects.select_for_update().filter(pk=district.pk).first()
    ensure_current(token=version, now=district_results_state(district=district, year=year))

    record = DistrictRecord.objects.filter(unit=district, year=year).first()
    before = snapshot(record, RECORD_FIELDS) if record is not None else None
    if record is None:
        record = DistrictRecord(unit=district, year=year)
    record.satisfaction, record.towns_civilised = satisfaction, towns_civilised
    record.source = source.strip()[:300]
    record.recorded_by = user if getattr(user, "is_authenticated", False) else None
    after = snapshot(record, RECORD_FIELDS)
    if after != before:
        record.save()
        change_record(
            obj=record,
            action="update" if before else "create",
            user=user,
            before=before,
            after=after,
        )

    assessment = assessment_get_or_create(commune=district, year=year)
    current = {
        s.criterion.number: s.declared_met
        for s in CriterionStatus.objects.filter(assessment=assessment).select_related("criterion")
    }
    for number, met in sorted(criteria.items()):
        if current.get(number) != met:
            criterion_declaration_write(
                assessment=assessment, criterion_number=number, met=met, user=user
            )
    assessments_evaluate(assessment_ids=[assessment.pk])
    return record
