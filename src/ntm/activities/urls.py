from django.urls import path

from ntm.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("<str:kind>/new/", views.ActivityEditView.as_view(), name="activity_add"),
    path("<str:kind>/<int:pk>/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("<str:kind>/<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
]
