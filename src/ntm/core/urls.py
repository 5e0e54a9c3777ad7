from django.urls import path

from ntm.core.views import help_page

app_name = "help"
urlpatterns = [
    path("", help_page, name="index"),
    path("<slug:topic>/", help_page, name="topic"),
]
