"""The export pages: start a download, follow a background export, fetch its file.

Thin: the rules are in ``services``; who may use the pages is ``permissions.can_use_exports``,
which list a user may download is the source's own check.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegbegleitung.exports import formats
from wegbegleitung.exports.registry import get_source
from wegbegleitung.exports.services import (
    CONTENT_TYPES,
    Direct,
    UnknownSource,
    export_file,
    export_request,
    write,
)
from wegbegleitung.models import Export, User
from wegbegleitung.permissions import can_fetch_export, can_use_exports
from wegbegleitung.request_types import acting_user

CHUNK_BYTES = 64 * 1024


def _user(request: HttpRequest) -> User:
    user = acting_user(request)
    if not can_use_exports(user):
        raise PermissionDenied
    return user


@require_GET
@login_required
def start(request: HttpRequest, name: str) -> HttpResponseBase:
    user = _user(request)
    try:
        result = export_request(
            user=user, name=name, fmt=request.GET.get("format", ""), params=request.GET
        )
    except UnknownSource:
        raise Http404(_("There is no list with this name to export.")) from None
    except ValidationError as exc:
        return _problem(request, " ".join(exc.messages))
    except IncorrectLookupParameters:
        return _problem(
            request, _("The filters of this list are not valid; please set them again.")
        )
    if isinstance(result, Export):
        return HttpResponseRedirect(reverse("exporte:status", args=[result.pk]))
    return _direct_response(result)


def _problem(request: HttpRequest, message: str) -> HttpResponse:
    context = {**admin.site.each_context(request), "title": _("Export"), "message": message}
    return render(request, "exports/problem.html", context, status=400)


def _direct_response(direct: Direct) -> HttpResponseBase:
    table = direct.table
    if direct.format == Export.Format.CSV:
        lines = formats.csv_lines(table.columns, table.rows)
        response: HttpResponseBase = StreamingHttpResponse(
            _chunks(lines), content_type=CONTENT_TYPES[Export.Format.CSV]
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=direct.file_name
        )
    else:
        # a temporary file (gone when closed), streamed in blocks by FileResponse
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        write(handle, direct.format, table)
        handle.seek(0)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=direct.file_name,
            content_type=CONTENT_TYPES[Export.Format.XLSX],
        )
    response["Cache-Control"] = "private, no-store"
    return response


def _chunks(lines: Iterable[str]) -> Iterator[bytes]:
    """Lines gathered into blocks of about 64 KiB: fewer, larger writes to the client."""
    block: list[bytes] = []
    size = 0
    for line in lines:
        data = line.encode("utf-8")
        block.append(data)
        size += len(data)
        if size >= CHUNK_BYTES:
            yield b"".join(block)
            block, size = [], 0
    if block:
        yield b"".join(block)


def _own_export(request: HttpRequest, pk: int) -> Export:
    _user(request)
    export = get_object_or_404(Export, pk=pk)
    if not can_fetch_export(request.user, export):
        raise Http404  # someone else's export does not exist for this user
    return export


@require_GET
@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    source = get_source(export.source)
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": _("Export of the list “%(list)s”")
        % {"list": capfirst(str(source.label)) if source else export.source},
        "export": export,
        "running": export.status in (Export.Status.WAITING, Export.Status.RUNNING),
        "ready": export_file(export) is not None,
        "keep_hours": settings.WB_EXPORT_KEEP_HOURS,
    }
    return render(request, "exports/status.html", context)


@require_GET
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    export = _own_export(request, pk)
    path = export_file(export)
    if path is None:
        raise Http404(_("This export has no file (yet or any more)."))
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=export.file_name,
        content_type=CONTENT_TYPES[Export.Format(export.format)],
    )
    response["Cache-Control"] = "private, no-store"
    return response
