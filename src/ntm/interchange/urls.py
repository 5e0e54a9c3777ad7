from django.urls import path

from ntm.interchange import views

app_name = "interchange"
urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<str:token>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/<str:token>/cancel/", views.ImportCancelView.as_view(), name="import_cancel"),
    path("workbook/", views.WorkbookDownloadView.as_view(), name="workbook"),
    path("export/", views.ExportView.as_view(), name="export"),
]
