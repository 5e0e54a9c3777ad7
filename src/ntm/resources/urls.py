from django.urls import path

from ntm.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.ResourceListView.as_view(), name="resource_list"),
    path("funds/new/", views.FundEditView.as_view(), name="fund_new"),
    path("funds/<int:pk>/", views.FundEditView.as_view(), name="fund_edit"),
    path("funds/<int:pk>/delete/", views.FundDeleteView.as_view(), name="fund_delete"),
    path("support/new/", views.SupportEditView.as_view(), name="support_new"),
    path("support/<int:pk>/", views.SupportEditView.as_view(), name="support_edit"),
    path("support/<int:pk>/delete/", views.SupportDeleteView.as_view(), name="support_delete"),
]
