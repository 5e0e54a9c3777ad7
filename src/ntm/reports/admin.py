from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin
from ntm.reports.models import DocumentSetting, Job, ReferenceFigure, ReportText


@admin.register(ReportText)
class ReportTextAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "section", "updated_at"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["kind", "status", "progress", "user", "created_at"]


@admin.register(DocumentSetting)
class DocumentSettingAdmin(ReadOnlyAdmin):
    """Read-only: the office sets it on its page (``reports:document_setting``), recorded."""

    list_display = ["unit", "year", "symbol", "signer", "updated_at"]


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "key", "value", "unit_label", "updated_at"]
