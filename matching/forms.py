"""Forms of the matching app (admin steps, the mentor's diary, confirmations)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import Abschluss, Kennenlernen, Treffen, Unterstuetzungskontakt, Vereinbarung
from wegbegleitung.models import TimeOfDay, Weekday
from wegbegleitung.validation import NOTE_MAX, REPORT_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def slot_choices() -> list[tuple[str, str]]:
    return [
        (f"{day.value}-{time.value}", f"{day.label} {time.label}")
        for day in Weekday
        for time in TimeOfDay
    ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class KennenlernenForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Kennenlernen
        fields = ["datum", "teilnehmende", "zusage_wegbegleiter", "zusage_jugendliche", "notiz"]
        widgets = {"datum": DATE, "teilnehmende": forms.Textarea(attrs={"rows": 2})}


class VereinbarungForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Vereinbarung
        fields = ["haeufigkeit", "dauer_stunden", "laufzeit_monate", "rollen", "regeln", "kontakt"]


class KontaktForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Unterstuetzungskontakt
        fields = [
            "mit", "datum", "dauer_minuten", "kanal", "aktivitaeten", "beziehung",
            "kinderschutz", "wirkung", "ist_review",
        ]  # fmt: skip
        widgets = {"datum": DATE}


class AbschlussForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Abschluss
        fields = [
            "art", "grund", "beendet_am", "gespraech_wegbegleiter", "gespraech_jugendliche",
            "gespraech_einrichtung", "kontakt_danach", "neue_anfrage", "wegbegleiter_danach",
        ]  # fmt: skip
        widgets = {"beendet_am": DATE}


class JugendlicheConfirmForm(forms.Form):
    name = forms.CharField(
        label=_("Confirmed by (young person or custody holder)"),
        max_length=200,
        help_text=_("For example: Jona, or Ms Sommer (mother)"),
    )


class TreffenForm(forms.ModelForm):  # type: ignore[type-arg]
    """The diary entry, quick on a phone."""

    sorge_text = forms.CharField(
        label=_("What worried you?"),
        required=False,
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Goes only to the child-protection leads, not into the diary."),
    )

    class Meta:
        model = Treffen
        fields = ["datum", "dauer_minuten", "art", "aktivitaet", "stimmung", "notiz", "sorge"]
        widgets = {
            "datum": DATE,
            "dauer_minuten": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "art": forms.RadioSelect,
            "stimmung": forms.RadioSelect,
            "notiz": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # radio buttons without the empty "select an option" entry: the mood must be chosen
        self.fields["stimmung"].choices = Treffen.Stimmung.choices  # type: ignore[attr-defined]
        self.fields["art"].choices = Treffen.Art.choices  # type: ignore[attr-defined]
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("datum", timezone.localdate())
            self.initial.setdefault("dauer_minuten", 120)
            self.initial.setdefault("art", Treffen.Art.PERSOENLICH)


class WunschForm(forms.Form):
    mentor_geschlecht = forms.ChoiceField(label=_("wished gender of the mentor"), required=False)
    zeiten = forms.MultipleChoiceField(
        label=_("times that suit"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=slot_choices,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from matching.models import Wunsch

        super().__init__(*args, **kwargs)
        self.fields["mentor_geschlecht"].choices = Wunsch.Geschlecht.choices  # type: ignore[attr-defined]


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """A service's refusal shown on the form: at its field when the form has one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
