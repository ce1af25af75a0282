from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegbegleitung.validation import PASSWORD_MAX


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, needs_password: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_password = needs_password
        if needs_password:
            self.fields["first_name"].required = True
            self.fields["last_name"].required = True
        else:
            for name in ("first_name", "last_name", "password1", "password2"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.needs_password and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data

    def account_data(self) -> dict[str, str]:
        if not self.needs_password:
            return {}
        return {
            "first_name": self.cleaned_data["first_name"],
            "last_name": self.cleaned_data["last_name"],
            "password": self.cleaned_data["password1"],
        }
