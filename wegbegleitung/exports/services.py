"""Exports: the rules behind every download of a list.

- A user downloads only a list she may see, scoped exactly like the page it came from: the source
  builds the table for her and the page's own query parameters (``registry``).
- Up to ``WB_EXPORT_DIRECT_MAX_ROWS`` rows are answered directly (streamed); a longer list becomes
  an ``Export`` written by a Celery task through the outbox, so a broker outage delays it but never
  loses it, and no request waits for 100,000 rows (gunicorn cuts requests after 60 s).
- Every export is audited with its list, filters, format and row count; never with cell values,
  and a search text only as "searched" (it is often a person's name).
- The file of a background export is private (below ``PRIVATE_FILES_ROOT/exports/``), fetched by
  its requester only, and deleted ``WB_EXPORT_KEEP_HOURS`` after the request.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wegbegleitung.exports import formats
from wegbegleitung.exports.registry import Source, Tabelle, get_source
from wegbegleitung.models import Export, User
from wegbegleitung.outbox import enqueue
from wegbegleitung.services.audit import audit_log

logger = logging.getLogger(__name__)
EXPORT_DIR = "exports"
CONTENT_TYPES = {
    Export.Format.CSV: "text/csv; charset=utf-8",
    Export.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UnknownSource(LookupError):
    """No list of that name (a 404 for the user)."""


@dataclass
class Direct:
    """A small export, answered in the request itself."""

    table: Tabelle
    format: str
    file_name: str


def export_request(*, user: User, name: str, fmt: str, params: QueryDict) -> Direct | Export:
    """Start the export of list ``name`` with the page's ``params``: direct or as a job."""
    if fmt not in Export.Format.values:
        raise ValidationError(_("Exports are available as CSV or Excel (XLSX) only."))
    source = _allowed_source(user, name)
    table = source.build(user, params)
    query = _query_string(params)
    if table.count is not None and table.count > settings.WB_EXPORT_DIRECT_MAX_ROWS:
        return _start_job(user, source, fmt, query, table)
    if table.count is None:  # a source that cannot count is a short list already in memory
        table.rows = list(table.rows)
        table.count = len(table.rows)
    audit_log(
        actor=user, action="export.create", details=_audit_details(name, fmt, query, table.count)
    )
    return Direct(table=table, format=fmt, file_name=file_name(table.title, fmt))


def _allowed_source(user: User, name: str) -> Source:
    source = get_source(name)
    if source is None:
        raise UnknownSource(name)
    if not source.allowed(user):
        raise PermissionDenied
    return source


def _start_job(user: User, source: Source, fmt: str, query: str, table: Tabelle) -> Export:
    with transaction.atomic():
        export = Export.objects.create(
            requested_by=user,
            source=source.name,
            params=query,
            format=fmt,
            rows_total=table.count,
            file_name=file_name(table.title, fmt),
        )
        details = _audit_details(source.name, fmt, query, table.count, background=True)
        audit_log(actor=user, action="export.create", obj=export, details=details)
        from wegbegleitung.tasks import run_export

        enqueue(run_export, export.pk)
    return export


def _query_string(params: QueryDict) -> str:
    query = params.copy()
    query.pop("format", None)
    return query.urlencode()[:2000]


def _audit_details(
    name: str, fmt: str, query: str, rows: int | None, *, background: bool = False
) -> dict[str, Any]:
    filters = QueryDict(query)
    return {
        "source": name,
        "format": fmt,
        "rows": rows,
        "filters": {k: v for k, v in filters.lists() if k != SEARCH_VAR},
        "searched": bool(filters.get(SEARCH_VAR)),
        "background": background,
    }


def file_name(title: str, fmt: str) -> str:
    return f"{slugify(title) or 'export'}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def write(target: Any, fmt: str, table: Tabelle, progress: formats.Progress | None = None) -> None:
    """Write ``table`` as ``fmt`` into ``target`` (a text file for CSV, a path or binary file
    for XLSX)."""
    if fmt == Export.Format.CSV:
        formats.write_csv(target, table.columns, table.rows, progress)
    else:
        formats.write_xlsx(target, table.title, table.columns, table.rows, progress)


