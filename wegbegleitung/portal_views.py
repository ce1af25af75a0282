"""The volunteer's self-service portal (phone first).

Every view works only on the logged-in volunteer's own record: ids in URLs are always looked up
within that record, so guessing another id gives "not found".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wegbegleitung import portal_sections
from wegbegleitung.data_generation import remembered
from wegbegleitung.models import SupervisionEinladung, Wegbegleiter
from wegbegleitung.notifications import providers
from wegbegleitung.portal_forms import BewerbungForm, DeleteAccountForm, ReasonForm
from wegbegleitung.request_types import AuthenticatedHttpRequest
from wegbegleitung.selectors import (
    checklist_for,
    programme_states_for,
    supervision_einladungen_for,
)
from wegbegleitung.selectors import wegbegleiter_for_checklist as _load
from wegbegleitung.services.account import wegbegleiter_delete_account
from wegbegleitung.services.application import bewerbung_of, bewerbung_save, bewerbung_submit
from wegbegleitung.services.screening import supervision_rsvp
from wegbegleitung.services.volunteer_exit import running_match_count
from wegbegleitung.services.volunteer_path import (
    TRANSITIONS,
    allowed_actions,
    wegbegleiter_transition,
)

S = Wegbegleiter.Status
PORTAL_ACTIONS = ("pause", "resume", "leave")
_PARTS = ("top", "middle", "bottom")  # the remembered partials of portal/start.html
_DELETE_WAITS = gettext_lazy(
    "Your wish to delete your account has been recorded. Your coordinator will contact you to "
    "plan a good farewell with the young person. After that, your account and your data are "
    "deleted."
)


def _own_wegbegleiter(request: AuthenticatedHttpRequest) -> Wegbegleiter:
    try:
        return _load(user=request.user)
    except Wegbegleiter.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    # the page is remembered per volunteer, day and language until anything is written
    # (wegbegleitung.data_generation), as rendered HTML: only the supervision sessions still to
    # come depend on the time of day, so only they are rendered on each visit
    day = timezone.localdate()
    key = f"portal-start:{request.user.pk}:{day.isoformat()}:{get_language()}"
    page = remembered(key, lambda: _start_page(request, day))
    now = timezone.now()
    upcoming = [e for e in page["invitations"] if e.supervision.starts_at >= now][:3]
    return render(request, "portal/start.html", {"remembered": page, "upcoming": upcoming})


def _start_page(request: AuthenticatedHttpRequest, day: date) -> dict[str, Any]:
    """The parts of the page that stay the same all day until anything is written, rendered (the
    partials of portal/start.html, from the context alone: no request, no form), and what the
    visit itself needs: the invitations to filter by the time of day, whether steps are shown."""
    context = {**_start_context(request, day), "user": request.user}
    parts = {name: get_template(f"portal/start.html#{name}").render(context) for name in _PARTS}
    return {**parts, "invitations": context["invitations"], "steps": bool(context["steps"])}


def _start_context(request: AuthenticatedHttpRequest, day: date) -> dict[str, Any]:
    wegbegleiter = _own_wegbegleiter(request)
    actions = [a for a in allowed_actions(wegbegleiter, as_volunteer=True) if a in PORTAL_ACTIONS]
    invitations = supervision_einladungen_for(wegbegleiter=wegbegleiter).filter(
        supervision__starts_at__gte=timezone.now()
    )
    matches = providers.portal_matches(wegbegleiter.pk, day)
    in_match = any(m.running for m in matches)
    return {
        "wegbegleiter": wegbegleiter,
        "matches": matches,
        "sections": portal_sections.sections_for(wegbegleiter, day),
        "status_label": _("in a match") if in_match else wegbegleiter.get_status_display(),
        # the path to becoming a mentor matters only until the volunteer is available
        "steps": [] if _past_onboarding(wegbegleiter, in_match) else checklist_for(wegbegleiter),
        "programme_states": programme_states_for(wegbegleiter),
        "actions": [(a, str(TRANSITIONS[a].label)) for a in actions],
        "invitations": list(invitations.select_related("supervision")),
        "ready": wegbegleiter.status == S.VERFUEGBAR and not matches,
        "submitted": bewerbung_of(wegbegleiter).submitted_at is not None,
    }


def _past_onboarding(wegbegleiter: Wegbegleiter, in_match: bool) -> bool:
    return in_match or wegbegleiter.status in {S.VERFUEGBAR, S.PAUSIERT}


@login_required
@require_http_methods(["GET", "POST"])
def bewerbung(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own_wegbegleiter(request)
    instance = bewerbung_of(wegbegleiter)
    closed = wegbegleiter.status in {S.ABGELEHNT, S.AUSGESCHIEDEN}
    form = BewerbungForm(request.POST or None, instance=instance, wegbegleiter=wegbegleiter)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            _save(request, wegbegleiter, form)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("portal:bewerbung")
        if "submit" in request.POST and instance.submitted_at is None:
            return _submit(request, wegbegleiter)
        messages.success(request, _("Saved. You can continue at any time."))
        return redirect("portal:bewerbung")
    context = {"form": form, "wegbegleiter": wegbegleiter, "bewerbung": instance, "closed": closed}
    return render(request, "portal/bewerbung.html", context)


def _save(
    request: AuthenticatedHttpRequest, wegbegleiter: Wegbegleiter, form: BewerbungForm
) -> None:
    bewerbung_save(
        acting_user=request.user,
        wegbegleiter=wegbegleiter,
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        region=form.cleaned_data["region"],
        data=form.bewerbung_data(),
        interests=form.cleaned_data["interests"],
        programme=form.cleaned_data.get("programme"),
    )


def _submit(request: AuthenticatedHttpRequest, wegbegleiter: Wegbegleiter) -> HttpResponse:
    try:
        bewerbung_submit(acting_user=request.user, wegbegleiter=wegbegleiter)
    except ValidationError as exc:
        messages.warning(request, _("Your draft is saved. ") + " ".join(exc.messages))
        return redirect("portal:bewerbung")
    messages.success(request, _("Thank you! Your application has been submitted."))
    return redirect("portal:start")


@login_required
def supervision(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own_wegbegleiter(request)
    einladungen = supervision_einladungen_for(wegbegleiter=wegbegleiter)
    context = {"einladungen": einladungen, "now": timezone.now()}
    return render(request, "portal/supervision.html", context)


@login_required
@require_POST
def supervision_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    wegbegleiter = _own_wegbegleiter(request)
    einladung = get_object_or_404(SupervisionEinladung, pk=pk, wegbegleiter=wegbegleiter)
    try:
        supervision_rsvp(
            acting_user=request.user,
            einladung=einladung,
            attending=request.POST.get("answer") == "yes",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you for your answer."))
    return redirect("portal:supervision")


@login_required
@require_http_methods(["GET", "POST"])
def status_change(request: AuthenticatedHttpRequest, action: str) -> HttpResponse:
    if action not in PORTAL_ACTIONS:
        raise Http404
    wegbegleiter = _own_wegbegleiter(request)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            after = wegbegleiter_transition(
                acting_user=request.user,
                wegbegleiter=wegbegleiter,
                action=action,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _status_message(after, action))
        return redirect("portal:start")
    context = {
        "form": form,
        "action": action,
        "label": TRANSITIONS[action].label,
        "running": running_match_count(wegbegleiter) if action == "leave" else 0,
    }
    return render(request, "portal/status_change.html", context)


def _status_message(wegbegleiter: Wegbegleiter, action: str) -> str:
    if action == "leave" and wegbegleiter.exit_pending:
        return _(
            "Thank you for letting us know. Your coordinator will contact you to plan a good "
            "farewell with the young person. You leave once the match has been closed."
        )
    return _("Your status is now: %(status)s") % {
        "status": Wegbegleiter.Status(TRANSITIONS[action].target).label
    }


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own_wegbegleiter(request)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                deleted = wegbegleiter_delete_account(
                    acting_user=request.user, wegbegleiter=wegbegleiter
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("portal:start")
        if not deleted:
            messages.success(request, _DELETE_WAITS)
            return redirect("portal:start")
        logout(request)
        messages.success(request, _("Your account and your data have been deleted."))
        return redirect("home")
    context = {
        "form": form,
        "running": running_match_count(wegbegleiter),
        "pending": wegbegleiter.exit_requested == Wegbegleiter.ExitStep.DELETE_ACCOUNT,
    }
    return render(request, "portal/delete_account.html", context)
