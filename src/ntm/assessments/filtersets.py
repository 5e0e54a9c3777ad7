"""Filters of the status board: which communes are in which workflow state, by district."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ntm.accounts.scope import units_restrict
from ntm.assessments.models import Assessment
from ntm.units.models import AdminUnit
from ntm.units.names import search_key


class AssessmentFilterSet(django_filters.FilterSet):
    """State, district and name filters; the districts offered are those within the user's units."""

    state = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=Assessment.State.choices, empty_label=_("Tất cả trạng thái")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"),
        queryset=AdminUnit.objects.none(),
        method="filter_district",
        empty_label=_("Tất cả huyện"),
    )
    q = django_filters.CharFilter(label=_("Tên xã"), method="filter_name")
    meets_standard = django_filters.BooleanFilter(
        label=_("Đạt chuẩn"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["district"].queryset = units_restrict(
            user, AdminUnit.objects.filter(level=AdminUnit.Level.DISTRICT)
        ).order_by("code")
        self.filters["meets_standard"].field.widget.choices = [
            ("", _("Tất cả")),
            ("true", _("Đạt chuẩn")),
            ("false", _("Chưa đạt chuẩn")),
        ]

    def filter_district(
        self, queryset: QuerySet[Assessment], name: str, value: AdminUnit
    ) -> QuerySet[Assessment]:
        if value is None:
            return queryset
        return queryset.filter(commune__path__startswith=value.path)

    def filter_name(
        self, queryset: QuerySet[Assessment], name: str, value: str
    ) -> QuerySet[Assessment]:
        """A part of the name, with or without diacritics ("soc ha" finds Sóc Hà), or the code.

        Compared in Python: a province's files are a few hundred rows, and
        neither database folds Vietnamese diacritics without an extension.
        """
        key = search_key(value)
        if not key:
            return queryset
        found = [
            pk
            for pk, commune_name, code in queryset.values_list(
                "pk", "commune__name", "commune__code"
            )
            if key in search_key(commune_name) or key == code
        ]
        return queryset.filter(pk__in=found)
