"""The two writers on their own: German CSV, native XLSX cells, neutralisation, flat memory."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from openpyxl import load_workbook

from wegbegleitung.exports import formats

COLUMNS = ["Name", "Datum", "Zeitpunkt", "Stunden", "Anzahl", "Aktiv", "Leer"]
ROW = [
    "Anna", date(2026, 3, 1), datetime(2026, 3, 1, 9, 30, tzinfo=ZoneInfo("UTC")),
    Decimal("3.5"), -4, True, None,
]  # fmt: skip
DANGEROUS = ["=1+1", "+49 170", "-2+3", "@SUM(A1)", "\tTab", "\rZeile"]


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def _csv_text(columns, rows) -> str:
    out = io.StringIO(newline="")
    formats.write_csv(out, columns, rows)
    return out.getvalue()


def test_csv_is_what_german_excel_reads():
    text = _csv_text(COLUMNS, [ROW])
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    header, row = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";")
    assert header == COLUMNS
    # 09:30 UTC is 10:30 in Berlin (winter time); 3.5 with a decimal comma; a negative number
    # stays a number (not neutralised); True reads Ja; None is an empty cell
    assert row == ["Anna", "01.03.2026", "01.03.2026 10:30", "3,5", "-4", "Ja", ""]


def test_a_separator_or_line_break_in_a_value_is_quoted_not_split():
    text = _csv_text(["A", "B"], [["Müller; Anna", "Zeile 1\nZeile 2"]])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows[1] == ["Müller; Anna", "Zeile 1\nZeile 2"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_each_dangerous_prefix_is_neutralised_in_csv(value):
    text = _csv_text(["A"], [[value]])
    (_, (cell,)) = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";")
    assert cell == "'" + value


@pytest.mark.parametrize("value", DANGEROUS)
def test_each_dangerous_prefix_is_neutralised_in_xlsx(value):
    out = io.BytesIO()
    formats.write_xlsx(out, "Liste", [value], [[value]])
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    # the header too: column names can come from user input (a report's label)
    # (a carriage return reads back as a line feed: XML normalises line ends)
    expected = "'" + value.replace("\r", "\n")
    assert sheet["A1"].value == sheet["A2"].value == expected
    assert sheet["A2"].data_type == "s"  # text, not a formula


def test_xlsx_keeps_dates_and_numbers_native_with_german_formats():
    out = io.BytesIO()
    formats.write_xlsx(out, "Wegbegleiter:innen [Rhein-Main]", COLUMNS, [ROW])
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook.active
    assert sheet.title == "Wegbegleiter innen  Rhein-Main"  # ":" and "[]" are not allowed there
    assert [c.value for c in sheet[1]] == COLUMNS and sheet["A1"].font.b
    name, day, moment, hours, count, active, empty = (c.value for c in sheet[2])
    assert day == datetime(2026, 3, 1) and sheet["B2"].number_format == "DD.MM.YYYY"
    assert moment == datetime(2026, 3, 1, 10, 30)  # local time, as the list shows it
    assert sheet["C2"].number_format == "DD.MM.YYYY HH:MM"
    assert hours == 3.5 and count == -4 and sheet["E2"].data_type == "n"
    assert (name, active, empty) == ("Anna", "Ja", None)


def _many(count: int):
    for i in range(count):
        yield [f"Wegbegleiter:in Nummer {i:06d}", date(2026, 1, 1), i, Decimal("1.5"), i % 2 == 0]


def _peak(fmt: str, target, rows: int) -> int:
    columns = ["Name", "Datum", "Nr", "Stunden", "Aktiv"]
    tracemalloc.start()
    try:
        if fmt == "csv":
            with target.open("w", encoding="utf-8", newline="") as handle:
                formats.write_csv(handle, columns, _many(rows))
        else:
            formats.write_xlsx(str(target), "Liste", columns, _many(rows))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_memory_does_not_grow_with_the_rows(fmt, tmp_path):
    """The peak of Python's allocations for 16,000 rows is about that for 2,000 and a small
    fraction of the data (the rows come from a generator, as from ``QuerySet.iterator``; the
    full 100,000-row run with time and memory is ``bench/export.py``)."""
    small = _peak(fmt, tmp_path / f"klein.{fmt}", 2_000)
    big_file = tmp_path / f"gross.{fmt}"
    big = _peak(fmt, big_file, 16_000)
    # 8 times the rows: the peak grows by less than half (buffers, not rows)
    assert big < small * 1.5, (small, big)
    # the data: the CSV of 16,000 rows is about 0.8 MB of text, the XLSX (a zip of about 0.4 MB)
    # holds a few MB of sheet XML; the peak stays below a fifth of it either way
    if fmt == "csv":
        data = big_file.stat().st_size
    else:
        data = sum(entry.file_size for entry in zipfile.ZipFile(big_file).infolist())
    assert big < data / 5, (big, data)
