"""Boundary sets in the admin: read-only (they are loaded with ``ntm loadmap``)."""

from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin
from ntm.maps.models import Boundary, BoundarySet


@admin.register(BoundarySet)
class BoundarySetAdmin(ReadOnlyAdmin):
    list_display = ["name", "list_name", "licence", "source", "loaded_at", "loaded_by"]
    list_filter = ["list_name"]
    search_fields = ["name", "source"]


@admin.register(Boundary)
class BoundaryAdmin(ReadOnlyAdmin):
    list_display = ["boundary_set", "unit", "min_lon", "min_lat", "max_lon", "max_lat"]
    list_filter = ["boundary_set"]
    search_fields = ["unit__code", "unit__name"]
    exclude = ["geometry"]
