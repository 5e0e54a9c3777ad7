"""The public part (no login, ``settings.NTM_PUBLIC_PATHS``): ``/du-lieu-mo/``."""

from django.urls import path

from ntm.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.PublicationListView.as_view(), name="publication_list"),
    path(
        "<str:code>/<int:year>/", views.PublicationDetailView.as_view(), name="publication_detail"
    ),
    path(
        "<str:code>/<int:year>/<str:name>",
        views.PublicationDownloadView.as_view(),
        name="publication_download",
    ),
]
