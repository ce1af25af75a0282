"""The network in the admin, scoped to the coordinator's regions: memberships (with the
providers' profiles), events with their registrations (attendance recorded in the inline, which
turns a volunteer's attended training into training hours), and the standing-in requests to read.

Every write goes through ``netzwerk.services``; nothing is deleted by hand (a member leaves with a
date, registrations and requests go on the retention schedule).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einrichtungen.models import Traeger
from netzwerk.models import (
    Anmeldung,
    Einspringanfrage,
    Einspringantwort,
    Mitgliedschaft,
    Veranstaltung,
)
from netzwerk.services.netz import mitgliedschaft_save
from netzwerk.services.veranstaltungen import (
    anmeldung_attendance_record,
    check_event,
    veranstaltung_call_off,
    veranstaltung_save,
)
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.request_types import acting_user

St = Anmeldung.Status
ATTENDED, ABSENT = "ja", "nein"


@admin.register(Mitgliedschaft)
class MitgliedschaftAdmin(RegionScopedAdmin):
    list_display = ["traeger", "region", "bezirke", "ansprechperson", "beigetreten_am",
                    "ausgetreten_am"]  # fmt: skip
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "ausgetreten_am"]
    list_select_related = ["traeger", "region"]
    search_fields = ["traeger__name", "bezirke"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a member leaves with a date; the history stays

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        mitgliedschaft_save(acting_user=acting_user(request), mitgliedschaft=obj)


class AnmeldungForm(forms.ModelForm):  # type: ignore[type-arg]
    anwesenheit = forms.ChoiceField(
        label=gettext_lazy("attendance"), required=False,
        choices=[("", "–"), (ATTENDED, gettext_lazy("Attended")), (ABSENT, gettext_lazy("Absent"))],
    )  # fmt: skip

    class Meta:
        model = Anmeldung
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = {str(St.TEILGENOMMEN): ATTENDED, str(St.NICHT_ERSCHIENEN): ABSENT}
        self.initial["anwesenheit"] = known.get(str(self.instance.status or ""), "")

    def has_changed(self) -> bool:
        return "anwesenheit" in self.changed_data

    def clean_anwesenheit(self) -> str:
        value: str = self.cleaned_data.get("anwesenheit") or ""
        if value and "anwesenheit" in self.changed_data:
            event = self.instance.veranstaltung
            if event.beginn > timezone.now():
                raise ValidationError(
                    gettext_lazy("Attendance can be recorded once the event has started.")
                )
            if self.instance.status not in Anmeldung.PLATZ:
                raise ValidationError(gettext_lazy("Only people with a place can have attended."))
        return value


class AnmeldungInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Anmeldung
    form = AnmeldungForm
    extra = 0
    can_delete = False
    fields = ["person", "traeger", "status", "angemeldet_am", "anwesenheit"]
    readonly_fields = ["person", "traeger", "status", "angemeldet_am"]
    verbose_name_plural = gettext_lazy("registrations and attendance")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # people register themselves

    def get_queryset(self, request: HttpRequest) -> QuerySet[Anmeldung]:
        return (
            super()
            .get_queryset(request)
            .select_related("user", "wegbegleiter__user", "traeger", "veranstaltung")
        )

    @admin.display(description=gettext_lazy("person"))
    def person(self, obj: Anmeldung) -> str:
        if obj.wegbegleiter is not None:
            return f"{obj.wegbegleiter.user.get_full_name()} ({gettext_lazy('volunteer')})"
        return obj.person_name


class VeranstaltungForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Veranstaltung
        fields = ["region", "veranstalter", "art", "titel", "beschreibung", "beginn", "ende",
                  "ort", "link", "kapazitaet", "zielgruppe", "zaehlt_als_schulung", "stunden"]  # fmt: skip

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # the instance holds the entered values from here on
        if not self.errors:
            try:
                check_event(self.instance)
            except ValidationError as exc:
                self.add_error(None, exc)


@admin.register(Veranstaltung)
class VeranstaltungAdmin(RegionScopedAdmin):
    form = VeranstaltungForm
    list_display = ["titel", "art", "beginn", "zielgruppe", "belegt", "kapazitaet",
                    "zaehlt_als_schulung", "abgesagt_am", "region"]  # fmt: skip
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "art", "zielgruppe"]
    list_select_related = ["region"]
    search_fields = ["titel"]
    readonly_fields = ["abgesagt_am"]
    inlines = [AnmeldungInline]
    actions = ["call_off"]

    @admin.action(description=gettext_lazy("Call off the selected events and tell the registered"),
                  permissions=["change"])  # fmt: skip
    def call_off(self, request: HttpRequest, queryset: QuerySet[Veranstaltung]) -> None:
        user, events, told = acting_user(request), 0, 0
        for event in queryset.filter(abgesagt_am__isnull=True):
            try:
                told += veranstaltung_call_off(acting_user=user, veranstaltung=event)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(
                    request, f"{event}: {' '.join(getattr(exc, 'messages', [str(exc)]))}"
                )
                continue
            events += 1
        messages.info(request, _("%(events)d events called off, %(told)d people told.")
                      % {"events": events, "told": told})  # fmt: skip

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # registrations and training hours refer to it

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "veranstalter" and field is not None:
            members = Mitgliedschaft.objects.filter(ausgetreten_am__isnull=True)
            if not request.user.is_superuser:
                members = members.filter(region_id__in=region_ids_for(request.user))
            field.queryset = Traeger.objects.filter(pk__in=members.values("traeger_id"))
        return field

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        veranstaltung_save(acting_user=acting_user(request), veranstaltung=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        user = acting_user(request)
        # nothing is saved by the formset itself: the change message reads these lists
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            value = inline_form.cleaned_data.get("anwesenheit")
            if not value or not inline_form.has_changed():
                continue
            try:
                anmeldung_attendance_record(
                    acting_user=user, anmeldung=inline_form.instance, attended=value == ATTENDED
                )
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))


class AntwortInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Einspringantwort
    extra = 0
    can_delete = False
    fields = readonly_fields = ("traeger", "text", "erstellt_am")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Einspringanfrage)
class EinspringanfrageAdmin(RegionScopedAdmin):
    list_display = ["traeger", "bezirk", "gueltig_bis", "erstellt_am", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["traeger", "region"]
    fields = readonly_fields = (
        "region",
        "traeger",
        "bezirk",
        "bedarf",
        "gueltig_bis",
        "erstellt_am",
    )
    inlines = [AntwortInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # members post requests on the network's pages

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # they go on the retention schedule after they expired
