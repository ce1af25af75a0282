"""Coordinators' admin for matching: suggestions on a request, the region proposal, the life of
each match (steps, introduction, agreement, support contacts, closure), weights, capacity and
wishes. Every write goes through ``matching.services``; every list is scoped to the regions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einrichtungen.permissions import is_coordinator_of
from matching import selectors, services, suggestions
from matching.forms import (
    AbschlussForm,
    JugendlicheConfirmForm,
    KennenlernenForm,
    KontaktForm,
    ReasonForm,
    VereinbarungForm,
    slot_choices,
)
from matching.models import (
    Abschluss,
    Aussetzung,
    Begleitung,
    Gewichtung,
    Kapazitaet,
    Partei,
    Vermittlung,
    Wunsch,
)
from matching.permissions import can_lift_suspension
from matching.services.lifecycle import TRANSITIONS
from matching.services.suspension import begleitung_suspension_lift
from wegbegleitung.admin_scoping import RegionScopedAdmin
from wegbegleitung.models import Region, Wegbegleiter
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.request_types import acting_user
from wegbegleitung.services.audit import audit_read


def _errors(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


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
        regions = None if request.user.is_superuser else region_ids_for(request.user)
        due = selectors.support_due_list(region_ids=regions)
        if self.value() == "ueberfaellig":
            due = [f for f in due if f.kontakt_overdue or f.review_overdue]
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
        regions = None if request.user.is_superuser else region_ids_for(request.user)
        silent = selectors.diary_silent_list(region_ids=regions)
        return queryset.filter(pk__in=[b.pk for b in silent])


class AgreementWaitingFilter(admin.SimpleListFilter):
    """Matches whose agreement still waits for a party's confirmation."""

    title = gettext_lazy("agreement")
    parameter_name = "vereinbarung"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("wartet", gettext_lazy("waiting for a party"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() != "wartet":
            return queryset
        regions = None if request.user.is_superuser else region_ids_for(request.user)
        waiting = selectors.vereinbarung_waiting_list(region_ids=regions)
        return queryset.filter(pk__in=[v.begleitung_id for v, _missing in waiting])


_SHOWN = ["wegbegleiter", "jugendliche", "anfrage", "status", "status_since", "status_reason",
          "proposed_by", "proposed_at", "started_on", "care_leaver_since", "ended_on"]  # fmt: skip


@admin.register(Begleitung)
class BegleitungAdmin(RegionScopedAdmin):
    region_lookup = "jugendliche__einrichtung__region"
    list_display = [
        "__str__", "status", "started_on", "flag", "suspended", "kontakt_due", "review_due",
    ]  # fmt: skip
    list_filter = [
        "status", LapseFilter, DueFilter, DiarySilentFilter, AgreementWaitingFilter,
    ]  # fmt: skip
    search_fields = ["jugendliche__vorname", "wegbegleiter__user__last_name"]
    change_form_template = "admin/matching/begleitung/change_form.html"
    change_list_template = "admin/matching/begleitung/change_list.html"
    fields = tuple(_SHOWN)
    readonly_fields = tuple(_SHOWN)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Begleitung]:
        qs = selectors.begleitung_queryset().annotate(ausgesetzt=selectors.suspended())
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
        due = selectors.faelligkeit(obj)
        if due is None:
            return ""
        label = _("overdue since %(date)s") if due.kontakt_overdue else _("due %(date)s")
        return label % {"date": due.kontakt_due.strftime("%d.%m.%Y")}

    @admin.display(description=gettext_lazy("review due"))
    def review_due(self, obj: Any) -> str:
        due = selectors.faelligkeit(obj)
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
            "faelligkeit": selectors.faelligkeit(obj),
            "kennenlernen": list(obj.kennenlernen.all()),
            "vereinbarung": vereinbarung,
            "bestaetigungen": list(vereinbarung.bestaetigungen.all()) if vereinbarung else [],
            "missing": selectors.missing_parties(vereinbarung) if vereinbarung else [],
            "treffen": list(obj.treffen.all()[:50]),
            "kontakte": list(obj.kontakte.all()),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self) -> list[URLPattern]:
        views: list[tuple[str, Callable[..., HttpResponse], str]] = [
            ("<int:pk>/schritt/<slug:action>/", self.step_view, "step"),
            ("<int:pk>/kennenlernen/", self.kennenlernen_view, "kennenlernen"),
            ("<int:pk>/vereinbarung/", self.vereinbarung_view, "vereinbarung"),
            ("<int:pk>/bestaetigen/<slug:partei>/", self.confirm_view, "confirm"),
            ("<int:pk>/kontakt/", self.kontakt_view, "kontakt"),
            ("<int:pk>/abschluss/", self.abschluss_view, "abschluss"),
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": _("What is due"),
            "u": selectors.uebersicht_for(user=acting_user(request)),
        }  # fmt: skip
        return render(request, "admin/matching/begleitung/uebersicht.html", context)

    def _get(self, request: HttpRequest, pk: int) -> Begleitung:
        begleitung = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, begleitung):
            raise PermissionDenied
        return begleitung

    def _done(self, request: HttpRequest, pk: int, message: str) -> HttpResponse:
        messages.success(request, message)
        return HttpResponseRedirect(reverse("admin:matching_begleitung_change", args=[pk]))

    def _form_page(
        self, request: HttpRequest, begleitung: Begleitung, form: BaseForm, title: str
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": begleitung, "form": form, "title": title,
        }  # fmt: skip
        return render(request, "admin/matching/begleitung/form.html", context)

    def _run(
        self,
        request: HttpRequest,
        pk: int,
        form: BaseForm,
        title: str,
        write: Callable[[Begleitung, dict[str, Any]], Any],
    ) -> HttpResponse:
        begleitung = self._get(request, pk)
        if request.method == "POST" and form.is_valid():
            try:
                write(begleitung, form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                return self._done(request, pk, _("Saved."))
        return self._form_page(request, begleitung, form, title)

    def step_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in TRANSITIONS or action == "close":
            raise Http404
        user = acting_user(request)
        return self._run(
            request, pk, ReasonForm(request.POST or None), str(TRANSITIONS[action].label),
            lambda b, data: services.begleitung_transition(
                acting_user=user, begleitung=b, action=action, reason=data["reason"]
            ),
        )  # fmt: skip

    def kennenlernen_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = acting_user(request)
        return self._run(
            request, pk, KennenlernenForm(request.POST or None), _("Introduction meeting"),
            lambda b, data: services.kennenlernen_record(acting_user=user, begleitung=b, **data),
        )  # fmt: skip

    def vereinbarung_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = acting_user(request)
        begleitung = self._get(request, pk)
        existing = getattr(begleitung, "vereinbarung", None)
        initial = {} if existing else services.default_agreement_texts()
        form = VereinbarungForm(request.POST or None, instance=existing, initial=initial)
        return self._run(
            request, pk, form, _("Agreement"),
            lambda b, data: services.vereinbarung_save(acting_user=user, begleitung=b, **data),
        )  # fmt: skip

    def confirm_view(self, request: HttpRequest, pk: int, partei: str) -> HttpResponse:
        user = acting_user(request)
        if partei not in (Partei.KOORDINATION, Partei.JUGENDLICHE):
            raise Http404
        form: BaseForm = (
            JugendlicheConfirmForm(request.POST or None)
            if partei == Partei.JUGENDLICHE
            else forms.Form(request.POST or None)
        )
        return self._run(
            request, pk, form, _("Confirm the agreement"),
            lambda b, data: services.vereinbarung_confirm(
                acting_user=user, begleitung=b, partei=partei, name=data.get("name", "")
            ),
        )  # fmt: skip

    def kontakt_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = acting_user(request)
        return self._run(
            request, pk, KontaktForm(request.POST or None), _("Support contact"),
            lambda b, data: services.kontakt_create(acting_user=user, begleitung=b, **data),
        )  # fmt: skip

    def abschluss_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = acting_user(request)
        # the mentor asked to leave: the farewell is a planned closure, the mentor leaves after it
        ending = self._get(request, pk).status == Begleitung.Status.ENDE_ANGEFRAGT
        initial = {
            "art": Abschluss.Art.GEPLANT,
            "wegbegleiter_danach": Abschluss.Danach.AUSSCHEIDEN,
        }
        form = AbschlussForm(request.POST or None, initial=initial if ending else None)
        return self._run(
            request, pk, form, _("Close the match"),
            lambda b, data: services.begleitung_close(acting_user=user, begleitung=b, **data),
        )  # fmt: skip


@admin.register(Vermittlung)
class VermittlungAdmin(RegionScopedAdmin):
    """Open requests; opening one shows its ten best suggestions with explanations."""

    region_lookup = "jugendliche__einrichtung__region"
    list_display = ["jugendliche", "einrichtung", "status", "angefragt_am"]
    change_form_template = "admin/matching/vermittlung/vorschlaege.html"
    change_list_template = "admin/matching/vermittlung/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(status__in=Vermittlung.OPEN_STATES)
            .select_related("jugendliche__einrichtung")
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": anfrage, "title": _("Suggestions"),
            "vorschlaege": suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(anfrage.pk)),
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
            "paare": suggestions.regionsvorschlag_for(region_id=region.pk),
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


class GewichtungForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Gewichtung
        fields = ["region", "distance", "interests", "languages", "availability", "default_max_km"]


@admin.register(Gewichtung)
class GewichtungAdmin(RegionScopedAdmin):
    list_display = [
        "__str__",
        "distance",
        "interests",
        "languages",
        "availability",
        "default_max_km",
    ]
    form = GewichtungForm

    def save_model(self, request: HttpRequest, obj: Gewichtung, form: Any, change: bool) -> None:
        services.gewichtung_save(acting_user=acting_user(request), gewichtung=obj)


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
