"""Assessments in the admin: read-only; thresholds corrected through ``threshold_correct``.

Values, statuses, workflow state, evidence and decisions change through the
pages and services (state checks, change records, evaluation). The threshold
admin lives here because saving a threshold derives again the statuses it
decides, which is this app's service.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ntm.assessments.models import (
    Assessment,
    Campaign,
    CriterionStatus,
    DistrictRecord,
    Evidence,
    IndicatorValue,
    Recognition,
    Transition,
)
from ntm.assessments.services.evaluation import threshold_correct
from ntm.core.admin import ReadOnlyAdmin, ReadOnlyInline
from ntm.criteria.models import Threshold


class StatusInline(ReadOnlyInline):
    model = CriterionStatus
    fields = ["criterion", "computed_met", "declared_met", "met", "source"]


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["from_state", "to_state", "action", "user", "reason", "at"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["commune", "year", "state", "criteria_met", "meets_standard", "locked"]
    list_filter = ["year", "state", "meets_standard"]
    search_fields = ["commune__name", "commune__code"]
    inlines = [StatusInline, TransitionInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "indicator", "value_number", "value_bool"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "assessment", "criterion", "uploaded_at"]


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdmin):
    list_display = ["number", "date", "commune", "title", "year", "issuer", "revoked_on"]
    list_filter = ["title", "year"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    """A province's campaign of a year; opened and its deadlines set on the campaign page
    (``campaign_open``, ``campaign_deadlines_set``: checks and change records)."""

    list_display = [
        "province",
        "year",
        "commune_deadline",
        "district_deadline",
        "province_deadline",
        "files_created",
        "opened_by",
        "opened_at",
    ]
    list_filter = ["year"]
    search_fields = ["province__name", "province__code"]


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Officers correct a threshold (or add a province's own); removing one is not done here."""

    list_display = ["indicator", "region", "province", "value_number", "value_text", "verified"]
    list_filter = ["verified", "region", "indicator__criterion__criteria_set"]
    search_fields = ["indicator__code"]
    raw_id_fields = ["indicator", "province"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Threshold, form: Any, change: bool) -> None:
        threshold_correct(threshold=obj, user=request.user, reason="Sửa trong trang quản trị")


@admin.register(DistrictRecord)
class DistrictRecordAdmin(ReadOnlyAdmin):
    """A district's survey and towns of a year; recorded on the district's page
    (``district_results_save``: scope, version check and change record)."""

    list_display = ["unit", "year", "satisfaction", "towns_civilised", "source"]
    list_filter = ["year"]
