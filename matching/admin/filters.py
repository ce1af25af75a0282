"""The filters of the match list: the same rules as the home's tiles and the reminders
(``matching.lists``), so a tile's count and the list it links to agree."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from matching import lists
from wegbegleitung.request_types import acting_user


class LapseFilter(admin.SimpleListFilter):
    title = gettext_lazy("clearance")
    parameter_name = "freigabe"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("verloren", gettext_lazy("Clearance lapsed"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "verloren":
            return queryset.filter(freigabe_verloren=True)
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = gettext_lazy("support contacts")
    parameter_name = "faellig"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("ueberfaellig", gettext_lazy("overdue")),
            ("bald", gettext_lazy("due soon or overdue")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() not in ("ueberfaellig", "bald"):
            return queryset
        due = lists.support_due(region_ids=lists.regions_of(acting_user(request)))
        if self.value() == "ueberfaellig":
            due = [f for f in due if f.overdue]
        return queryset.filter(pk__in=[f.begleitung.pk for f in due])


class DiarySilentFilter(admin.SimpleListFilter):
    """Running matches without a diary entry for weeks (the reminders' rule)."""

    title = gettext_lazy("diary")
    parameter_name = "tagebuch"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("still", gettext_lazy("silent"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() != "still":
            return queryset
        return lists.diary_silent(queryset)


class AgreementWaitingFilter(admin.SimpleListFilter):
    """Matches whose agreement still waits for a party's confirmation."""

    title = gettext_lazy("agreement")
    parameter_name = "vereinbarung"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("wartet", gettext_lazy("waiting for a party"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() != "wartet":
            return queryset
        waiting = lists.vereinbarung_waiting(region_ids=lists.regions_of(acting_user(request)))
        return queryset.filter(pk__in=waiting.values("begleitung_id"))
