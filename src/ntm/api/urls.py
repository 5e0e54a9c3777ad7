"""/api/v1/: the endpoints, the OpenAPI schema and its documentation page (vendored, offline)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from ntm.api import dhis2, views
from ntm.api.docs import DocsView, SchemaView

router = DefaultRouter()
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("criteria-sets", views.CriteriaSetViewSet, basename="criteria-set")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("recognitions", views.RecognitionViewSet, basename="recognition")
router.register("targets", views.TargetViewSet, basename="target")
router.register("target-communes", views.TargetCommuneViewSet, basename="target-commune")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("ocop-products", views.ProductViewSet, basename="ocop-product")
router.register("funds", views.FundViewSet, basename="fund")
router.register("supports", views.SupportViewSet, basename="support")

app_name = "api"
urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("dhis2/dataValueSets", dhis2.DataValueSetsView.as_view(), name="dhis2-data-value-sets"),
    path("", include(router.urls)),
]
