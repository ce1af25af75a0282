from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from nachweise.models import Nachweis
from nachweise.services import check_period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(forms.Form):
    """The volunteer's request: the whole engagement, or a period within it."""

    period_from = forms.DateField(label=_("From (optional)"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("Until (optional)"), required=False, widget=DATE)


class SignForm(forms.ModelForm):  # type: ignore[type-arg]
    """The coordinator's sign-off in the admin: her name and role, maybe a personal sentence."""

    default_name = ""

    class Meta:
        model = Nachweis
        fields = ["appreciation", "signed_name", "signed_role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_name"].required = True
        self.fields["signed_role"].required = True
        if not self.initial.get("signed_name"):
            self.initial["signed_name"] = self.default_name
        if not self.initial.get("signed_role"):
            self.initial["signed_role"] = str(_("Coordination"))


class IssueForm(SignForm):
    """A coordinator issues a certificate directly (also for a volunteer who has left)."""

    class Meta:
        model = Nachweis
        fields = ["wegbegleiter", "period_from", "period_to", "appreciation", "signed_name",
                  "signed_role"]  # fmt: skip
        widgets = {"period_from": DATE, "period_to": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_from"].required = False
        self.fields["period_to"].required = False
        self.fields["period_from"].help_text = _("Empty: from the first activity.")
        self.fields["period_to"].help_text = _("Empty: until today, or the day they left.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wegbegleiter"):
            period = check_period(data["wegbegleiter"], data.get("period_from"),
                                  data.get("period_to"))  # fmt: skip
            data["period_from"], data["period_to"] = period
        return data

    def _post_clean(self) -> None:
        # the row is made and checked by the service (nachweise.services.nachweis_issue); the
        # form only carries the values, so a refused period is reported once, not per field
        if not self._errors:  # type: ignore[attr-defined]
            construct_instance(self, self.instance, self._meta.fields)
