from django.contrib import admin

from ntm.reports.models import Job, ReportText


@admin.register(ReportText)
class ReportTextAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "section", "updated_at"]
    raw_id_fields = ["unit"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["kind", "status", "progress", "user", "created_at"]
