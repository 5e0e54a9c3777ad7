"""The administration site: read-only for business data, whose writes go through services.

Every write to the programme's records needs its state check, its change
record and, for inputs of an assessment, a new evaluation; the services do
that and the admin's own save and delete would not. So the admin shows
business data read-only (:class:`ReadOnlyAdmin`); the few things officers do
correct here (thresholds, an officer's role and unit) are saved through their
service. The change log can be read, never edited or deleted.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ntm.core.models import ChangeRecord

admin.site.site_header = "NTM – Quản trị hệ thống"
admin.site.site_title = "NTM"
admin.site.index_title = "Quản trị"


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shown, searchable, never written from the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Rows shown inside their parent's page; every field is read-only, timestamps included."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Listed fields may include ones no form can hold (``Transition.at``): show them as text.
        return list(self.fields) if self.fields else super().get_readonly_fields(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "object_type", "object_repr", "action", "user", "reason"]
    list_filter = ["object_type", "action"]
    search_fields = ["object_repr", "object_id", "reason"]
