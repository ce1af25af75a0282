"""The network's pages on the site: for the staff of member providers (members, events,
standing-in requests) and for our volunteers (the events open to them, reached from the portal).

Each page asks ``netzwerk.permissions`` (through the decorators and the selectors); a record the
user may not see is 404, whatever its id. Writes go to ``netzwerk.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from einrichtungen.models import Traeger
from netzwerk import permissions, selectors
from netzwerk.forms import EinspringanfrageForm, EinspringantwortForm
from netzwerk.ical import Termin, calendar
from netzwerk.models import Anmeldung, Einspringanfrage, Veranstaltung
from netzwerk.services.netz import einspringanfrage_create, einspringantwort_create
from netzwerk.services.veranstaltungen import anmeldung_cancel, anmeldung_register
from wegbegleitung.models import Region
from wegbegleitung.request_types import AuthenticatedHttpRequest


def _pairs(
    request: AuthenticatedHttpRequest, region_id: int | None = None
) -> list[tuple[int, int]]:
    members = permissions.member_traeger_ids(request.user)
    return sorted((r, t) for r, ids in members.items() if region_id in (None, r) for t in ids)


@login_required
@require_GET
@permissions.require_network
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "mitglieder": list(selectors.mitglieder_for(request.user)),
        "veranstaltungen": list(selectors.veranstaltungen_for(request.user)[:5]),
        "anfragen": list(selectors.einspringanfragen_for(request.user)[:5]),
        "organiser": permissions.can_organise(request.user),
    }
    return render(request, "netzwerk/start.html", context)


@login_required
@require_GET
@permissions.require_events
def veranstaltungen(request: AuthenticatedHttpRequest) -> HttpResponse:
    events = list(selectors.veranstaltungen_for(request.user))
    rows = [(v, selectors.own_anmeldung(v)) for v in events]
    context = {
        "rows": rows,
        "meine": selectors.meine_anmeldungen(request.user),
        "partner": permissions.can_use_network(request.user),
    }
    return render(request, "netzwerk/veranstaltungen.html", context)


def _event_or_404(request: AuthenticatedHttpRequest, pk: int) -> Veranstaltung:
    event = selectors.veranstaltung_for(request.user, pk)
    if event is None:
        raise Http404
    return event


@login_required
@require_GET
def veranstaltung(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    own = selectors.own_anmeldung(event)
    waiting = own is not None and own.status == Anmeldung.Status.WARTELISTE
    participants = None
    if permissions.can_see_participants(request.user, event):
        participants = selectors.teilnehmende(event)
    context = {
        "participants": participants,
        "v": event,
        "own": own,
        "warteplatz": selectors.warteplatz(own) if own is not None and waiting else None,
        "open": event.beginn > timezone.now(),
        "may_register": permissions.can_register_staff(request.user, event)
        or permissions.can_register_volunteer(request.user, event),
        "partner": permissions.can_use_network(request.user),
        "organiser": permissions.can_organise_veranstaltung(request.user, event),
    }
    return render(request, "netzwerk/veranstaltung.html", context)


@login_required
@require_POST
def anmelden(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    try:
        a = anmeldung_register(acting_user=request.user, veranstaltung=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if a.status == Anmeldung.Status.ANGEMELDET:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The event is full: you are on the waiting list."))
    return redirect("netzwerk:veranstaltung", pk=event.pk)


@login_required
@require_POST
def absagen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    own = selectors.own_anmeldung(event)
    if own is None:
        raise Http404
    try:
        anmeldung_cancel(acting_user=request.user, anmeldung=own)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("netzwerk:veranstaltung", pk=event.pk)


@login_required
@require_GET
def ical(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "wegbegleitung"
    termin = Termin(
        uid=f"netzwerk-veranstaltung-{event.pk}@{host}", start=event.beginn, end=event.ende,
        summary=event.titel, location=event.ort or event.link, description=event.beschreibung,
        url=event.link,
    )  # fmt: skip
    body = calendar(termin, stamp=timezone.now(), prodid="-//Wegbegleitung//Netzwerk//DE")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@permissions.require_network
def anfragen(request: AuthenticatedHttpRequest) -> HttpResponse:
    pairs = _pairs(request)
    form = EinspringanfrageForm(request.POST or None, pairs=pairs) if pairs else None
    if request.method == "POST":
        if form is None:
            raise Http404  # coordinators read the requests; members post them
        if form.is_valid():
            try:
                anfrage = _post_request(request, form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your request is visible to the network now."))
                return redirect("netzwerk:anfrage", pk=anfrage.pk)
    context = {"anfragen": list(selectors.einspringanfragen_for(request.user)), "form": form}
    return render(request, "netzwerk/anfragen.html", context)


def _post_request(
    request: AuthenticatedHttpRequest, form: EinspringanfrageForm
) -> Einspringanfrage:
    region_id, traeger_id = form.pair()
    data = form.cleaned_data
    return einspringanfrage_create(
        acting_user=request.user, region=Region.objects.get(pk=region_id),
        traeger=Traeger.objects.get(pk=traeger_id), bezirk=data["bezirk"], bedarf=data["bedarf"],
        gueltig_bis=data["gueltig_bis"],
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def anfrage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.einspringanfrage_for(request.user, pk)
    if found is None:
        raise Http404
    pairs = [p for p in _pairs(request, found.region_id) if p[1] != found.traeger_id]
    may_answer = bool(pairs) and permissions.can_answer_einspringanfrage(request.user, found)
    form = EinspringantwortForm(request.POST or None, pairs=pairs) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                einspringantwort_create(
                    acting_user=request.user, anfrage=found,
                    traeger=Traeger.objects.get(pk=form.pair()[1]), text=form.cleaned_data["text"],
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you: your answer was sent."))
                return redirect("netzwerk:anfrage", pk=found.pk)
    return render(request, "netzwerk/anfrage.html", {"anfrage": found, "form": form})
