"""The account's page of API tokens, under /accounts/tokens/."""

from django.urls import path

from ntm.api.pages import TokenListView, TokenRevokeView

app_name = "api_tokens"
urlpatterns = [
    path("", TokenListView.as_view(), name="token_list"),
    path("<str:key>/revoke/", TokenRevokeView.as_view(), name="token_revoke"),
]
