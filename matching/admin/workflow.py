"""The steps of a match's life as admin pages (introduction, agreement, confirmations, support
contacts, transitions, closure): each page shows one form and calls one service of
``matching.services``; the match admin only routes to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from matching import services
from matching.forms import (
    AbschlussForm,
    JugendlicheConfirmForm,
    KennenlernenForm,
    KontaktForm,
    ReasonForm,
    VereinbarungForm,
    add_service_errors,
)
from matching.models import (
    Abschluss,
    Begleitung,
    Partei,
)
from matching.services.lifecycle import TRANSITIONS
from wegbegleitung.request_types import acting_user


class Workflow:
    """The step pages of the match admin ``model_admin``: it decides who may open which match
    (its queryset and change permission); every write is one service call."""

    def __init__(self, model_admin: admin.ModelAdmin[Begleitung]) -> None:
        self.model_admin = model_admin

    def urls(self) -> list[tuple[str, Callable[..., HttpResponse], str]]:
        return [
            ("<int:pk>/schritt/<slug:action>/", self.step_view, "step"),
            ("<int:pk>/kennenlernen/", self.kennenlernen_view, "kennenlernen"),
            ("<int:pk>/vereinbarung/", self.vereinbarung_view, "vereinbarung"),
            ("<int:pk>/bestaetigen/<slug:partei>/", self.confirm_view, "confirm"),
            ("<int:pk>/kontakt/", self.kontakt_view, "kontakt"),
            ("<int:pk>/abschluss/", self.abschluss_view, "abschluss"),
        ]

    def _get(self, request: HttpRequest, pk: int) -> Begleitung:
        begleitung = get_object_or_404(self.model_admin.get_queryset(request), pk=pk)
        if not self.model_admin.has_change_permission(request, begleitung):
            raise PermissionDenied
        return begleitung

    def _done(self, request: HttpRequest, pk: int, message: str) -> HttpResponse:
        messages.success(request, message)
        return HttpResponseRedirect(reverse("admin:matching_begleitung_change", args=[pk]))

    def _form_page(
        self, request: HttpRequest, begleitung: Begleitung, form: BaseForm, title: str
    ) -> HttpResponse:
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.model_admin.opts, "original": begleitung, "form": form, "title": title,
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
                add_service_errors(form, exc)
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
