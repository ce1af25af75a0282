"""Forms of the staff area: they collect and check input; services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einrichtungen.familien import default_programm, fitting_programmes
from einrichtungen.models import (
    Anfrage,
    Einrichtung,
    Einwilligung,
    Elternteil,
    Hilfeplangespraech,
    Jugendliche,
    Kind,
)
from einrichtungen.services.jugendliche import geburtsjahr_validate

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class JugendlicheForm(forms.ModelForm):  # type: ignore[type-arg]
    geburtsmonat = forms.TypedChoiceField(label=_("Month of birth"), choices=MONTHS, coerce=int)
    einrichtung = forms.ModelChoiceField(
        label=_("Facility"), queryset=Einrichtung.objects.none(), required=True
    )

    class Meta:
        model = Jugendliche
        fields = [
            "einrichtung",
            "vorname",
            "nachname",
            "geburtsmonat",
            "geburtsjahr",
            "geschlecht",
            "sprachen",
            "interessen",
            "wuensche",
            "jugendamt",
            "sorgerecht",
        ]
        help_texts = {
            "vorname": _("A pseudonym is enough. No surname, no diagnoses."),
            "sprachen": _("For example: German, Arabic"),
            "wuensche": _("What the young person wishes for in a mentor."),
        }
        widgets = {
            "interessen": forms.Textarea(attrs={"rows": 3}),
            "wuensche": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, einrichtungen: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["geburtsjahr"].widget.attrs.update({"inputmode": "numeric"})
        if not settings.WB_JUGENDLICHE_NACHNAME:
            del self.fields["nachname"]
        if einrichtungen is None:
            del self.fields["einrichtung"]
            self.familie = self.instance.is_familie
        else:
            field = cast(forms.ModelChoiceField, self.fields["einrichtung"])  # type: ignore[type-arg]
            field.queryset = einrichtungen
            if len(einrichtungen) == 1:
                field.initial = einrichtungen[0]
            # an early-help organisation records families only (einrichtungen.familien)
            self.familie = all(e.refers_families for e in einrichtungen)
        if self.familie:
            self._family_labels()

    def _family_labels(self) -> None:
        self.fields["vorname"].label = _("Family (name or pseudonym as shown)")
        self.fields["vorname"].help_text = _("For example “Familie K.”. No diagnoses.")
        self.fields["geburtsmonat"].label = _("Youngest child: month of birth (or expected)")
        self.fields["geburtsjahr"].label = _("Youngest child: year of birth (or expected)")
        self.fields["wuensche"].help_text = _("What the family wishes for in a volunteer.")
        for name in ("geschlecht", "sorgerecht"):
            del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        einrichtung = data.get("einrichtung")
        familie = einrichtung.refers_families if einrichtung is not None else self.familie
        if data.get("geburtsjahr") is not None and data.get("geburtsmonat") is not None:
            try:
                geburtsjahr_validate(data["geburtsjahr"], data["geburtsmonat"], familie=familie)
            except ValidationError as exc:
                self.add_error(None, exc)
        return data

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "einrichtung"}
        einrichtung = self.cleaned_data.get("einrichtung")
        if einrichtung is not None:  # created: the organisation decides what is recorded
            data["art"] = (
                Jugendliche.Art.FAMILIE
                if einrichtung.refers_families
                else Jugendliche.Art.JUNGER_MENSCH
            )
        return data


class ElternteilForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Elternteil
        fields = ["vorname", "rolle", "sorgeberechtigt", "telefon", "email"]
        help_texts = {
            "vorname": _("A first name is enough. No surname."),
            "telefon": _("Optional, only if the family wants to be called."),
        }


class KindForm(forms.ModelForm):  # type: ignore[type-arg]
    geburtsmonat = forms.TypedChoiceField(label=_("Month of birth"), choices=MONTHS, coerce=int)

    class Meta:
        model = Kind
        fields = ["vorname", "geburtsmonat", "geburtsjahr"]
        help_texts = {"vorname": _("Optional. Month and year of birth are enough.")}


class EinwilligungForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Einwilligung
        fields = ["bereich", "inhaber", "erteilt_am"]
        widgets = {"erteilt_am": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["erteilt_am"].initial = timezone.localdate()


class AnfrageForm(forms.ModelForm):  # type: ignore[type-arg]
    """The programme: the open ones that accompany this party (einrichtungen.familien)."""

    class Meta:
        model = Anfrage
        fields = ["programm", "bemerkung"]
        widgets = {"bemerkung": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"bemerkung": _("Optional. Please no diagnoses or confided details.")}

    def __init__(self, *args: Any, jugendliche: Jugendliche, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["programm"])  # type: ignore[type-arg]
        field.queryset = fitting_programmes(jugendliche)
        field.initial = default_programm(jugendliche).pk
        field.empty_label = None
        field.required = False  # none sent: the service takes the default (docs/families.md)


class HilfeplangespraechForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Hilfeplangespraech
        fields = [
            "datum",
            "teilnehmende",
            "wegbegleitung_erwogen",
            "wegbegleiter_eingeladen",
            "wegbegleiter_teilgenommen",
            "ziele",
            "zusammenfassung",
            "naechste_ueberpruefung",
            "mit_wegbegleitung_geteilt",
        ]
        widgets = {
            "datum": DateInput(),
            "naechste_ueberpruefung": DateInput(),
            "teilnehmende": forms.Textarea(attrs={"rows": 2}),
            "ziele": forms.Textarea(attrs={"rows": 3}),
            "zusammenfassung": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "teilnehmende": _("Roles are enough, e.g. youth office, key worker, young person."),
            "mit_wegbegleitung_geteilt": _(
                "The mentor then sees goals, summary and next review. Without this, the mentor "
                "sees only the date and whether they were invited."
            ),
        }


class AuszugForm(forms.Form):
    auszug_am = forms.DateField(label=_("Moved out on"), widget=DateInput())


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
