"""The questionnaire page of one due wave, the same for both sides of a match: the volunteer in
the portal (``views.welle``) and the young person on their own page (``jung_views.welle``).

Each side passes what differs: its due waves (only its own: another id gives "not found"), the
service that saves its answers, where to go when done, its template and its wording.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise

from forschung.forms import WelleForm
from forschung.selectors import DueWave
from wegbegleitung.request_types import AuthenticatedHttpRequest


@dataclass(frozen=True)
class Side:
    save: Callable[..., Any]  # welle_save or welle_save_mentee (same keyword arguments)
    start: str  # the URL name to return to once the answers are sent
    template: str
    thanks: str | Promise
    saved: str | Promise


def find(dues: Iterable[DueWave], begleitung_id: int, code: str, nummer: int) -> DueWave:
    for due in dues:
        if (due.begleitung.pk, due.instrument.code, due.wave.nummer) == (begleitung_id, code,
                                                                         nummer):  # fmt: skip
            return due
    raise Http404


def answer(request: AuthenticatedHttpRequest, due: DueWave, side: Side) -> HttpResponse:
    instrument = due.instrument if due.welle is None else due.welle.instrument
    saved = {f"item_{a.item_id}": a.wert for a in due.welle.antworten.all()} if due.welle else {}
    data = request.POST if request.method == "POST" else None
    form = WelleForm(data, initial=saved, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            side.save(acting_user=request.user, begleitung=due.begleitung,
                      code=due.instrument.code, nummer=due.wave.nummer, answers=form.answers(),
                      submit=submit)  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, str(side.thanks if submit else side.saved))
            return redirect(side.start) if submit else redirect(request.path)
    return render(request, side.template, {"form": form, "due": due, "instrument": instrument})
