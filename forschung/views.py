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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from forschung import selectors, wave_page
from forschung.forms import EinwilligungForm
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


_MENTOR = wave_page.Side(
    save=welle_save, start="forschung:start", template="forschung/welle.html",
    thanks=gettext_lazy("Thank you! Your answers have been sent."),
    saved=gettext_lazy("Saved. You can continue later."),
)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def welle(
    request: AuthenticatedHttpRequest, begleitung_id: int, code: str, nummer: int
) -> HttpResponse:
    wegbegleiter = _own(request)
    dues = selectors.due_waves_for_mentor(wegbegleiter_id=wegbegleiter.pk,
                                          day=timezone.localdate())  # fmt: skip
    return wave_page.answer(request, wave_page.find(dues, begleitung_id, code, nummer), _MENTOR)
