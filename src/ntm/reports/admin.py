from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin
from ntm.reports.models import Job, ReportText


@admin.register(ReportText)
class ReportTextAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "section", "updated_at"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["kind", "status", "progress", "user", "created_at"]
