from django.contrib import admin

from ntm.plans.models import Target, TargetCommune


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "row_id", "value"]
    list_filter = ["year"]
    raw_id_fields = ["unit"]


@admin.register(TargetCommune)
class TargetCommuneAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "commune", "title"]
    raw_id_fields = ["unit", "commune"]
