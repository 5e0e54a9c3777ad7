from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin
from ntm.opendata.models import Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Shown only: publishing and withdrawing go through ``opendata.services``."""

    list_display = ["province", "year", "licence", "published_at", "withdrawn_at"]
    list_filter = ["year"]
