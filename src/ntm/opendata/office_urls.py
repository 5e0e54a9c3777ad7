"""The province office's page in the reports area: ``/reports/open-data/``."""

from django.urls import path

from ntm.opendata import views

app_name = "opendata_office"
urlpatterns = [
    path("", views.PublicationOfficeView.as_view(), name="publication_office"),
]
