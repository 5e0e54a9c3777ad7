from django.contrib import admin

from ntm.core.models import ChangeRecord

admin.site.site_header = "NTM – Quản trị hệ thống"
admin.site.site_title = "NTM"
admin.site.index_title = "Quản trị"


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "object_type", "object_repr", "action", "user", "reason"]
    list_filter = ["object_type", "action"]
    readonly_fields = [f.name for f in ChangeRecord._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
