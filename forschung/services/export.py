"""Downloading the research export or its codebook: the file, and an audit event for it.

The audit event names who, which instrument, which file and how many rows: never a person or an
answer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from forschung import export
from forschung.models import Instrument
from forschung.permissions import can_export_research
from wegbegleitung.exports.formats import csv_lines, write_xlsx
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KINDS = ("daten", "codebuch")


@dataclass(frozen=True)
class File:
    name: str
    content_type: str
    content: bytes
    rows: int


@transaction.atomic
def research_export(*, acting_user: User, instrument_id: int, kind: str, fmt: str) -> File:
    if not can_export_research(acting_user):
        raise PermissionDenied
    if kind not in KINDS or fmt not in FORMATS:
        raise ValueError(kind, fmt)
    instrument = export.instrument_for_export(instrument_id)
    if instrument.status == Instrument.Status.ENTWURF:
        raise Instrument.DoesNotExist  # drafts have no answers and may still change
    table = export.data_table(instrument) if kind == "daten" else export.codebook_table(instrument)
    stem = f"{instrument.code}-v{instrument.version}-{kind}"
    if fmt == "csv":
        content = "".join(csv_lines(table.columns, table.rows)).encode("utf-8")
    else:
        buffer = io.BytesIO()
        title = f"{instrument.code} v{instrument.version} {kind}"
        write_xlsx(buffer, title, table.columns, table.rows)
        content = buffer.getvalue()
    audit_log(actor=acting_user, action="instrument.download", obj=instrument,
              details={"instrument": instrument.pk, "file": kind, "format": fmt,
                       "rows": len(table.rows)})  # fmt: skip
    return File(f"{stem}.{fmt}", FORMATS[fmt], content, len(table.rows))
