from django.contrib import admin
from django.urls import include, path

from ntm.core.views import health

urlpatterns = [
    path("healthz", health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/tokens/", include("ntm.api.token_urls")),
    path("accounts/", include("ntm.accounts.urls")),
    path("api/v1/", include("ntm.api.urls")),
    path("", include("ntm.analytics.urls")),
    path("assessments/", include("ntm.assessments.urls")),
    path("plans/", include("ntm.plans.urls")),
    path("ocop/", include("ntm.ocop.urls")),
    path("resources/", include("ntm.resources.urls")),
    path("activities/", include("ntm.activities.urls")),
    path("reports/open-data/", include("ntm.opendata.office_urls")),
    path("reports/", include("ntm.reports.urls")),
    path("du-lieu-mo/", include("ntm.opendata.urls")),
    path("interchange/", include("ntm.interchange.urls")),
    path("quality/", include("ntm.quality.urls")),
    path("criteria/", include("ntm.criteria.urls")),
    path("help/", include("ntm.core.urls")),
]
