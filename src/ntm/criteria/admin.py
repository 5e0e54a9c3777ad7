"""The criteria catalogue in the admin: read-only (sets are data, loaded with ``ntm loadcriteria``).

Thresholds are corrected by officers, through the assessments' service that
also derives the statuses again (registered in ``assessments.admin``). The
crosswalk's links are corrected here, through ``criterion_link_save`` (with a
change record, kept by a reload of the crosswalk file).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ntm.core.admin import ReadOnlyAdmin, ReadOnlyInline
from ntm.criteria.models import (
    CriteriaSet,
    Criterion,
    CriterionGroup,
    CriterionLink,
    Indicator,
    Threshold,
)
from ntm.criteria.services import criterion_link_save


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


@admin.register(CriterionLink)
class CriterionLinkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Officers correct a crosswalk link (relation, verified, note); removing one is not done here."""

    list_display = ["criterion", "previous", "relation", "verified", "source_file"]
    list_filter = ["criterion__criteria_set", "relation", "verified"]
    search_fields = ["criterion__name", "previous__name", "note"]
    raw_id_fields = ["criterion", "previous"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CriterionLink, form: Any, change: bool) -> None:
        criterion_link_save(link=obj, user=request.user, reason="Sửa trong trang quản trị")
