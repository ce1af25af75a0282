"""The erasure request as the person asking sees it (GDPR Art. 17, 12(3)).

One page for the volunteer's portal and the young person's own pages: first what will happen
(a running match is ended first with a farewell, what the law keeps and why, the answer within
one month), then a confirmed POST with an optional message; the state of the latest request and
the withdrawal while it is open. The calling view has checked who is asking and passes the
subject, the region whose coordinators answer and the template (its wording: "du").
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wegbegleitung.erasure import Action
from wegbegleitung.models import Loeschantrag
from wegbegleitung.personal_data import Subject
from wegbegleitung.request_types import AuthenticatedHttpRequest
from wegbegleitung.services.erasure import erasure_plan
from wegbegleitung.services.erasure_requests import (
    MESSAGE_MAX,
    loeschantrag_create,
    loeschantrag_withdraw,
)


class LoeschantragForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the coordination (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(label=_("Yes, I ask for my data to be erased."), required=True)


@dataclass(frozen=True)
class Asking:
    """Who asks, as the calling view found them."""

    subject: Subject
    region_id: int
    running_match: bool
    back: str  # the URL name of the person's data page
    withdraw: str  # the URL name of the withdrawal
    template: str = "wegbegleitung/erasure_request.html"  # the wording ("Sie" or "du")


def latest_request(subject: Subject) -> Loeschantrag | None:
    return (
        Loeschantrag.objects.filter(subject_kind=str(subject.kind), subject_id=subject.pk)
        .order_by("-requested_at", "-pk")
        .first()
    )


def request_page(request: AuthenticatedHttpRequest, asking: Asking) -> HttpResponse:
    latest = latest_request(asking.subject)
    is_open = latest is not None and latest.status == Loeschantrag.Status.OFFEN
    form = LoeschantragForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not is_open and form.is_valid():
        try:
            loeschantrag_create(
                acting_user=request.user, subject=asking.subject, region_id=asking.region_id,
                message=form.cleaned_data["message"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _SENT)
            return redirect(asking.back)
    kept = [s for s in erasure_plan(asking.subject) if s.action == Action.KEEP]
    return render(request, asking.template, {
        "form": form, "latest": latest, "is_open": is_open, "kept": kept,
        "running_match": asking.running_match, "back_url": reverse(asking.back),
        "withdraw_url": reverse(asking.withdraw),
    })  # fmt: skip


def withdraw(request: AuthenticatedHttpRequest, subject: Subject, *, back: str) -> HttpResponse:
    latest = latest_request(subject)
    if latest is None or latest.requested_by_id != request.user.pk:
        raise PermissionDenied
    try:
        loeschantrag_withdraw(acting_user=request.user, loeschantrag=latest)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _WITHDRAWN)
    return redirect(back)


_SENT = _("Your request has been sent. The coordination answers within one month.")
_WITHDRAWN = _("You have withdrawn your erasure request. Nothing has been erased.")
