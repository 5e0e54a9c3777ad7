"""The criteria catalogue in the admin: read-only (sets are data, loaded with ``ntm loadcriteria``).

Thresholds are corrected by officers, through the assessments' service that
also derives the statuses again (registered in ``assessments.admin``).
"""

from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin, ReadOnlyInline
from ntm.criteria.models import CriteriaSet, Criterion, CriterionGroup, Indicator, Threshold


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "kind",
        "legal_basis",
        "period_start",
        "period_end",
        "province",
    ]


@admin.register(CriterionGroup)
class CriterionGroupAdmin(ReadOnlyAdmin):
    list_display = ["criteria_set", "code", "name"]


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["code", "content", "kind", "op", "unit", "verified"]
    show_change_link = True


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "short_name", "group", "criteria_set"]
    list_filter = ["criteria_set"]
    inlines = [IndicatorInline]


class ThresholdInline(ReadOnlyInline):
    model = Threshold
    fields = [
        "region",
        "commune_group",
        "province",
        "value_number",
        "value_text",
        "secondary_number",
        "verified",
    ]
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "short_content", "kind", "op", "unit", "verified"]
    list_filter = ["criterion__criteria_set", "verified", "kind"]
    search_fields = ["code", "content"]
    inlines = [ThresholdInline]

    @admin.display(description="Nội dung")
    def short_content(self, obj: Indicator) -> str:
        return obj.content[:90]
