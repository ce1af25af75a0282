"""The import pages in the admin: upload, preview, confirm, refused rows, template files.
Installed on the admin site by ``UebernahmeConfig.ready`` (chained onto the site's URLs)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uebernahme.arten import ARTEN
from uebernahme.forms import UploadForm
from uebernahme.permissions import can_import
from uebernahme.reading import read_table
from uebernahme.rows import REFUSE, RowResult
from uebernahme.services import uebernahme_confirm, uebernahme_preview
from wegbegleitung.admin_pages import add_admin_pages, admin_page_context
from wegbegleitung.exports.formats import csv_lines, write_xlsx
from wegbegleitung.models import Region
from wegbegleitung.permissions import regions_for
from wegbegleitung.request_types import acting_user

SESSION_KEY = "uebernahme"
CHANGELISTS = {
    "wegbegleiter": "admin:wegbegleitung_wegbegleiter_changelist",
    "einrichtungen": "admin:einrichtungen_einrichtung_changelist",
    "jugendliche": "admin:einrichtungen_jugendliche_changelist",
    "begleitungen": "admin:matching_begleitung_changelist",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def install(site: AdminSite) -> None:
    """Add the import pages to ``site`` without replacing what others installed."""
    add_admin_pages(site, can_import, lambda wrap: [
        path("uebernahme/", wrap(upload), name="uebernahme"),
        path("uebernahme/vorschau/", wrap(preview), name="uebernahme_vorschau"),
        path("uebernahme/bestaetigen/", wrap(confirm), name="uebernahme_bestaetigen"),
        path("uebernahme/abgelehnt.<str:fmt>", wrap(refused), name="uebernahme_abgelehnt"),
        path("uebernahme/vorlage/<str:art>.<str:fmt>", wrap(vorlage),
             name="uebernahme_vorlage"),
    ])  # fmt: skip


_context = admin_page_context


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    regions = regions_for(acting_user(request)).order_by("name")
    form = UploadForm(request.POST or None, request.FILES or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["datei"]
        try:
            rows = read_table(upload_file.read(), upload_file.name or "")
        except ValidationError as exc:
            form.add_error("datei", exc)
        else:
            request.session[SESSION_KEY] = {
                "art": form.cleaned_data["art"],
                "region": form.cleaned_data["region"].pk,
                "rows": rows,
            }
            return redirect("admin:uebernahme_vorschau")
    arten = [(a, a.columns) for a in ARTEN.values()]
    return TemplateResponse(
        request,
        "admin/uebernahme/upload.html",
        _context(request, _("Import from a spreadsheet"), form=form, arten=arten),
    )


def _pending(request: HttpRequest) -> tuple[str, Region, list[dict[str, str]]]:
    pending = request.session.get(SESSION_KEY)
    if not pending:
        raise Http404
    region = regions_for(acting_user(request)).filter(pk=pending["region"]).first()
    if region is None:
        raise PermissionDenied
    return pending["art"], region, pending["rows"]


def _results(request: HttpRequest) -> tuple[str, Region, list[dict[str, str]], list[RowResult]]:
    art, region, rows = _pending(request)
    results = uebernahme_preview(
        acting_user=acting_user(request), region=region, art=art, rows=rows
    )
    return art, region, rows, results


@require_GET
def preview(request: HttpRequest) -> HttpResponse:
    art, region, _rows, results = _results(request)
    counts = {o: sum(1 for r in results if r.outcome == o) for o in ("create", "skip", "refuse")}
    return TemplateResponse(
        request,
        "admin/uebernahme/preview.html",
        _context(
            request, _("Preview of the import"), art=ARTEN[art], region=region,
            results=results, counts=counts,
        ),
    )  # fmt: skip


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    art, region, rows = _pending(request)
    try:
        counts = uebernahme_confirm(
            acting_user=acting_user(request), region=region, art=art, rows=rows
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("admin:uebernahme_vorschau")
    del request.session[SESSION_KEY]  # the file's personal data stays no longer than needed
    messages.success(
        request,
        _("Imported: %(created)d created, %(skipped)d already there, %(refused)d refused.")
        % {
            "created": counts.get("create", 0),
            "skipped": counts.get("skip", 0),
            "refused": counts.get("refuse", 0),
        },  # fmt: skip
    )
    return redirect(CHANGELISTS[art])


@require_GET
def refused(request: HttpRequest, fmt: str) -> HttpResponse:
    art, _region, _rows, results = _results(request)
    columns = [*ARTEN[art].columns, "Grund"]
    lines = [
        [*(r.values.get(c, "") for c in ARTEN[art].columns), r.reason]
        for r in results
        if r.outcome == REFUSE
    ]
    return _table_response(f"abgelehnt-{art}", columns, lines, fmt)


@require_GET
def vorlage(request: HttpRequest, art: str, fmt: str) -> HttpResponse:
    if art not in ARTEN:
        raise Http404
    kind = ARTEN[art]
    return _table_response(f"vorlage-{art}", list(kind.columns), [list(kind.example)], fmt)


def _table_response(
    name: str, columns: list[str], lines: list[list[str]], fmt: str
) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(
            "".join(csv_lines(columns, lines)), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, name, columns, lines)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
