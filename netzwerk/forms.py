"""The partners' forms: a standing-in request and an answer, each for one of the user's member
providers (the choice appears only when the user works for more than one)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from einrichtungen.models import Traeger
from netzwerk.models import Veranstaltung
from netzwerk.services.veranstaltungen import check_event

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NO_YOUNG_PEOPLE = _(
    "Describe the need only (e.g. two night shifts in the group home in Nord). Never name a "
    "young person or write anything that identifies one: the whole network reads this."
)


def _choices(pairs: list[tuple[int, int]], names: dict[int, str]) -> list[tuple[str, str]]:
    return [(f"{r}:{t}", names.get(t, "")) for r, t in pairs]


class AsProviderForm(forms.Form):
    """A form sent for one provider (and network) of the user."""

    als = forms.ChoiceField(label=_("For provider"))

    def __init__(self, *args: Any, pairs: list[tuple[int, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(
            Traeger.objects.filter(pk__in={t for _r, t in pairs}).values_list("pk", "name")
        )
        field = self.fields["als"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _choices(pairs, names)
        if len(pairs) == 1:
            self.fields["als"].initial = f"{pairs[0][0]}:{pairs[0][1]}"
            self.fields["als"].widget = forms.HiddenInput()

    def pair(self) -> tuple[int, int]:
        region_id, traeger_id = self.cleaned_data["als"].split(":")
        return int(region_id), int(traeger_id)


class EinspringanfrageForm(AsProviderForm):
    bezirk = forms.CharField(label=_("District"), max_length=120, required=False)
    bedarf = forms.CharField(
        label=_("What is needed"), max_length=2000, help_text=NO_YOUNG_PEOPLE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    gueltig_bis = forms.DateField(label=_("Valid until"), widget=DATE)


class EinspringantwortForm(AsProviderForm):
    text = forms.CharField(
        label=_("Your answer"), max_length=2000, help_text=NO_YOUNG_PEOPLE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VeranstaltungOrganiseForm(forms.ModelForm):  # type: ignore[type-arg]
    """A member provider's event, as its lead enters it on a phone. On creation ``pairs`` names
    the providers (and networks) the lead organises for; the choice shows only when there are
    several."""

    class Meta:
        model = Veranstaltung
        fields = ["art", "titel", "beschreibung", "beginn", "ende", "ort", "link", "kapazitaet",
                  "zielgruppe", "zaehlt_als_schulung", "stunden"]  # fmt: skip
        widgets = {"beginn": DATETIME, "ende": DATETIME,
                   "beschreibung": forms.Textarea(attrs={"rows": 4})}  # fmt: skip
        help_texts = {
            "zaehlt_als_schulung": _(
                "Only for events open to our volunteers: their attendance then counts towards "
                "their training hours, where their programme accepts network trainings."
            ),
            "kapazitaet": _("Never fewer than the places already taken."),
        }

    def __init__(self, *args: Any, pairs: list[tuple[int, int]] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.pairs = pairs
        if pairs:
            self.fields = {**AsProviderForm(pairs=pairs).fields, **self.fields}
        self.fields["kapazitaet"].validators.append(MinValueValidator(1))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("ort") and not data.get("link"):
            raise ValidationError(_("Please enter a place or an online link."))
        return data

    def pair(self) -> tuple[int, int]:
        region_id, traeger_id = self.cleaned_data["als"].split(":")
        return int(region_id), int(traeger_id)

    def validate_constraints(self) -> None:
        """The event's rules with their own messages first: the database's named constraints
        would only say which constraint failed."""
        try:
            check_event(self.instance)
        except ValidationError as exc:
            self.add_error(None, exc)
            return
        super().validate_constraints()
