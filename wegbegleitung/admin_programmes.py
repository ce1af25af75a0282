"""Programmes and their rules in the admin: the management changes them, coordinators read them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from programme.models import Programm
from programme.rules import consent_scope_choices
from wegbegleitung.request_types import acting_user
from wegbegleitung.services.programmes import programm_save


class ProgrammForm(forms.ModelForm):  # type: ignore[type-arg]
    einwilligungen = forms.MultipleChoiceField(
        label=_("consents needed for a request"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programm
        exclude: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scopes = self.fields["einwilligungen"]
        assert isinstance(scopes, forms.MultipleChoiceField)
        scopes.choices = consent_scope_choices()


@admin.register(Programm)
class ProgrammAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ProgrammForm
    list_display = ["name", "begleitet", "aktiv", "standard", "schulung_min_stunden"]
    list_filter = ["begleitet", "aktiv"]
    search_fields = ["name"]
    readonly_fields = ["standard"]
    fieldsets = (
        (None, {"fields": ("name", "beschreibung", "aktiv", "standard", "begleitet")}),
        (_("Who may be accompanied"), {"fields": ("alter_min", "alter_max", "einwilligungen")}),
        (
            _("Volunteers"),
            {
                "fields": (
                    "schulung_min_stunden",
                    "schulung_ziel_stunden",
                    "supervision_wochen",
                    "mindestengagement_monate",
                    "netzwerk_schulung_zaehlt",
                )
            },
        ),
        (
            _("Safeguarding"),
            {
                "fields": (
                    "fuehrungszeugnis_noetig",
                    "verhaltenskodex_noetig",
                    "schutzschulung_noetig",
                )
            },
        ),
        (
            _("Rhythm of the match"),
            {
                "fields": (
                    "kontakte_erster_monat",
                    "kontakt_jahr_eins_tage",
                    "kontakt_spaeter_tage",
                    "kontakt_care_leaver_tage",
                    "review_erste_monate",
                    "review_intervall_monate",
                    "gespraech",
                )
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        programm_save(acting_user=acting_user(request), programm=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # requests and matches keep their programme; close it instead
