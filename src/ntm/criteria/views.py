"""The criteria's own page: a criterion's rule (quy định), read by every signed-in officer.

The criteria sets are national (or a province's) published rules, not data of a unit:
nothing here is narrowed to the user's units.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ntm.criteria.selectors import criterion_rule


class CriterionRuleView(View):
    """A criterion with its legal basis, indicators and thresholds (verified or not)."""

    template_name = "criteria/criterion_rule.html"

    def get(self, request: HttpRequest, code: str, number: int) -> HttpResponse:
        rule = criterion_rule(criteria_set_code=code, number=number)
        if rule is None:
            raise Http404("no such criterion")
        context = {
            **rule,
            "english": request.LANGUAGE_CODE == "en",
            "breadcrumbs": [
                {"label": _("Hướng dẫn"), "url": reverse("help:index")},
                {"label": str(rule["criteria_set"]), "url": ""},
                {"label": _("Tiêu chí %(n)s") % {"n": number}, "url": ""},
            ],
        }
        return render(request, self.template_name, context)
