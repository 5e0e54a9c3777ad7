from django.contrib import admin

from ntm.units.models import AdminUnit, Classification, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]


class ClassificationInline(admin.TabularInline):
    model = Classification
    extra = 0


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "region",
        "valid_from",
        "valid_to",
        "source_list",
    ]
    list_filter = ["level", "kind", "source_list", "region"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "province", "previous"]
    inlines = [ClassificationInline]
