"""The weights of the matching per region and programme."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from matching import services
from matching.models import (
    Gewichtung,
)
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.request_types import acting_user


class GewichtungForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Gewichtung
        fields = [
            "region",
            "programm",
            "distance",
            "interests",
            "languages",
            "availability",
            "default_max_km",
        ]


@admin.register(Gewichtung)
class GewichtungAdmin(RegionScopedAdmin):
    list_display = [
        "__str__",
        "programm",
        "distance",
        "interests",
        "languages",
        "availability",
        "default_max_km",
    ]
    list_filter = ["programm"]
    list_select_related = ["region", "programm"]
    form = GewichtungForm

    def save_model(self, request: HttpRequest, obj: Gewichtung, form: Any, change: bool) -> None:
        services.gewichtung_save(acting_user=acting_user(request), gewichtung=obj)
