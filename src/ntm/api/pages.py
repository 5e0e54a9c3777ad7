"""The account's page of API tokens: create one (shown once), see and revoke one's tokens."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ntm.api import selectors
from ntm.api.services import TOKEN_DAYS, api_token_create, api_token_revoke
from ntm.core.errors import ApplicationError


class TokenForm(forms.Form):
    days = forms.TypedChoiceField(
        label=gettext_lazy("Thời hạn"),
        coerce=int,
        choices=lambda: [(d, _("%(d)s ngày") % {"d": d}) for d in TOKEN_DAYS],
        initial=90,
    )


class TokenListView(View):
    """Khoá truy cập API of the signed-in user (docs/api.md)."""

    template_name = "api/token_list.html"

    def _render(self, request: HttpRequest, form: TokenForm, created: str = "") -> HttpResponse:
        context = {
            "tokens": selectors.api_tokens_of(user=request.user),
            "form": form,
            "created": created,
            "breadcrumbs": [{"label": _("Khoá truy cập API"), "url": ""}],
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        try:
            _token, text = api_token_create(
                owner=request.user, user=request.user, days=form.cleaned_data["days"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return self._render(request, form)
        # Shown on this answer only: the token is stored hashed and cannot be shown again.
        response = self._render(request, TokenForm(), created=text)
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(View):
    def post(self, request: HttpRequest, key: str) -> HttpResponse:
        token = selectors.api_token_of(user=request.user, token_key=key)
        if token is None:
            raise Http404("no such token")
        api_token_revoke(token=token, user=request.user)
        messages.success(request, _("Đã thu hồi khoá %(key)s….") % {"key": key})
        return redirect("api_tokens:token_list")
