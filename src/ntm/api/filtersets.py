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
    year = django_filters.NumberFilter(method="filter_year", label="year")

    class Meta:
        model = AdminUnit
        fields = ["code", "level", "kind", "parent"]

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(pk__in=AdminUnit.objects.valid_in_year(int(value)).values("pk"))


class CriteriaSetFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(method="filter_year", label="year")

    class Meta:
        model = CriteriaSet
        fields = ["code", "level", "kind"]

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(period_start__lte=value, period_end__gte=value)


class AssessmentFilterSet(ScopedFilterSet):
    unit_field = "commune"

    class Meta:
        model = Assessment
        fields = ["year", "state", "commune", "meets_standard", "kind", "level"]


class RecognitionFilterSet(ScopedFilterSet):
    unit_field = "commune"

    class Meta:
        model = Recognition
        fields = ["year", "title", "commune", "kind"]


class TargetFilterSet(ScopedFilterSet):
    class Meta:
        model = Target
        fields = ["year", "row_id"]


class TargetCommuneFilterSet(ScopedFilterSet):
    class Meta:
        model = TargetCommune
        fields = ["year", "commune", "title"]


class ProductFilterSet(ScopedFilterSet):
    unit_field = "commune"

    class Meta:
        model = Product
        fields = ["group", "commune", "code"]


class FundFilterSet(ScopedFilterSet):
    class Meta:
        model = Fund
        fields = ["year", "source", "level"]


class SupportFilterSet(ScopedFilterSet):
    unit_field = "commune"

    class Meta:
        model = Support
        fields = ["year", "commune"]
