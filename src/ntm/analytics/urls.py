from django.urls import path

from ntm.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/<int:pk>/", views.DashboardView.as_view(), name="unit_dashboard"),
]
