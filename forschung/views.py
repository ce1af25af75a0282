"""The volunteer's part of the study in the portal (phone first): consent, due questionnaires.

Every view works only on the logged-in volunteer's own record and matches: another id gives
"not found", as in the rest of the portal.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forschung import selectors
from forschung.forms import EinwilligungForm, WelleForm
from forschung.services.consent import forschung_einwilligung_set
from forschung.services.waves import welle_save
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.request_types import AuthenticatedHttpRequest


def _own(request: AuthenticatedHttpRequest) -> Wegbegleiter:
    wegbegleiter = Wegbegleiter.objects.filter(user=request.user).first()
    if wegbegleiter is None:
        raise Http404
    return wegbegleiter


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own(request)
    context = {
        "consent": selectors.consent_in_force(wegbegleiter.pk),
        "due": selectors.due_waves_for_mentor(
            wegbegleiter_id=wegbegleiter.pk, day=timezone.localdate()
        ),
        "submitted": selectors.submitted_count(wegbegleiter_id=wegbegleiter.pk),
    }
    return render(request, "forschung/start.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def einwilligung(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own(request)
    consent = selectors.consent_in_force(wegbegleiter.pk)
    initial = {
        "teilnahme": consent is not None,
        "folgebefragung": bool(consent and consent.folgebefragung),
    }
    data = request.POST if request.method == "POST" else None
    form = EinwilligungForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            forschung_einwilligung_set(
                acting_user=request.user, wegbegleiter=wegbegleiter, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your choice has been saved."))
            return redirect("forschung:start")
    return render(request, "forschung/einwilligung.html", {"form": form, "consent": consent})


@login_required
@require_http_methods(["GET", "POST"])
def welle(
    request: AuthenticatedHttpRequest, begleitung_id: int, code: str, nummer: int
) -> HttpResponse:
    wegbegleiter = _own(request)
    due = _find(wegbegleiter, begleitung_id, code, nummer)
    instrument = due.instrument if due.welle is None else due.welle.instrument
    saved = {f"item_{a.item_id}": a.wert for a in due.welle.antworten.all()} if due.welle else {}
    data = request.POST if request.method == "POST" else None
    form = WelleForm(data, initial=saved, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            welle_save(acting_user=request.user, begleitung=due.begleitung, code=code,
                       nummer=nummer, answers=form.answers(), submit=submit)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if submit:
                messages.success(request, _("Thank you! Your answers have been sent."))
                return redirect("forschung:start")
            messages.success(request, _("Saved. You can continue later."))
            return redirect(request.path)
    context = {"form": form, "due": due, "instrument": instrument}
    return render(request, "forschung/welle.html", context)


def _find(
    wegbegleiter: Wegbegleiter, begleitung_id: int, code: str, nummer: int
) -> selectors.DueWave:
    for due in selectors.due_waves_for_mentor(
        wegbegleiter_id=wegbegleiter.pk, day=timezone.localdate()
    ):
        if (due.begleitung.pk, due.instrument.code, due.wave.nummer) == (
            begleitung_id,
            code,
            nummer,
        ):
            return due
    raise Http404
