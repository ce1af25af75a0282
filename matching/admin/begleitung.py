"""The life of each match in the admin: the list (scoped to the coordinator's regions,
with due dates and flags), the match page, "Was fällig ist" and the workflow steps
(``matching.admin.workflow``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import lists, schedule, services
from matching.admin.filters import (
    AgreementWaitingFilter,
    DiarySilentFilter,
    DueFilter,
    LapseFilter,
)
from matching.admin.workflow import Workflow
from matching.models import (
    Begleitung,
)
from matching.services.lifecycle import TRANSITIONS
from matching.uebersicht import uebersicht_page
from programme.admin_filters import ProgrammColumnMixin, ProgrammFilter
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.request_types import acting_user
from wegbegleitung.services.audit import audit_read

_SHOWN = ["wegbegleiter", "jugendliche", "anfrage", "status", "status_since", "status_reason",
          "proposed_by", "proposed_at", "started_on", "care_leaver_since", "ended_on"]  # fmt: skip


class _CountedOnce(QuerySet[Any]):
    """Counts once: the page and its "N total" ask the same question of the same rows."""

    counted: int | None = None

    def count(self) -> int:
        if self.counted is None:
            self.counted = super().count()
        return self.counted


class MatchChangeList(ChangeList):
    """Without a filter or a search the list's rows are all the reader may see, so the total
    next to the page's count is that count, not a second count of the region's matches."""

    def get_results(self, request: HttpRequest) -> None:
        unfiltered = self.queryset.order_by().query
        if str(unfiltered) == str(self.root_queryset.order_by().query):
            qs = self.queryset
            self.queryset = _CountedOnce(model=qs.model, query=qs.query, using=qs.db)
            self.root_queryset = self.queryset
        super().get_results(request)


@admin.register(Begleitung)
class BegleitungAdmin(ProgrammColumnMixin, RegionScopedAdmin):
    region_lookup = "jugendliche__einrichtung__region"
    list_display = [
        "__str__", "status", "started_on", "flag", "suspended", "kontakt_due", "review_due",
    ]  # fmt: skip
    list_filter = [
        "status", ProgrammFilter, LapseFilter, DueFilter, DiarySilentFilter,
        AgreementWaitingFilter,
    ]  # fmt: skip
    search_fields = ["jugendliche__vorname", "wegbegleiter__user__last_name"]
    change_form_template = "admin/matching/begleitung/change_form.html"
    change_list_template = "admin/matching/begleitung/change_list.html"
    fields = tuple(_SHOWN)
    readonly_fields = tuple(_SHOWN)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return MatchChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet[Begleitung]:
        qs = (
            lists.begleitung_queryset()
            .select_related("programm")  # the column "programme" (ProgrammColumnMixin)
            .annotate(ausgesetzt=lists.suspended())
        )
        if request.user.is_superuser:
            return qs
        return qs.filter(jugendliche__einrichtung__region__in=region_ids_for(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # matches are proposed from a request's suggestions

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("clearance"), boolean=False)
    def flag(self, obj: Any) -> str:
        return str(_("Clearance lapsed")) if getattr(obj, "freigabe_verloren", False) else ""

    @admin.display(description=gettext_lazy("suspension"))
    def suspended(self, obj: Any) -> str:
        """Coordinators see that contact is suspended (a concern), never the concern itself."""
        return str(_("Suspended (child protection)")) if getattr(obj, "ausgesetzt", False) else ""

    @admin.display(description=gettext_lazy("support contact due"))
    def kontakt_due(self, obj: Any) -> str:
        due = schedule.faelligkeit(obj)
        if due is None:
            return ""
        label = _("overdue since %(date)s") if due.kontakt_overdue else _("due %(date)s")
        return label % {"date": due.kontakt_due.strftime("%d.%m.%Y")}

    @admin.display(description=gettext_lazy("review due"))
    def review_due(self, obj: Any) -> str:
        due = schedule.faelligkeit(obj)
        if due is None:
            return ""
        label = _("overdue since %(date)s") if due.review_overdue else _("due %(date)s")
        return label % {"date": due.review_due.strftime("%d.%m.%Y")}

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        audit_read(actor=acting_user(request), obj=obj)
        vereinbarung = getattr(obj, "vereinbarung", None)
        extra = {
            "begleitung": obj,
            "actions": [
                (a, TRANSITIONS[a].label) for a in services.allowed_actions(obj) if a != "close"
            ],
            "may_close": obj.status in TRANSITIONS["close"].sources,
            "faelligkeit": schedule.faelligkeit(obj),
            "kennenlernen": list(obj.kennenlernen.all()),
            "vereinbarung": vereinbarung,
            "bestaetigungen": list(vereinbarung.bestaetigungen.all()) if vereinbarung else [],
            "missing": lists.missing_parties(vereinbarung) if vereinbarung else [],
            "treffen": list(obj.treffen.all()[:50]),
            "kontakte": list(obj.kontakte.all()),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self) -> list[URLPattern]:
        views: list[tuple[str, Callable[..., HttpResponse], str]] = [
            *Workflow(self).urls(),
            ("uebersicht/", self.uebersicht_view, "uebersicht"),
        ]
        own = [
            path(route, self.admin_site.admin_view(view), name=f"matching_begleitung_{name}")
            for route, view, name in views
        ]
        return own + super().get_urls()

    def uebersicht_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        body = uebersicht_page(user=acting_user(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": _("What is due"), "body": body,
        }  # fmt: skip
        return render(request, "admin/matching/begleitung/uebersicht.html", context)
