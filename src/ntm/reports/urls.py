from django.urls import path

from ntm.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportHomeView.as_view(), name="report_home"),
    path("country/", views.TerritoryView.as_view(), name="territory"),
    path("appendix.<str:fmt>", views.AppendixDownloadView.as_view(), name="appendix_download"),
    path("make/", views.ReportStartView.as_view(), name="report_start"),
    path("texts/", views.ReportTextsView.as_view(), name="text_list"),
    path("document/", views.DocumentSettingView.as_view(), name="document_setting"),
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path("jobs/<int:pk>/rerun/", views.JobRerunView.as_view(), name="job_rerun"),
]
