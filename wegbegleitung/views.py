from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wegbegleitung.forms import AcceptInvitationForm
from wegbegleitung.permissions import is_coordinator
from wegbegleitung.request_types import AuthenticatedHttpRequest
from wegbegleitung.roles import Role
from wegbegleitung.services.application import open_programmes
from wegbegleitung.services.invitations import (
    InvitationInvalid,
    einladung_accept,
    einladung_from_token,
)

_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "wegbegleitung/home.html")


def become_mentor(request: HttpRequest) -> HttpResponse:
    """Public page "Wegbegleiter:in werden": what the role asks and offers, then sign-up.

    The figures are the open programme's rules; with several open programmes each one's are
    listed (docs/programmes.md)."""
    programmes = open_programmes()
    first = programmes[0]
    context = {
        "programmes": programmes if len(programmes) > 1 else [],
        "min_commitment_months": first.mindestengagement_monate,
        "training_min_hours": first.schulung_min_stunden,
        "training_target_hours": first.schulung_ziel_stunden,
        "supervision_weeks": first.supervision_wochen,
    }
    return render(request, "wegbegleitung/become_mentor.html", context)


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each role to its own start page after login."""
    user = request.user
    if is_coordinator(user):
        return redirect("admin:index")
    if user.has_role(Role.EINRICHTUNG):
        return redirect("einrichtungen:start")
    if user.has_role(Role.WEGBEGLEITUNG):
        return redirect("portal:start")
    if user.has_role(Role.FORSCHUNG):
        return redirect("forschung_start")
    if user.has_role(Role.JUGENDLICHE):
        return redirect("jung:start")
    return render(request, "wegbegleitung/no_role.html")


@require_http_methods(["GET", "POST"])
def einladung_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        einladung = einladung_from_token(token)
    except InvitationInvalid as exc:
        return _invalid(request, exc)
    user = request.user if request.user.is_authenticated else None
    data = request.POST if request.method == "POST" else None
    form = AcceptInvitationForm(data, needs_password=user is None)
    if request.method == "POST" and form.is_valid():
        try:
            accepted = einladung_accept(token=token, user=user, **form.account_data())
        except InvitationInvalid as exc:
            return _invalid(request, exc)
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            if user is None:
                login(request, accepted, backend=_LOGIN_BACKEND)
            messages.success(request, _("Welcome! Your access has been set up."))
            return redirect("start")
    return render(
        request, "wegbegleitung/einladung_accept.html", {"einladung": einladung, "form": form}
    )


def _invalid(request: HttpRequest, exc: InvitationInvalid) -> HttpResponse:
    context = {"reason": str(exc)}
    return render(request, "wegbegleitung/einladung_invalid.html", context, status=410)
