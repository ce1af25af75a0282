"""The volunteer's self-service portal (phone first)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from wegbegleitung.http import AuthenticatedHttpRequest
from wegbegleitung.models import Wegbegleiter


def _own_wegbegleiter(request: AuthenticatedHttpRequest) -> Wegbegleiter:
    try:
        return Wegbegleiter.objects.select_related("region").get(user=request.user)
    except Wegbegleiter.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    wegbegleiter = _own_wegbegleiter(request)
    return render(request, "portal/start.html", {"wegbegleiter": wegbegleiter})
