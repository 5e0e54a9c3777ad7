"""Officers in the admin: a user's role and unit are saved through ``profile_set``.

``profile_set`` refuses combinations that make no sense (a commune officer
attached to a province, a role without a unit).
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from ntm.accounts.models import Profile
from ntm.accounts.services import profile_check, profile_set
from ntm.core.errors import ApplicationError


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Profile
        fields = ["role", "unit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role"):
            try:
                profile_check(role=data["role"], unit=data.get("unit"))
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message) from exc
        return data


class ProfileInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Profile
    form = ProfileForm
    can_delete = False
    raw_id_fields = ["unit"]


class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Profile:
            super().save_formset(request, form, formset, change)
            return
        saved = []
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None) or {}
            if data.get("role") and inline_form.has_changed():
                profile = profile_set(
                    user=form.instance, role=data["role"], unit=data.get("unit"), by=request.user
                )
                saved.append((profile, inline_form.changed_data))
        # What the admin's own history message reads from a saved formset.
        formset.new_objects = []
        formset.changed_objects = saved
        formset.deleted_objects = []


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
