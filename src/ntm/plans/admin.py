from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin
from ntm.plans.models import Target, TargetCommune


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "row_id", "value"]
    list_filter = ["year"]


@admin.register(TargetCommune)
class TargetCommuneAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "commune", "title"]
