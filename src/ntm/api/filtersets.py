"""The API's filters: by unit (the unit and everything below it), year and state.

``unit`` takes a unit's id; a unit outside the user's units is refused as an
invalid choice (400), the same answer as for a unit that does not exist.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet

from ntm.accounts.scope import units_restrict
from ntm.assessments.models import Assessment, Recognition
from ntm.criteria.models import CriteriaSet
from ntm.ocop.models import Product
from ntm.plans.models import Target, TargetCommune
from ntm.resources.models import Fund, Support
from ntm.units.models import AdminUnit
from ntm.units.selectors import subtrees


def year_filter(**kwargs: Any) -> django_filters.NumberFilter:
    """``?year=``: a year the programme can have (1900-2200), else refused (400) naming it."""
    return django_filters.NumberFilter(
        min_value=1900, max_value=2200, decimal_places=0, label="year", **kwargs
    )


class ScopedFilterSet(django_filters.FilterSet):
    """``?unit=<id>``: rows of that unit or below it (``unit_field``), within the user's units."""

    unit_field = "unit"
    unit = django_filters.ModelChoiceFilter(
        queryset=AdminUnit.objects.none(), method="filter_unit", label="unit"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["unit"].queryset = units_restrict(user)

    def filter_unit(self, queryset: QuerySet[Any], name: str, value: AdminUnit) -> QuerySet[Any]:
        return queryset.filter(subtrees([value], self.unit_field))


class UnitFilterSet(ScopedFilterSet):
    unit_field = ""
    year = year_filter(method="filter_year")

    class Meta:
        model = AdminUnit
        fields = ["code", "level", "kind", "parent"]

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(pk__in=AdminUnit.objects.valid_in_year(int(value)).values("pk"))


class CriteriaSetFilterSet(django_filters.FilterSet):
    year = year_filter(method="filter_year")

    class Meta:
        model = CriteriaSet
        fields = ["code", "level", "kind"]

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(period_start__lte=value, period_end__gte=value)


class AssessmentFilterSet(ScopedFilterSet):
    year = year_filter()
    unit_field = "commune"

    class Meta:
        model = Assessment
        fields = ["state", "commune", "meets_standard", "kind", "level"]


class RecognitionFilterSet(ScopedFilterSet):
    year = year_filter()
    unit_field = "commune"

    class Meta:
        model = Recognition
        fields = ["title", "commune", "kind"]


class TargetFilterSet(ScopedFilterSet):
    year = year_filter()

    class Meta:
        model = Target
        fields = ["row_id"]


class TargetCommuneFilterSet(ScopedFilterSet):
    year = year_filter()

    class Meta:
        model = TargetCommune
        fields = ["commune", "title"]


class ProductFilterSet(ScopedFilterSet):
    unit_field = "commune"

    class Meta:
        model = Product
        fields = ["group", "commune", "code"]


class FundFilterSet(ScopedFilterSet):
    year = year_filter()

    class Meta:
        model = Fund
        fields = ["source", "level"]


class SupportFilterSet(ScopedFilterSet):
    year = year_filter()
    unit_field = "commune"

    class Meta:
        model = Support
        fields = ["commune"]
