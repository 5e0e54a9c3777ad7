"""Administrative units in the admin: read-only (lists are loaded with ``ntm loadunits``).

A unit's region decides its communes' thresholds; it is changed through
``assessments.services.evaluation.unit_region_change``, which records the
change and derives the statuses again.
"""

from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin, ReadOnlyInline
from ntm.units.models import AdminUnit, Classification, Region, UnitListLoad


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_en"]


class ClassificationInline(ReadOnlyInline):
    model = Classification


@admin.register(AdminUnit)
class AdminUnitAdmin(ReadOnlyAdmin):
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
    inlines = [ClassificationInline]


@admin.register(UnitListLoad)
class UnitListLoadAdmin(ReadOnlyAdmin):
    list_display = ["province_code", "list_name", "loaded_at"]
