"""The young person's own pages (phone first, German "du"): their match and mentor's first
name, the meetings (date and kind), their open questionnaires, their consents, and the way to
the concern form.

Every page works only on the logged-in young person's own record (``Jugendzugang``); any other
user gets "not found". Nothing of the facility's notes, the help plan or other young people is
read here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from einrichtungen.models import Jugendliche
from forschung import selectors, wave_page
from forschung.forms import JugendEinladungForm
from forschung.services.jung import (
    can_invite_jugendliche,
    eigene_einwilligung_geben,
    eigene_einwilligung_widerrufen,
    jugendliche_einladen,
    old_enough,
    own_holder,
)
from forschung.services.waves import welle_save_mentee
from matching.models import Begleitung
from wegbegleitung import erasure_request_views
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.personal_data_views import download
from wegbegleitung.request_types import AuthenticatedHttpRequest


def _own(request: AuthenticatedHttpRequest) -> Jugendliche:
    jugendliche = selectors.jugendliche_of(request.user)
    if jugendliche is None:
        raise Http404
    return jugendliche


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    jugendliche = selectors.jugendliche_page(_own(request).pk)
    today = timezone.localdate()
    matches = selectors.started_matches_of_mentee([jugendliche.pk])
    meetings = selectors.meetings_of(matches)
    context = {
        "jugendliche": jugendliche,
        "matches": [(b, meetings[b.pk]) for b in matches],
        "due": selectors.due_waves_for_mentee(jugendliche_id=jugendliche.pk, day=today),
        "consents": selectors.consent_lines(jugendliche, today),
        "may_consent": own_holder(jugendliche) is not None,
        "erasure_request": erasure_request_views.latest_request(
            Subject(Kind.JUGENDLICHE, jugendliche.pk)
        ),
        "withdraw_url": reverse("jung:loeschantrag_zurueckziehen"),
    }
    return render(request, "forschung/jung/start.html", context)


# The help-plan conferences are the facility's and the youth office's records of the help; the
# young person gets them there (or from the coordination on request), not in the self-service copy.
NOT_IN_OWN_COPY = frozenset({"help_plan"})


@login_required
def meine_daten(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponse:
    """Everything the platform holds about the young person, as JSON or PDF (GDPR Art. 15, 20)."""
    jugendliche = _own(request)
    return download(
        actor=request.user, subject=Subject(Kind.JUGENDLICHE, jugendliche.pk), fmt=fmt,
        name=jugendliche.vorname, obj=jugendliche, omit=NOT_IN_OWN_COPY,
    )  # fmt: skip


def _asking(jugendliche: Jugendliche) -> erasure_request_views.Asking:
    return erasure_request_views.Asking(
        subject=Subject(Kind.JUGENDLICHE, jugendliche.pk),
        region_id=jugendliche.einrichtung.region_id,
        running_match=Begleitung.objects.filter(
            jugendliche=jugendliche, status__in=Begleitung.OPEN_STATES
        ).exists(),
        back="jung:start", withdraw="jung:loeschantrag_zurueckziehen",
        template="forschung/jung/loeschantrag.html",
    )  # fmt: skip


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def loeschantrag(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The young person asks the coordination of their facility's region to erase their data."""
    return erasure_request_views.request_page(request, _asking(_own(request)))


@login_required
@require_POST
def loeschantrag_zurueckziehen(request: AuthenticatedHttpRequest) -> HttpResponse:
    subject = Subject(Kind.JUGENDLICHE, _own(request).pk)
    return erasure_request_views.withdraw(request, subject, back="jung:start")


_MENTEE = wave_page.Side(
    save=welle_save_mentee, start="jung:start", template="forschung/jung/welle.html",
    thanks=pgettext_lazy("du", "Thank you! Your answers have been sent."),
    saved=pgettext_lazy("du", "Saved. You can go on later."),
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def welle(
    request: AuthenticatedHttpRequest, begleitung_id: int, code: str, nummer: int
) -> HttpResponse:
    jugendliche = _own(request)
    dues = selectors.due_waves_for_mentee(jugendliche_id=jugendliche.pk,
                                          day=timezone.localdate())  # fmt: skip
    return wave_page.answer(request, wave_page.find(dues, begleitung_id, code, nummer), _MENTEE)


@login_required
@require_POST
def einwilligung_geben(request: AuthenticatedHttpRequest) -> HttpResponse:
    _own(request)
    try:
        eigene_einwilligung_geben(acting_user=request.user, bereich=request.POST.get("bereich", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, pgettext("du", "Your consent has been saved."))
    return redirect("jung:start")


@login_required
@require_POST
def einwilligung_widerrufen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _own(request)
    try:
        eigene_einwilligung_widerrufen(acting_user=request.user, einwilligung_id=pk)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, pgettext("du", "Your consent has been revoked."))
    return redirect("jung:start")


@login_required
@require_http_methods(["GET", "POST"])
def einladen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Staff of the facility or the region's coordinator invite the young person (``Sie``)."""
    jugendliche = get_object_or_404(
        Jugendliche.objects.select_related("einrichtung__region"), pk=pk
    )
    if not can_invite_jugendliche(request.user, jugendliche):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = JugendEinladungForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            jugendliche_einladen(acting_user=request.user, jugendliche=jugendliche,
                                 email=form.cleaned_data["email"])  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect(jugendliche.get_absolute_url())
    context = {
        "jugendliche": jugendliche,
        "form": form,
        "old_enough": old_enough(jugendliche),
        "zugaenge": selectors.zugaenge_of(jugendliche.pk),
    }
    return render(request, "forschung/jung/einladen.html", context)
