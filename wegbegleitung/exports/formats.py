"""The two file formats: CSV for German Excel and XLSX, both written row by row.

- **CSV**: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as Windows-1252), ``;`` as
  separator (German Excel's list separator, since ``,`` is the decimal comma), CRLF line ends,
  dates as dd.mm.yyyy and decimal commas, written by the standard library's ``csv`` module.
- **XLSX**: openpyxl in write-only mode, which writes each row to a temporary file instead of
  keeping a cell object per value; dates and numbers stay native cells with a German date format.

Both neutralise formula injection: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would be read by a spreadsheet as a formula (or the start of one), so it gets
a leading apostrophe and is shown as the text it is. Only text is touched; a negative number stays
a number.

Neither writer holds more than one row: memory stays flat however long the list is.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# how often a background export reports progress (rows)
PROGRESS_EVERY = 1000

Progress = Callable[[int], None]


def neutralise(text: str) -> str:
    """``'=1+1`` instead of ``=1+1``: a spreadsheet shows the text instead of running it."""
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_cell(value: Any) -> str:
    """One value as German Excel reads it: Ja/Nein, 31.12.2026, 3,5; text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return _local(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return format(value, "f" if isinstance(value, Decimal) else "g").replace(".", ",")
    return neutralise(str(value))


class _Line:
    """A file-like object whose ``write`` hands back what the csv module wrote (one line)."""

    def write(self, text: str) -> str:
        return text


def _counted(rows: Iterable[Sequence[Any]], progress: Progress | None) -> Iterator[Sequence[Any]]:
    done = 0
    for done, row in enumerate(rows, start=1):  # noqa: B007 - ``done`` is read after the loop
        yield row
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(done)


def csv_lines(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], progress: Progress | None = None
) -> Iterator[str]:
    """The CSV text line by line, the BOM before the header (for a streaming response)."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow([csv_cell(c) for c in columns])
    for row in _counted(rows, progress):
        yield writer.writerow([csv_cell(value) for value in row])


def write_csv(
    target: IO[str],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    progress: Progress | None = None,
) -> None:
    """Write the CSV into a text file opened with ``newline=""`` and UTF-8."""
    for line in csv_lines(columns, rows, progress):
        target.write(line)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Export"


def write_xlsx(
    target: IO[bytes] | str,
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    progress: Progress | None = None,
) -> None:
    """Write an XLSX workbook with one sheet; openpyxl's write-only mode streams the rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(str(column)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in _counted(rows, progress):
        sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in row])
    workbook.save(target)


def _xlsx_text(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))


def _xlsx_cell(sheet: Any, value: Any, cell_type: Any) -> Any:
    """Native cells for numbers and dates (with a German date format); everything else text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        cell = cell_type(sheet, value=_local(value).replace(tzinfo=None))
        cell.number_format = "DD.MM.YYYY HH:MM"
        return cell
    if isinstance(value, date):
        cell = cell_type(sheet, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    if isinstance(value, Promise):
        value = str(value)
    return _xlsx_text(str(value))
