"""Read an uploaded table (CSV or XLSX) into rows of text.

CSV: UTF-8 with or without BOM, separated by ``;`` or ``,`` (whichever the header line uses more).
XLSX: the first sheet. Every cell becomes plain text exactly as written: a cell that looks like a
formula (``=1+1``) stays that text; it is neutralised only when written back into a file.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

Row = dict[str, str]


def read_table(data: bytes, filename: str) -> list[Row]:
    """The rows of the file as ``{column: text}``, columns as in the header line."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if filename.lower().endswith(".xlsx"):
        header, lines = _xlsx(data)
    elif filename.lower().endswith((".csv", ".txt")):
        header, lines = _csv(data)
    else:
        raise ValidationError(_("Please upload a CSV or XLSX file."))
    if len(lines) > MAX_ROWS:
        raise ValidationError(_("At most %(n)d rows per import.") % {"n": MAX_ROWS})
    names = [h.strip() for h in header]
    rows = [dict(zip(names, [*line, *[""] * len(names)], strict=False)) for line in lines]
    return [row for row in rows if any(value.strip() for value in row.values())]


def _csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The CSV file is not UTF-8 encoded.")) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not lines:
        raise ValidationError(_("The file is empty."))
    return lines[0], lines[1:]


def _xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationError(_("The XLSX file could not be read.")) from exc
    sheet = workbook.worksheets[0]
    lines = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not lines:
        raise ValidationError(_("The file is empty."))
    return lines[0], lines[1:]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
