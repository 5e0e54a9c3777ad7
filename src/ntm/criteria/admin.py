from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ntm.criteria.models import CriteriaSet, Criterion, CriterionGroup, Indicator, Threshold
from ntm.criteria.services import threshold_save


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "legal_basis", "period_start", "period_end", "province"]


@admin.register(CriterionGroup)
class CriterionGroupAdmin(admin.ModelAdmin):
    list_display = ["criteria_set", "code", "name"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "content", "kind", "op", "unit", "verified"]
    show_change_link = True


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "short_name", "group", "criteria_set"]
    list_filter = ["criteria_set"]
    inlines = [IndicatorInline]


class ThresholdInline(admin.TabularInline):
    model = Threshold
    extra = 0
    fields = ["region", "province", "value_number", "value_text", "secondary_number", "verified"]
    raw_id_fields = ["province"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "short_content", "kind", "op", "unit", "verified"]
    list_filter = ["criterion__criteria_set", "verified", "kind"]
    search_fields = ["code", "content"]
    readonly_fields = ["note", "sources"]
    inlines = [ThresholdInline]

    @admin.display(description="Nội dung")
    def short_content(self, obj: Indicator) -> str:
        return obj.content[:90]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Threshold:
            super().save_formset(request, form, formset, change)
            return
        for threshold in formset.save(commit=False):
            threshold_save(
                threshold=threshold, user=request.user, reason="Sửa trong trang quản trị"
            )
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ["indicator", "region", "province", "value_number", "value_text", "verified"]
    list_filter = ["verified", "region", "indicator__criterion__criteria_set"]
    search_fields = ["indicator__code"]
    raw_id_fields = ["province"]

    def save_model(self, request: HttpRequest, obj: Threshold, form: Any, change: bool) -> None:
        threshold_save(threshold=obj, user=request.user, reason="Sửa trong trang quản trị")
