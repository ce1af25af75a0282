"""Designed files: valid, invalid and duplicate rows per kind, as CSV or XLSX bytes."""

from __future__ import annotations

import io

from openpyxl import Workbook


def csv_bytes(lines: list[list[str]], *, delimiter: str = ";", bom: bool = False) -> bytes:
    text = "\r\n".join(delimiter.join(line) for line in lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def xlsx_bytes(lines: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VOLUNTEERS = [
    ["E-Mail", "Vorname", "Nachname", "Telefon", "PLZ", "Ort", "Stufe"],
    [
        "anna@example.org",
        "Anna",
        "Arendt",
        "0151 1111",
        "60311",
        "Frankfurt",
        "interessent",
    ],  # 2 ok
    ["ben@example.org", "Ben", "Brandt", "", "60313", "Frankfurt", "verfügbar"],  # 3 ok, screening
    ["kein-email", "Carl", "Cramer", "", "", "", ""],  # 4 not an email
    ["ANNA@example.org", "Anna", "Arendt", "", "", "", ""],  # 5 same as line 2
    ["dora@example.org", "Dora", "Dahl", "", "", "", "ausgeschieden"],  # 6 former: not imported
    ["vera@example.org", "Vera", "Vorhanden", "", "", "", ""],  # 7 already a volunteer in A
    ["emil@example.org", '=HYPERLINK("x")', "Ernst", "", "", "", ""],  # 8 ok, formula as text
    ["=1+1", "Fritz", "Fuchs", "", "", "", ""],  # 9 not an email (formula-looking)
    ["gina@example.org", "Gina", "", "", "", "", ""],  # 10 surname missing
    ["hans@example.org", "Hans", "Hahn", "", "", "", "chef"],  # 11 unknown stage
    ["staff-a@example.org", "Ida", "Iser", "", "", "", ""],  # 12 email of another account
]

FACILITIES = [
    ["Name", "Träger", "Art", "Straße", "PLZ", "Ort", "Ansprechperson", "E-Mail Ansprechperson",
     "Telefon Ansprechperson"],
    ["Haus Birke", "", "wohngruppe", "Birkenweg 1", "60311", "Frankfurt", "", "", ""],  # 2 ok
    ["Haus Eiche", "Jugendhilfe Süd", "Heim", "", "60313", "Frankfurt", "", "", ""],  # 3 new provider
    ["Haus Birke", "", "", "", "60311", "", "", "", ""],  # 4 same as line 2
    ["Haus Kurz", "", "", "", "123", "", "", "", ""],  # 5 postal code too short
    ["Haus Zelt", "", "zelt", "", "60314", "", "", "", ""],  # 6 unknown type
    ["Wohngruppe Lindenhof", "", "", "", "", "", "", "", ""],  # 7 already there (fixture)
    ["", "", "", "", "60315", "", "", "", ""],  # 8 no name
]  # fmt: skip

YOUNG = [
    ["Einrichtung", "Einrichtung PLZ", "Vorname", "Geburtsmonat", "Geburtsjahr", "Geschlecht",
     "Sprachen"],
    ["Wohngruppe Lindenhof", "", "Sam", "4", "2010", "", "Deutsch"],  # 2 ok
    ["Wohngruppe Lindenhof", "60311", "Noa", "11", "2012", "weiblich", ""],  # 3 ok
    ["Wohngruppe Lindenhof", "", "sam", "04", "2010", "", ""],  # 4 same as line 2
    ["Haus Unbekannt", "", "Lou", "1", "2011", "", ""],  # 5 no such facility
    ["Wohngruppe Lindenhof", "", "Kim", "13", "2011", "", ""],  # 6 month 13
    ["Wohngruppe Lindenhof", "", "Alt", "1", "1980", "", ""],  # 7 older than 27
    ["Haus am See", "", "Mo", "1", "2011", "", ""],  # 8 facility of region B
    ["Wohngruppe Lindenhof", "", "Noa", "11", "2012", "", ""],  # 9 line 3, without postal code
]  # fmt: skip
