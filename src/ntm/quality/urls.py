from django.urls import path

from ntm.quality import views

app_name = "quality"

urlpatterns = [
    path("reconcile/", views.ReconcileView.as_view(), name="reconcile"),
    path("gaps/", views.GapsView.as_view(), name="gaps"),
    path("checks/", views.ChecksView.as_view(), name="checks"),
]
