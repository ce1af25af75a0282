"""Open requests: the ten best suggestions of one request and the proposal for a whole region."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einrichtungen.permissions import is_coordinator_of
from matching import services, suggestions
from matching.models import (
    Begleitung,
    Vermittlung,
    Wunsch,
)
from programme.admin_filters import ProgrammColumnMixin, ProgrammFilter
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.models import Region, Wegbegleiter
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.request_types import acting_user
from wegbegleitung.services.audit import audit_read


@admin.register(Vermittlung)
class VermittlungAdmin(ProgrammColumnMixin, RegionScopedAdmin):
    """Open requests; opening one shows its ten best suggestions with explanations."""

    region_lookup = "jugendliche__einrichtung__region"
    list_display = ["jugendliche", "einrichtung", "status", "angefragt_am"]
    list_filter = [ProgrammFilter]
    change_form_template = "admin/matching/vermittlung/vorschlaege.html"
    change_list_template = "admin/matching/vermittlung/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(status__in=Vermittlung.OPEN_STATES)
            .select_related("jugendliche__einrichtung", "programm")
        )

    @admin.display(description=gettext_lazy("facility"))
    def einrichtung(self, obj: Vermittlung) -> str:
        return obj.jugendliche.einrichtung.name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        regions = Region.objects.filter(pk__in=region_ids_for(request.user)).order_by("name")
        if request.user.is_superuser:
            regions = Region.objects.order_by("name")
        return super().changelist_view(request, {"regions": regions, **(extra_context or {})})

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        anfrage = self.get_object(request, object_id)
        if anfrage is None or not self.has_view_permission(request, anfrage):
            raise Http404
        if request.method == "POST":
            return self._propose(request, anfrage, request.POST.get("wegbegleiter", ""))
        audit_read(actor=acting_user(request), obj=anfrage)
        geladen = suggestions.anfrage_for_suggestions(anfrage.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": anfrage, "title": _("Suggestions"),
            "vorschlaege": suggestions.vorschlaege_for(geladen),
            "programm": geladen.programm, "hindernis": suggestions.hindernis(geladen),
            "begleitung": anfrage.jugendliche.begleitungen.filter(
                status__in=Begleitung.OPEN_STATES).first(),
            "wunsch": Wunsch.objects.filter(jugendliche=anfrage.jugendliche).first(),
        }  # fmt: skip
        return render(request, self.change_form_template, context)

    def _propose(self, request: HttpRequest, anfrage: Any, wegbegleiter_id: str) -> HttpResponse:
        if not self.has_change_permission(request, anfrage):
            raise PermissionDenied
        wegbegleiter = get_object_or_404(Wegbegleiter, pk=int(wegbegleiter_id or 0))
        try:
            begleitung = services.begleitung_propose(
                acting_user=acting_user(request), anfrage=anfrage, wegbegleiter=wegbegleiter,
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(request.get_full_path())
        messages.success(request, _("The match has been proposed."))
        return HttpResponseRedirect(
            reverse("admin:matching_begleitung_change", args=[begleitung.pk])
        )

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "region/<int:region_id>/",
                self.admin_site.admin_view(self.region_view),
                name="matching_vermittlung_region",
            )
        ]
        return own + super().get_urls()

    def region_view(self, request: HttpRequest, region_id: int) -> HttpResponse:
        region = get_object_or_404(Region, pk=region_id)
        if not (self.has_view_permission(request) and is_coordinator_of(request.user, region.pk)):
            raise Http404
        if request.method == "POST":
            return self._region_decide(request, region)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "region": region, "title": _("Proposal for the region"),
            "paare": suggestions.regionsvorschlag_page(
                region_id=region.pk, number=request.GET.get("page")),
        }  # fmt: skip
        return render(request, "admin/matching/vermittlung/region.html", context)

    def _region_decide(self, request: HttpRequest, region: Region) -> HttpResponse:
        anfrage = get_object_or_404(
            Vermittlung.objects.select_related("jugendliche__einrichtung"),
            pk=int(request.POST.get("anfrage", 0) or 0),
            jugendliche__einrichtung__region=region,
        )
        wegbegleiter = get_object_or_404(
            Wegbegleiter, pk=int(request.POST.get("wegbegleiter", 0) or 0)
        )
        user = acting_user(request)
        try:
            if request.POST.get("decision") == "accept":
                services.begleitung_propose(
                    acting_user=user, anfrage=anfrage, wegbegleiter=wegbegleiter
                )
                messages.success(request, _("The match has been proposed."))
            else:
                services.vorschlag_reject(
                    acting_user=user, anfrage=anfrage, wegbegleiter=wegbegleiter
                )
                messages.success(request, _("The pair has been rejected."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(request.get_full_path())
