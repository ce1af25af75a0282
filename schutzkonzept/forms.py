from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from einrichtungen.models import Einrichtung
from schutzkonzept.models import MeldungSchritt
from wegbegleitung.validation import REPORT_MAX


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirmed = forms.BooleanField(
        label=_("I have read the code of conduct and commit myself to it."), required=False
    )


class ConcernForm(forms.Form):
    description = forms.CharField(
        label=_("What did you notice?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=REPORT_MAX,
        help_text=_("Describe what you saw or heard, when and where. Do not investigate yourself."),
    )
    concerns_whom = forms.CharField(
        label=_("Whom does it concern? (first name or how you know them)"),
        max_length=200,
        required=False,
    )
    einrichtung = forms.ModelChoiceField(
        label=_("Facility"), queryset=Einrichtung.objects.none(), required=False
    )

    def __init__(self, *args: Any, einrichtungen: QuerySet[Einrichtung], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["einrichtung"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = einrichtungen
        if not einrichtungen.exists():
            del self.fields["einrichtung"]


class YouthConcernForm(forms.Form):
    """Plain language for young people; ``website`` is a trap only robots fill in."""

    description = forms.CharField(
        label=_("What happened? Tell us in your own words."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )
    contact = forms.CharField(
        label=_("How can we reach you? (you do not have to say)"),
        max_length=200,
        required=False,
        help_text=_("For example a phone number or email address. You can leave it empty."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


STEP_CHOICES = [
    (art.value, art.label) for art in MeldungSchritt.Art if art not in {MeldungSchritt.Art.EINGANG}
]


class StepForm(forms.Form):
    art = forms.ChoiceField(label=_("Step"), choices=STEP_CHOICES)
    specialist = forms.CharField(
        label=_("Experienced child-protection specialist"),
        max_length=200,
        required=False,
        help_text=_("Needed when the risk assessment starts."),
    )
    note = forms.CharField(
        label=_("Note or result"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=REPORT_MAX,
    )
    begleitung_id = forms.TypedChoiceField(
        label=_("Match to suspend"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Needed for the step “Match suspended”: contact stops until a lead lifts it."),
    )

    def __init__(self, *args: Any, begleitungen: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["begleitung_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *begleitungen]
