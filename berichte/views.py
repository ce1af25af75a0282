"""The reports page and the annual report in the admin. Installed on the admin site by
``BerichteConfig.ready`` (chained onto the site's URLs, as arbeitsplatz installs its pages)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from berichte import services, tabellen
from berichte.forms import JahresberichtForm, filter_form, last_calendar_year, last_full_months
from berichte.models import Jahresbericht
from berichte.permissions import can_view_jahresbericht, may_see_reports
from berichte.selectors import bericht_for, report_regions, scope_for
from berichte.typen import Bericht
from schutzkonzept.pdf import private_path
from wegbegleitung.admin_pages import add_admin_pages, admin_page_context
from wegbegleitung.data_generation import remembered
from wegbegleitung.request_types import acting_user

REFRESH_SECONDS = 3


def install(site: AdminSite) -> None:
    """Add the reports' pages to ``site`` without replacing what others installed."""
    add_admin_pages(site, may_see_reports, lambda wrap: [
        path("berichte/", wrap(berichte_page), name="berichte"),
        path("berichte/jahresbericht/", wrap(jahresbericht_request),
             name="berichte_jahresbericht"),
        path("berichte/jahresbericht/<int:pk>/", wrap(jahresbericht_status),
             name="berichte_jahresbericht_status"),
        path("berichte/jahresbericht/<int:pk>/pdf/", wrap(jahresbericht_download),
             name="berichte_jahresbericht_pdf"),
    ])  # fmt: skip


_context = admin_page_context


def _quick_links() -> list[tuple[str, str]]:
    links = []
    for label, (von, bis) in [
        (_("Last 12 full months"), last_full_months()),
        (_("Last calendar year (%(year)s)") % {"year": last_calendar_year()[0].year},
         last_calendar_year()),
    ]:  # fmt: skip
        links.append((label, "?" + urlencode({"von": von.isoformat(), "bis": bis.isoformat()})))
    return links


def remembered_bericht(*, user: Any, **scope: Any) -> Bericht:
    """``bericht_for`` remembered with the data's generation (any write reads the figures
    afresh; issue 13). The key holds the user (the conferences are scoped by what they may
    see), today (certificates ending, a period reaching into the future) and every argument of
    the figures, so a filter added to ``bericht_for`` is part of the key by construction."""
    asked = repr(sorted((name, _key_part(value)) for name, value in scope.items()))
    digest = hashlib.sha256(asked.encode()).hexdigest()[:32]
    key = f"berichte:{user.pk}:{timezone.localdate().isoformat()}:{digest}"
    return remembered(key, lambda: bericht_for(user=user, **scope))


def _key_part(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(_key_part(v) for v in value))
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    return value.isoformat() if isinstance(value, date) else value


@require_GET
def berichte_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    regions = report_regions(user)
    form = filter_form(request.GET, regions=regions)
    extra: dict[str, Any] = {"form": form, "quick_links": _quick_links()}
    if form.is_valid():
        region = form.cleaned_data["region"]
        figures = remembered_bericht(
            user=user,
            region_ids=scope_for(user, region.pk if region else None),
            von=form.cleaned_data["von"],
            bis=form.cleaned_data["bis"],
            programm=form.cleaned_data.get("programm"),
        )
        extra |= {
            "b": figures,
            "tables": tabellen.all_tables(figures),
            "charts": tabellen.charts(figures),
        }
    extra["jahresbericht_form"] = JahresberichtForm(
        initial={"jahr": last_calendar_year()[0].year}, regions=regions
    )
    extra["jahresberichte"] = Jahresbericht.objects.filter(requested_by=user).select_related(
        "region"
    )[:5]
    return TemplateResponse(
        request, "admin/berichte/index.html", _context(request, _("Reports"), **extra)
    )


@require_POST
def jahresbericht_request(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = JahresberichtForm(request.POST, regions=report_regions(user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("admin:berichte")
    try:
        bericht = services.jahresbericht_request(
            acting_user=user, jahr=form.cleaned_data["jahr"], region=form.cleaned_data["region"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("admin:berichte")
    messages.success(request, _("The annual report is being created."))
    return redirect("admin:berichte_jahresbericht_status", pk=bericht.pk)


def _visible_bericht(request: HttpRequest, pk: int) -> Jahresbericht:
    bericht = Jahresbericht.objects.select_related("region").filter(pk=pk).first()
    if bericht is None or not can_view_jahresbericht(request.user, bericht):
        raise Http404  # another region's report does not exist for them
    return bericht


@require_GET
def jahresbericht_status(request: HttpRequest, pk: int) -> HttpResponse:
    bericht = _visible_bericht(request, pk)
    context = _context(
        request,
        str(bericht),
        bericht=bericht,
        refresh=None if bericht.is_finished else REFRESH_SECONDS,
        download_url=reverse("admin:berichte_jahresbericht_pdf", args=[bericht.pk]),
        now=timezone.localtime(),
    )
    return TemplateResponse(request, "admin/berichte/jahresbericht.html", context)


@require_GET
def jahresbericht_download(request: HttpRequest, pk: int) -> Any:
    bericht = _visible_bericht(request, pk)
    if bericht.status != Jahresbericht.Status.FERTIG or not bericht.datei:
        raise Http404
    services.jahresbericht_downloaded(acting_user=acting_user(request), jahresbericht=bericht)
    suffix = bericht.region.name if bericht.region else _("all-regions")
    response = FileResponse(
        private_path(bericht.datei).open("rb"),
        as_attachment=True,
        filename=f"jahresbericht-{bericht.jahr}-{suffix}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
