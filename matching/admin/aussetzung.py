"""Suspended matches (a concern) and lifting a suspension."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from matching.models import (
    Aussetzung,
)
from matching.permissions import can_lift_suspension
from matching.services.suspension import begleitung_suspension_lift
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.request_types import acting_user


class AussetzungLiftForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Aussetzung
        fields = ["aufhebung_notiz"]

    def clean_aufhebung_notiz(self) -> str:
        note = str(self.cleaned_data.get("aufhebung_notiz") or "").strip()
        if not note:
            raise ValidationError(_("Please write down why contact may resume."))
        return note


@admin.register(Aussetzung)
class AussetzungAdmin(RegionScopedAdmin):
    """Suspended matches: coordinators of the region read them; a child-protection lead lifts
    one by writing down why contact may resume (``services.suspension``)."""

    region_lookup = "begleitung__jugendliche__einrichtung__region"
    form = AussetzungLiftForm
    list_display = ["begleitung", "seit", "by", "aufgehoben_am", "aufgehoben_von"]
    list_filter = [("aufgehoben_am", admin.EmptyFieldListFilter)]
    list_select_related = [
        "begleitung__wegbegleiter__user",
        "begleitung__jugendliche",
        "by",
        "aufgehoben_von",
    ]
    fields = ["begleitung", "seit", "by", "aufgehoben_am", "aufgehoben_von", "aufhebung_notiz"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        shown = ["begleitung", "seit", "by", "aufgehoben_am", "aufgehoben_von"]
        if obj is None or not self.has_change_permission(request, obj):
            shown.append("aufhebung_notiz")
        return shown

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a concern step suspends (schutzkonzept), nothing else

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return False
        return obj.is_open and can_lift_suspension(request.user, obj.begleitung)

    def save_model(self, request: HttpRequest, obj: Aussetzung, form: Any, change: bool) -> None:
        begleitung_suspension_lift(
            acting_user=acting_user(request),
            begleitung=obj.begleitung,
            note=form.cleaned_data["aufhebung_notiz"],
        )
        obj.refresh_from_db()
