"""How many matches a volunteer may take on at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from matching import services
from matching.models import (
    Begleitung,
    Kapazitaet,
)
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.request_types import acting_user


class KapazitaetForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Kapazitaet
        fields = ["wegbegleiter", "max_begleitungen", "grund"]

    def clean(self) -> dict[str, Any]:
        """The service's rule, so a refusal shows on the form instead of after "saved"."""
        data = super().clean() or {}
        wegbegleiter, wanted = data.get("wegbegleiter"), data.get("max_begleitungen")
        if wegbegleiter is not None and wanted is not None:
            open_count = Begleitung.objects.filter(
                wegbegleiter=wegbegleiter, status__in=Begleitung.OPEN_STATES
            ).count()
            if wanted < open_count:
                self.add_error(
                    "max_begleitungen",
                    _("The volunteer already has %(n)s open matches.") % {"n": open_count},
                )
        return data


@admin.register(Kapazitaet)
class KapazitaetAdmin(RegionScopedAdmin):
    region_lookup = "wegbegleiter__region"
    list_display = ["wegbegleiter", "max_begleitungen", "grund"]
    form = KapazitaetForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("wegbegleiter__user")

    def save_model(self, request: HttpRequest, obj: Kapazitaet, form: Any, change: bool) -> None:
        services.kapazitaet_set(
            acting_user=acting_user(request), wegbegleiter=obj.wegbegleiter,
            max_begleitungen=obj.max_begleitungen, grund=obj.grund,
        )  # fmt: skip

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
