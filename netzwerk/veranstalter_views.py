"""The organiser's pages: a lead of a member provider's facility creates, changes and calls off
the provider's events and records who attended (``permissions.can_organise_for``).

An event the user may not see answers 404; one the user sees but does not organise answers 403.
Writes go to ``netzwerk.services`` (creating and changing: ``veranstalter``; calling off and
attendance: the same services the coordinators' admin uses).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from netzwerk import permissions, selectors
from netzwerk.forms import VeranstaltungOrganiseForm
from netzwerk.models import Anmeldung, Veranstaltung
from netzwerk.services.veranstalter import veranstaltung_provider_save
from netzwerk.services.veranstaltungen import anmeldung_attendance_record, veranstaltung_call_off
from wegbegleitung.request_types import AuthenticatedHttpRequest

NOT_ORGANISER = gettext_lazy(
    "Only the leads of the organising provider's facilities manage this event."
)


def _organised_or_refused(request: AuthenticatedHttpRequest, pk: int) -> Veranstaltung:
    event = selectors.veranstaltung_for(request.user, pk)
    if event is None:
        raise Http404
    if not permissions.can_organise_veranstaltung(request.user, event):
        raise PermissionDenied(NOT_ORGANISER)
    return event


def _pairs(request: AuthenticatedHttpRequest) -> list[tuple[int, int]]:
    led = permissions.organising_traeger_ids(request.user)
    return sorted((r, t) for r, ids in led.items() for t in ids)


@login_required
@require_http_methods(["GET", "POST"])
def veranstalten(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The provider's events and the form for a new one."""
    pairs = _pairs(request)
    if not pairs:
        raise PermissionDenied(
            _("Events are organised by the leads of a member provider's facilities.")
        )
    form = VeranstaltungOrganiseForm(request.POST or None, pairs=pairs)
    if request.method == "POST" and form.is_valid():
        region_id, traeger_id = form.pair()
        form.instance.region_id, form.instance.veranstalter_id = region_id, traeger_id
        if _saved(request, form):
            messages.success(request, _("Your event is open for registration now."))
            return redirect("netzwerk:veranstaltung", pk=form.instance.pk)
    events = list(selectors.veranstaltungen_organised_by(request.user)[:30])
    context = {"form": form, "events": events, "now": timezone.now()}
    return render(request, "netzwerk/veranstalten.html", context)


def _saved(request: AuthenticatedHttpRequest, form: VeranstaltungOrganiseForm) -> bool:
    try:
        veranstaltung_provider_save(acting_user=request.user, veranstaltung=form.instance)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def bearbeiten(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _organised_or_refused(request, pk)
    form = VeranstaltungOrganiseForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid() and _saved(request, form):
        messages.success(request, _("The event is changed."))
        return redirect("netzwerk:veranstaltung", pk=event.pk)
    context = {"form": form, "v": event, "open": event.beginn > timezone.now()}
    return render(request, "netzwerk/bearbeiten.html", context)


@login_required
@require_POST
def absage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Call the event off; everyone registered or waiting is told."""
    event = _organised_or_refused(request, pk)
    try:
        told = veranstaltung_call_off(acting_user=request.user, veranstaltung=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The event is called off; %(told)d people are told.") % {"told": told}
        )
    return redirect("netzwerk:veranstaltung", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def anwesenheit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who holds a place, and after the start: who came."""
    event = _organised_or_refused(request, pk)
    if request.method == "POST":
        _record(request, event)
        return redirect("netzwerk:anwesenheit", pk=event.pk)
    started = event.beginn <= timezone.now()
    context = {
        "v": event,
        "started": started,
        "rows": selectors.anwesenheitsliste(event),
        "participants": selectors.teilnehmende(event),
    }
    return render(request, "netzwerk/anwesenheit.html", context)


def _record(request: AuthenticatedHttpRequest, event: Veranstaltung) -> None:
    anmeldung = Anmeldung.objects.filter(
        veranstaltung=event, pk=request.POST.get("anmeldung") or 0
    ).first()
    if anmeldung is None or request.POST.get("anwesend") not in ("ja", "nein"):
        raise Http404
    try:
        anmeldung_attendance_record(
            acting_user=request.user, anmeldung=anmeldung,
            attended=request.POST["anwesend"] == "ja",
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance recorded."))
