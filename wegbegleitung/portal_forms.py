"""Forms of the volunteer portal. Each refuses bad input with a German message; nothing is
stored unless the whole form is valid."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from programme.models import Programm
from wegbegleitung.models import (
    Bewerbung,
    Country,
    Interesse,
    Mobility,
    Region,
    TimeOfDay,
    Weekday,
    Wegbegleiter,
)
from wegbegleitung.models.application import TEXT_MAX
from wegbegleitung.services.application import (
    application_programmes,
    min_commitment_months,
    open_programmes,
)
from wegbegleitung.validation import PASSWORD_MAX

MENTEE_AGE_MIN, MENTEE_AGE_MAX = 6, 27  # residential care up to 18, care leavers up to 27
_POSTAL_DIGITS = {Country.DE: 5, Country.AT: 4, Country.CH: 4}
COMMITMENT_CHOICES = [
    ("", _("– please choose –")),
    (6, _("6 months")),
    (12, _("1 year")),
    (24, _("2 years")),
    (36, _("3 years or longer")),
]


class ProgrammChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s (commitment of at least %(months)s months)") % {
            "name": obj.name, "months": obj.mindestengagement_monate,
        }  # fmt: skip


class BewerbungForm(forms.ModelForm):  # type: ignore[type-arg]
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False,
        help_text=_("The regional group you want to be active in."),
    )  # fmt: skip
    interests = forms.ModelMultipleChoiceField(
        label=_("Interests"), queryset=Interesse.objects.filter(active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=Weekday.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    times_of_day = forms.MultipleChoiceField(
        label=_("Times of day"), choices=TimeOfDay.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    mobility = forms.MultipleChoiceField(
        label=_("How do you get around?"), choices=Mobility.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    mentee_age_min = forms.IntegerField(
        label=_("Youngest age of the young person"), required=False,
        validators=[MinValueValidator(MENTEE_AGE_MIN), MaxValueValidator(MENTEE_AGE_MAX)],
    )  # fmt: skip
    mentee_age_max = forms.IntegerField(
        label=_("Oldest age of the young person"), required=False,
        validators=[MinValueValidator(MENTEE_AGE_MIN), MaxValueValidator(MENTEE_AGE_MAX)],
    )  # fmt: skip
    max_travel_km = forms.IntegerField(
        label=_("How far would you travel (km)?"), required=False,
        validators=[MinValueValidator(1), MaxValueValidator(300)],
    )  # fmt: skip
    commitment_months = forms.TypedChoiceField(
        label=_("How long can you commit?"), choices=COMMITMENT_CHOICES, coerce=int,
        empty_value=None, required=False,
    )  # fmt: skip
    programme = ProgrammChoiceField(
        label=_("Programmes you apply for"), queryset=Programm.objects.filter(aktiv=True),
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Each programme has its own rules; you may choose several."),
    )  # fmt: skip

    class Meta:
        model = Bewerbung
        fields = [
            "phone", "gender", "postal_code", "city", "motivation", "experience", "languages",
            "interests", "interests_other", "weekdays", "times_of_day", "mentee_age_min",
            "mentee_age_max", "mentee_gender", "mobility", "max_travel_km", "commitment_months",
            "programme",
        ]  # fmt: skip
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
            "experience": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
        }
        help_texts = {
            "languages": _("Separate several languages with commas, e.g. German, Turkish."),
            "motivation": _("Why would you like to accompany a young person?"),
        }

    field_order = ["first_name", "last_name", "region"]

    def __init__(self, *args: Any, wegbegleiter: Wegbegleiter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wegbegleiter = wegbegleiter
        self.fields["first_name"].initial = wegbegleiter.user.first_name
        self.fields["last_name"].initial = wegbegleiter.user.last_name
        self.fields["region"].initial = wegbegleiter.region_id
        if wegbegleiter.status != Wegbegleiter.Status.INTERESSENT:
            self.fields["region"].disabled = True
            self.fields["region"].help_text = _("Your coordinator can move you to another region.")
        self._ask_programmes(wegbegleiter)

    def _ask_programmes(self, wegbegleiter: Wegbegleiter) -> None:
        """The choice of programme only while several are open and before submission; the
        commitment asked for is the chosen (or only) programme's."""
        submitted = self.instance.pk is not None and self.instance.submitted_at is not None
        if len(open_programmes()) < 2 or submitted:
            del self.fields["programme"]
        months = min_commitment_months(application_programmes(self.instance))
        self.fields["commitment_months"].help_text = _(
            "We ask for a commitment of at least %(months)s months."
        ) % {"months": months}

    def clean_postal_code(self) -> str:
        code: str = self.cleaned_data.get("postal_code", "").strip()
        if code and not re.fullmatch(r"\d{4,5}", code):
            raise forms.ValidationError(_("A postal code consists of 4 or 5 digits."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_postal_code_for_country(data)
        low, high = data.get("mentee_age_min"), data.get("mentee_age_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "mentee_age_max", _("The oldest age must not be lower than the youngest age.")
            )
        if data.get("times_of_day") and not data.get("weekdays"):
            self.add_error("weekdays", _("Please choose at least one weekday for your times."))
        if data.get("weekdays") and not data.get("times_of_day"):
            self.add_error("times_of_day", _("Please choose at least one time of day."))
        return data

    def _clean_postal_code_for_country(self, data: dict[str, Any]) -> None:
        region: Region | None = data.get("region")
        code = data.get("postal_code") or ""
        digits = _POSTAL_DIGITS.get(Country(region.country)) if region else None
        if code and digits and len(code) != digits:
            self.add_error(
                "postal_code",
                _("A postal code in %(country)s has %(digits)d digits.")
                % {"country": region.get_country_display(), "digits": digits},  # type: ignore[union-attr]
            )

    def bewerbung_data(self) -> dict[str, Any]:
        skip = {"interests", "programme"}
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in skip}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Would you like to tell us why? (optional)"),
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
