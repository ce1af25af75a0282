"""The volunteer's expenses in the portal, and the receipt download (volunteer, coordinators).

Only the volunteer's own expenses are listed and only her own matches offered; the receipt view
checks ``auslagen.permissions`` on the stored row, so a guessed id is refused (403).
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

from auslagen import selectors
from auslagen.belege import EXTENSIONS
from auslagen.forms import AuslageForm
from auslagen.permissions import can_view_auslage
from auslagen.services import Receipt, auslage_receipt_downloaded, auslage_submit
from schutzkonzept.pdf import private_path
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.request_types import AuthenticatedHttpRequest, acting_user


def _own(request: AuthenticatedHttpRequest) -> Wegbegleiter:
    found = Wegbegleiter.objects.filter(user=request.user).first()
    if found is None or not request.user.is_active:
        raise PermissionDenied  # staff, coordinators and others have no expenses here
    return found


@login_required
@require_GET
def auslage_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own(request)
    context = {
        "auslagen": list(selectors.auslagen_of(wegbegleiter)),
        "can_add": selectors.matches_for_expenses(wegbegleiter).exists(),
        "rate": selectors.rate_for(timezone.localdate()),
    }
    return render(request, "auslagen/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def auslage_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own(request)
    matches = list(selectors.matches_for_expenses(wegbegleiter))
    if not matches:
        raise Http404
    form = AuslageForm(request.POST or None, request.FILES or None, matches=matches)
    if request.method == "POST" and form.is_valid():
        try:
            _submit(request, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your coordinator will look at the expense."))
            return redirect("auslagen:list")
    return render(request, "auslagen/create.html", {"form": form})


def _submit(request: AuthenticatedHttpRequest, form: AuslageForm) -> None:
    data = form.cleaned_data
    upload = data.get("beleg")
    auslage_submit(
        acting_user=request.user, begleitung=form.matches[data["begleitung"]], art=data["art"],
        datum=data["datum"], zweck=data["zweck"], kilometer=data.get("kilometer"),
        betrag_cent=form.betrag_cent(),
        beleg=Receipt(upload, upload.size) if upload else None,
    )  # fmt: skip


@require_GET
@login_required
def receipt(request: HttpRequest, pk: int) -> Any:
    auslage = selectors.auslage_for_receipt(pk)
    if auslage is None:
        raise Http404
    if not can_view_auslage(request.user, auslage):
        raise PermissionDenied
    if not auslage.beleg:
        raise Http404
    auslage_receipt_downloaded(acting_user=acting_user(request), auslage=auslage)
    response = FileResponse(
        private_path(auslage.beleg).open("rb"),
        as_attachment=False,
        filename=f"beleg-{auslage.datum:%Y-%m-%d}.{EXTENSIONS[auslage.beleg_typ]}",
        content_type=auslage.beleg_typ,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