# --- background jobs ------------------------------------------------------------------------------


def private_path(relative: str) -> Path:
    root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    target = (root / relative).resolve()
    if root not in target.parents:
        raise ValueError("private file path leaves PRIVATE_FILES_ROOT")
    return target


class ExportFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def export_run(*, export_id: int) -> bool:
    """Write the file of a waiting export (the task's body); False when there is nothing to do.

    Safe to run twice: a finished export is left alone, a run that died is started again and
    overwrites its half-written file."""
    export = _claim(export_id)
    if export is None:
        return False
    try:
        with translation.override(settings.LANGUAGE_CODE):
            relative, rows = _write_file(export)
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the requester as such
        reason = exc.reason if isinstance(exc, ExportFailed) else Export.FAILED_ERROR
        logger.exception("export %s (%s) failed", export.pk, export.source)
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED, error=reason, finished_at=timezone.now()
        )
        return False
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.DONE, file=relative, rows_done=rows, finished_at=timezone.now()
    )
    return True


def _claim(export_id: int) -> Export | None:
    with transaction.atomic():
        export = (
            Export.objects.select_for_update()
            .select_related("requested_by")
            .filter(pk=export_id, status__in=[Export.Status.WAITING, Export.Status.RUNNING])
            .first()
        )
        if export is not None:
            export.status = Export.Status.RUNNING
            export.rows_done = 0
            export.save(update_fields=["status", "rows_done"])
    return export


def _write_file(export: Export) -> tuple[str, int]:
    source = get_source(export.source)
    if source is None:
        raise ExportFailed(Export.FAILED_UNKNOWN)
    if not source.allowed(export.requested_by):
        raise ExportFailed(Export.FAILED_FORBIDDEN)
    table = source.build(export.requested_by, QueryDict(export.params))
    if table.count is not None:
        Export.objects.filter(pk=export.pk).update(rows_total=table.count)
    relative = f"{EXPORT_DIR}/{export.pk}-{secrets.token_hex(8)}.{export.format}"
    target = private_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"partial-{target.name}")
    done = [0]

    def progress(rows: int) -> None:
        done[0] = rows
        Export.objects.filter(pk=export.pk).update(rows_done=rows)

    try:
        if export.format == Export.Format.CSV:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                write(handle, export.format, table, progress)
        else:
            write(str(partial), export.format, table, progress)
    except BaseException:
        partial.unlink(missing_ok=True)  # never leave half a file of personal data behind
        raise
    partial.replace(target)
    return relative, done[0]


def export_file(export: Export) -> Path | None:
    """The finished file of ``export``, or None when it is not (or no longer) there."""
    if export.status != Export.Status.DONE or not export.file:
        return None
    path = private_path(export.file)
    return path if path.is_file() else None


def export_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the files of exports older than ``WB_EXPORT_KEEP_HOURS`` (beat, hourly); returns
    how many exports lost their file. Stray files of runs that died go too."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.WB_EXPORT_KEEP_HOURS)
    old = Export.objects.filter(created_at__lt=cutoff).exclude(status=Export.Status.EXPIRED)
    purged = 0
    for export in old.only("pk", "file"):
        if export.file:
            private_path(export.file).unlink(missing_ok=True)
        Export.objects.filter(pk=export.pk).update(status=Export.Status.EXPIRED, file="")
        purged += 1
    _remove_stray_files(cutoff)
    return purged


def _remove_stray_files(cutoff: datetime) -> None:
    folder = Path(settings.PRIVATE_FILES_ROOT) / EXPORT_DIR
    if not folder.is_dir():
        return
    kept = set(Export.objects.exclude(file="").values_list("file", flat=True))
    for path in folder.iterdir():
        stale = path.stat().st_mtime < cutoff.timestamp()
        if stale and f"{EXPORT_DIR}/{path.name}" not in kept:
            path.unlink(missing_ok=True)
