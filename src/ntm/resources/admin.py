from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin
from ntm.resources.models import Fund, Support


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin):
    list_display = ["year", "unit", "source", "allocated", "disbursed", "as_of"]
    list_filter = ["year", "source"]


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    list_display = ["year", "sponsor", "commune", "cash", "in_kind", "materials"]
    list_filter = ["year"]
