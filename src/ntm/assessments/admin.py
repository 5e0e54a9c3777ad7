from django.contrib import admin

from ntm.assessments.models import (
    Assessment,
    CriterionStatus,
    Evidence,
    IndicatorValue,
    Recognition,
    Transition,
)


class StatusInline(admin.TabularInline):
    model = CriterionStatus
    extra = 0
    fields = ["criterion", "computed_met", "declared_met", "met", "source"]
    readonly_fields = ["computed_met", "met", "source"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    readonly_fields = ["from_state", "to_state", "action", "user", "reason", "at"]
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["commune", "year", "state", "criteria_met", "meets_standard", "locked"]
    list_filter = ["year", "state", "meets_standard"]
    search_fields = ["commune__name", "commune__code"]
    raw_id_fields = ["commune"]
    inlines = [StatusInline, TransitionInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["assessment", "indicator", "value_number", "value_bool"]
    raw_id_fields = ["assessment"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "assessment", "criterion", "uploaded_at"]
    raw_id_fields = ["assessment"]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "commune", "title", "year", "issuer", "revoked_on"]
    list_filter = ["title", "year"]
    raw_id_fields = ["commune"]
