from django.urls import path

from ntm.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.TargetListView.as_view(), name="target_list"),
    path("communes/add/", views.TargetCommuneAddView.as_view(), name="target_commune_add"),
    path(
        "communes/<int:pk>/remove/",
        views.TargetCommuneRemoveView.as_view(),
        name="target_commune_remove",
    ),
]
