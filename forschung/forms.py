from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forschung.models import Instrument


class EinwilligungForm(forms.Form):
    teilnahme = forms.BooleanField(
        label=_("I take part in the study and agree that my answers are used pseudonymised."),
        required=False,
    )
    folgebefragung = forms.BooleanField(
        label=_("You may also ask me after my match has ended."), required=False
    )


class WelleForm(forms.Form):
    """One choice per item; every item may stay empty until the questionnaire is sent."""

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(p.wert, p.label) for p in instrument.skalenpunkte.all()]
        for item in instrument.items.all():
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int | None]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items()}


class JugendEinladungForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the young person"), max_length=254)
