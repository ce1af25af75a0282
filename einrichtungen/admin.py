from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from einrichtungen.models import Einrichtung
from einrichtungen.services import einrichtung_create
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.http import acting_user


@admin.register(Einrichtung)
class EinrichtungAdmin(RegionScopedAdmin):
    list_display = ["name", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    list_select_related = ["region"]

    def save_model(self, request: HttpRequest, obj: Einrichtung, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = einrichtung_create(
            acting_user=acting_user(request), name=obj.name, region=obj.region
        )
        obj.pk = created.pk
        obj.staff_group_id = created.staff_group_id
