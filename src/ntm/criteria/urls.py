from django.urls import path

from ntm.criteria import views

app_name = "criteria"
urlpatterns = [
    path("<slug:code>/<int:number>/", views.CriterionRuleView.as_view(), name="criterion_rule"),
]
