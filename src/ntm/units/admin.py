"""Administrative units in the admin: read-only (lists are loaded with ``ntm loadunits``).

A unit's region decides its communes' thresholds; it is changed through
``assessments.services.evaluation.unit_region_change``, which records the
change and derives the statuses again.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ntm.core.admin import ReadOnlyAdmin, ReadOnlyInline
from ntm.units.models import AdminUnit, Classification, Region, UnitLineage, UnitListLoad
from ntm.units.services import unit_lineage_save


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


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Officers complete a lineage link's basis or note; which unit took in which is the list's."""

    list_display = ["predecessor", "successor", "whole", "effective", "resolution", "list_name"]
    list_filter = ["list_name", "whole", "successor__level"]
    search_fields = ["predecessor__name", "successor__name", "predecessor__code", "successor__code"]
    fields = ["predecessor", "successor", "whole", "effective", "list_name", "resolution", "note"]
    readonly_fields = ["predecessor", "successor", "whole", "effective", "list_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: UnitLineage, form: Any, change: bool) -> None:
        unit_lineage_save(link=obj, user=request.user, reason="Sửa trong trang quản trị")
