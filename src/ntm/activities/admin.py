from django.contrib import admin

from ntm.activities.models import Course, Directive, Event, ValueChain
from ntm.core.admin import ReadOnlyAdmin


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["year", "unit", "kind", "classes", "participants"]
    list_filter = ["year", "kind"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["date", "unit", "kind", "description"]
    list_filter = ["kind"]


@admin.register(ValueChain)
class ValueChainAdmin(ReadOnlyAdmin):
    list_display = ["year", "unit", "plan_code", "product", "plans"]
    list_filter = ["year"]


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    list_display = ["date", "number", "kind", "issuer", "unit"]
    list_filter = ["kind"]
    search_fields = ["number", "subject"]
