"""The research role's page (``/forschung/``): per instrument version, the pseudonymised export
and its codebook as CSV or Excel. Everyone else gets 403 (logged in) or the login page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from forschung.models import Instrument
from forschung.permissions import can_export_research
from forschung.services.export import FORMATS, KINDS, research_export
from wegbegleitung.request_types import AuthenticatedHttpRequest


@login_required
@require_GET
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_export_research(request.user):
        raise PermissionDenied
    instruments = Instrument.objects.exclude(status=Instrument.Status.ENTWURF).order_by(
        "code", "-version"
    )
    return render(request, "forschung/research_start.html", {"instruments": instruments})


@login_required
@require_GET
def download(
    request: AuthenticatedHttpRequest, instrument_id: int, kind: str, fmt: str
) -> HttpResponse:
    if not can_export_research(request.user):
        raise PermissionDenied
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404
    try:
        file = research_export(
            acting_user=request.user, instrument_id=instrument_id, kind=kind, fmt=fmt
        )
    except Instrument.DoesNotExist as exc:
        raise Http404 from exc
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    response["Cache-Control"] = "no-store"
    return response
