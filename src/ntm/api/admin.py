"""API tokens in the admin: an administrator creates (shown once) and revokes officers' tokens.

Both go through ``api.services`` (a change record each); a token is never
edited. knox's own admin, which writes the rows directly, is replaced.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from knox.models import AuthToken

from ntm.api.services import TOKEN_DAYS, api_token_create, api_token_revoke


class TokenAddForm(forms.ModelForm):  # type: ignore[type-arg]
    days = forms.TypedChoiceField(
        label=gettext_lazy("Thời hạn (ngày)"),
        coerce=lambda v: int(v) if v else None,
        empty_value=None,
        required=False,
        choices=[("", gettext_lazy("Không hết hạn"))] + [(d, str(d)) for d in TOKEN_DAYS],
    )

    class Meta:
        model = AuthToken
        fields = ["user"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user = data.get("user")
        if user is not None and not user.is_active:
            raise forms.ValidationError(_("Tài khoản đã bị khoá; không tạo được khoá API."))
        return data


class AuthTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["token_key", "user", "created", "expiry"]
    search_fields = ["token_key", "user__username"]
    raw_id_fields = ["user"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = TokenAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["user", "days"] if obj is None else ["token_key", "user", "created", "expiry"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else ["token_key", "user", "created", "expiry"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        owner: User = form.cleaned_data["user"]
        token, text = api_token_create(
            owner=owner, user=request.user, days=form.cleaned_data.get("days")
        )
        obj.pk, obj.digest, obj.token_key = token.pk, token.digest, token.token_key
        obj.created, obj.expiry = token.created, token.expiry
        self.message_user(
            request,
            _("Khoá mới của %(user)s (chỉ hiện một lần): %(token)s")
            % {"user": owner, "token": text},
            messages.WARNING,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        api_token_revoke(token=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for token in queryset:
            api_token_revoke(token=token, user=request.user)


if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
admin.site.register(AuthToken, AuthTokenAdmin)
