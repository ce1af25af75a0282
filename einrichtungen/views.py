"""The staff area of the site: facility staff work here, not in the admin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from einrichtungen.permissions import einrichtungen_for_staff
from wegbegleitung.http import AuthenticatedHttpRequest


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    einrichtungen = einrichtungen_for_staff(request.user).select_related("region")
    return render(request, "einrichtungen/start.html", {"einrichtungen": einrichtungen})
