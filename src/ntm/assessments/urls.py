from django.urls import path

from ntm.assessments import views

app_name = "assessments"
urlpatterns = [
    path("my/", views.MyCommuneView.as_view(), name="my_commune"),
    path("board/", views.StatusBoardView.as_view(), name="board"),
    path("board/steps/", views.BulkTransitionView.as_view(), name="bulk_transition"),
    path("campaign/", views.CampaignView.as_view(), name="campaign"),
    path("worklist/", views.WorklistView.as_view(), name="worklist"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("communes/<int:pk>/", views.CommuneDetailView.as_view(), name="commune_detail"),
    path("districts/", views.DistrictListView.as_view(), name="district_list"),
    path("districts/<int:pk>/", views.DistrictView.as_view(), name="district"),
    path("communes/<int:pk>/new/", views.AssessmentCreateView.as_view(), name="assessment_create"),
    path(
        "<int:pk>/criteria/<int:number>/",
        views.CriterionPanelView.as_view(),
        name="criterion_panel",
    ),
    path("<int:pk>/entry/", views.EntryView.as_view(), name="entry"),
    path("<int:pk>/evidence/", views.EvidenceUploadView.as_view(), name="evidence_upload"),
    path("<int:pk>/actions/<str:action>/", views.TransitionView.as_view(), name="transition"),
    path("<int:pk>/recognition/", views.RecognitionCreateView.as_view(), name="recognition_create"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.EvidenceDeleteView.as_view(), name="evidence_delete"),
    path(
        "recognitions/<int:pk>/revoke/",
        views.RecognitionRevokeView.as_view(),
        name="recognition_revoke",
    ),
]
