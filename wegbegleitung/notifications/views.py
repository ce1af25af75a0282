"""The inbox and the email preferences: every logged-in user, only their own notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wegbegleitung.notifications.preferences import einstellungen_save, email_choices_for
from wegbegleitung.notifications.selectors import inbox_for
from wegbegleitung.request_types import AuthenticatedHttpRequest


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {"entries": inbox_for(user=request.user)}
    return render(request, "notifications/inbox.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def einstellungen(request: AuthenticatedHttpRequest) -> HttpResponse:
    choices = email_choices_for(user=request.user)
    if request.method == "POST":
        wanted = {
            kind.key: f"email_{kind.key}" in request.POST
            for kind, _on in choices
            if not kind.critical
        }
        try:
            einstellungen_save(acting_user=request.user, email_on=wanted)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your choices are saved."))
        return redirect("benachrichtigungen:einstellungen")
    return render(request, "notifications/einstellungen.html", {"choices": choices})
