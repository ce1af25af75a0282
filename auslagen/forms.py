from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from auslagen.models import PURPOSE_MAX, REASON_MAX, Auslage
from matching.models import Begleitung

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def match_label(begleitung: Begleitung) -> str:
    # no name of the young person: the start date tells the mentor's matches apart
    return str(_("Match since %(date)s") % {"date": f"{begleitung.started_on:%d.%m.%Y}"})


class AuslageForm(forms.Form):
    """The volunteer's expense, phone-first: the kind decides whether kilometres or an amount."""

    begleitung = forms.TypedChoiceField(label=_("Match"), coerce=int)
    art = forms.ChoiceField(
        label=_("Kind of expense"), choices=Auslage.Art.choices, widget=forms.RadioSelect
    )
    datum = forms.DateField(label=_("Date"), widget=DATE)
    zweck = forms.CharField(
        label=_("Purpose"), max_length=PURPOSE_MAX,
        help_text=_("For example: trip to the climbing hall, bus tickets to the zoo."),
    )  # fmt: skip
    kilometer = forms.DecimalField(
        label=_("Kilometres (for travel by car)"), required=False, localize=True,
        max_digits=6, decimal_places=1, min_value=Decimal("0.1"), widget=DECIMAL,
    )  # fmt: skip
    betrag = forms.DecimalField(
        label=_("Amount in euros (for tickets and activities)"), required=False, localize=True,
        max_digits=8, decimal_places=2, min_value=Decimal("0.01"), widget=DECIMAL,
    )  # fmt: skip
    beleg = forms.FileField(
        label=_("Receipt (optional)"), required=False,
        help_text=_("A photo (JPEG or PNG) or a PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )  # fmt: skip

    def __init__(self, *args: Any, matches: list[Begleitung], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matches = {b.pk: b for b in matches}
        self.fields["begleitung"].choices = [(b.pk, match_label(b)) for b in matches]  # type: ignore[attr-defined]
        if len(matches) == 1:
            self.fields["begleitung"].initial = matches[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        art = data.get("art")
        if art == Auslage.Art.KILOMETER and data.get("kilometer") is None:
            self.add_error("kilometer", _("Please enter the kilometres you drove."))
        if art and art != Auslage.Art.KILOMETER and data.get("betrag") is None:
            self.add_error("betrag", _("Please enter the amount you paid."))
        return data

    def betrag_cent(self) -> int | None:
        betrag = self.cleaned_data.get("betrag")
        return int(betrag * 100) if betrag is not None else None


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"), max_length=REASON_MAX, widget=forms.Textarea,
        help_text=_("The volunteer reads it in the portal."),
    )  # fmt: skip
