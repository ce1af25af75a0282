"""The volunteer's certificate page in the portal and the download (volunteer and coordinators).

Only the volunteer's own certificates are listed; the download checks ``nachweise.permissions``
on the stored row, so a guessed id of someone else's certificate is refused (403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nachweise import selectors
from nachweise.forms import RequestForm
from nachweise.models import Nachweis
from nachweise.permissions import can_download_nachweis
from nachweise.services import nachweis_downloaded, nachweis_request
from schutzkonzept.pdf import private_path
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.request_types import AuthenticatedHttpRequest, acting_user


def _own(request: AuthenticatedHttpRequest) -> Wegbegleiter:
    found = Wegbegleiter.objects.select_related("user").filter(user=request.user).first()
    if found is None or not request.user.is_active:
        raise PermissionDenied  # staff, coordinators and others have no certificate here
    return found


@login_required
@require_http_methods(["GET", "POST"])
def portal(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nachweis_request(
                acting_user=request.user,
                wegbegleiter=wegbegleiter,
                period_from=form.cleaned_data["period_from"],
                period_to=form.cleaned_data["period_to"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Thank you: your coordinator will sign off your certificate. We will let you "
                  "know when you can download it."),
            )  # fmt: skip
            return redirect("nachweise:portal")
    today = timezone.localdate()
    nachweise = list(selectors.nachweise_of(wegbegleiter))
    context = {
        "form": form,
        "nachweise": nachweise,
        "period": selectors.engagement_period(wegbegleiter, today=today),
        "waiting": any(n.status == Nachweis.Status.BEANTRAGT for n in nachweise),
    }
    return render(request, "nachweise/portal.html", context)


@require_GET
@login_required
def download(request: HttpRequest, pk: int) -> Any:
    nachweis = selectors.nachweis_for_download(pk)
    if nachweis is None:
        raise Http404
    if not can_download_nachweis(request.user, nachweis, today=timezone.localdate()):
        raise PermissionDenied
    if nachweis.status != Nachweis.Status.FERTIG or not nachweis.pdf:
        raise Http404
    nachweis_downloaded(acting_user=acting_user(request), nachweis=nachweis)
    response = FileResponse(
        private_path(nachweis.pdf).open("rb"),
        as_attachment=True,
        filename=f"ehrenamtsnachweis-{nachweis.period_from:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
