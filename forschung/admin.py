"""Instruments (coordinators define and publish them) and the waves list (status and dates only).

A published version opens read-only: no field, item, scale point or subscale can be changed or
deleted; "new version" makes an editable copy. Saves go through ``forschung.services.instruments``
(which checks the stored status again; PostgreSQL refuses changes too). The waves list is scoped
to the coordinator's regions and shows no answers: those go to the research role in the export.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from forschung import selectors
from forschung.models import Instrument, Item, Skalenpunkt, Subskala, Welle
from forschung.services import instruments as services
from programme.admin_filters import ProgrammFilter
from wegbegleitung.admin_scoping import RegionScopedAdmin


class _FrozenInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0

    def _draft(self, obj: Instrument | None) -> bool:
        return obj is None or not obj.frozen

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._draft(obj) and super().has_delete_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("forschung.view_instrument")


class SubskalaInline(_FrozenInline):
    model = Subskala
    fields = ["kuerzel", "name", "regel", "min_items"]


class SkalenpunktInline(_FrozenInline):
    model = Skalenpunkt
    fields = ["wert", "label"]


class ItemInline(_FrozenInline):
    model = Item
    fields = ["position", "text", "umgepolt", "subskala"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "subskala" and field is not None:
            match = request.resolver_match
            instrument_id = str(match.kwargs.get("object_id", "")) if match else ""
            field.queryset = Subskala.objects.filter(
                instrument_id=int(instrument_id) if instrument_id.isdigit() else 0
            )
        return field


class InstrumentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Instrument
        fields = [
            "code", "name", "einleitung", "zielgruppe", "gesamt_regel", "gesamt_min_items",
            "studienjahre", "programme",
        ]  # fmt: skip
        widgets = {"programme": forms.CheckboxSelectMultiple}

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        others = Instrument.objects.filter(code=code).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("This questionnaire exists already: make a new version of it instead.")
            )
        return code


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = InstrumentForm
    list_display = [
        "name", "code", "version", "zielgruppe", "programme_text", "status", "veroeffentlicht_am",
    ]  # fmt: skip
    list_filter = ["status", "zielgruppe"]
    search_fields = ["name", "code"]
    fields = [
        "code", "version", "name", "einleitung", "zielgruppe", "programme", "gesamt_regel",
        "gesamt_min_items", "studienjahre", "status", "veroeffentlicht_am",
    ]  # fmt: skip
    readonly_fields = ["version", "status", "veroeffentlicht_am"]
    inlines = [SubskalaInline, SkalenpunktInline, ItemInline]
    actions = ["publish", "new_version"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Instrument]:
        return super().get_queryset(request).prefetch_related("programme")

    @admin.display(description=_("programmes"))
    def programme_text(self, obj: Instrument) -> str:
        names = [p.name for p in obj.programme.all()]
        return ", ".join(names) if names else str(_("All programmes"))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.frozen:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Instrument, form: Any, change: bool) -> None:
        services.instrument_save(acting_user=request.user, instrument=obj)  # type: ignore[arg-type]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        services.check_editable(form.instance)
        super().save_formset(request, form, formset, change)

    def delete_model(self, request: HttpRequest, obj: Instrument) -> None:
        services.instrument_delete(acting_user=request.user, instrument=obj)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    @admin.action(description=_("Publish (freezes the version)"), permissions=["view"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        self._each(request, queryset, services.instrument_publish, _("Published: %(name)s"))

    @admin.action(description=_("Make a new version (editable copy)"), permissions=["view"])
    def new_version(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        self._each(request, queryset, services.instrument_new_version, _("New draft: %(name)s"))

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Instrument], service: Any, done: Any
    ) -> None:
        for instrument in queryset:
            try:
                result = service(acting_user=request.user, instrument=instrument)
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, f"{instrument}: {message}", messages.ERROR)
            else:
                self.message_user(request, done % {"name": result}, messages.SUCCESS)


class WelleProgrammFilter(ProgrammFilter):
    """The waves of one programme's matches (shown with several programmes)."""

    lookup = "begleitung__programm_id"


@admin.register(Welle)
class WelleAdmin(RegionScopedAdmin):
    """Read-only: whether and when a wave was answered, never what."""

    region_lookup = "begleitung__jugendliche__einrichtung__region"
    list_display = ["begleitung", "seite", "code", "nummer", "faellig_am", "laeuft_ab_am", "status"]
    list_filter = ["status", "seite", "code", "nummer", WelleProgrammFilter]
    readonly_fields = [
        "begleitung", "seite", "instrument", "nummer", "faellig_am", "laeuft_ab_am", "status",
        "submitted_at",
    ]  # fmt: skip
    fields = [
        "begleitung", "seite", "instrument", "nummer", "faellig_am", "laeuft_ab_am", "status",
        "submitted_at",
    ]  # fmt: skip
    list_select_related = ["begleitung__jugendliche", "begleitung__wegbegleiter__user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Welle]:
        return selectors.wellen_list_for(user=request.user).select_related(  # type: ignore[arg-type]
            "begleitung__wegbegleiter__user"
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
