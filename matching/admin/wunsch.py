"""What a young person wishes for their mentor (gender, times that suit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from matching import services
from matching.forms import (
    slot_choices,
)
from matching.models import (
    Wunsch,
)
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.request_types import acting_user


class WunschAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    zeiten = forms.MultipleChoiceField(
        label=gettext_lazy("times that suit"), required=False,
        widget=forms.CheckboxSelectMultiple, choices=slot_choices,
    )  # fmt: skip

    class Meta:
        model = Wunsch
        fields = ["jugendliche", "mentor_geschlecht", "zeiten"]


@admin.register(Wunsch)
class WunschAdmin(RegionScopedAdmin):
    region_lookup = "jugendliche__einrichtung__region"
    list_display = ["jugendliche", "mentor_geschlecht"]
    form = WunschAdminForm

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "jugendliche" and not request.user.is_superuser:
            field.queryset = field.queryset.filter(
                einrichtung__region__in=region_ids_for(request.user)
            )
        return field

    def save_model(self, request: HttpRequest, obj: Wunsch, form: Any, change: bool) -> None:
        services.wunsch_save(
            acting_user=acting_user(request), jugendliche=obj.jugendliche,
            mentor_geschlecht=obj.mentor_geschlecht, zeiten=list(form.cleaned_data["zeiten"]),
        )  # fmt: skip

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
