"""The calendar file by hand (RFC 5545): escaping, UTC times, folding at 75 octets."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from netzwerk.ical import Termin, calendar, escape, fold

BERLIN = ZoneInfo("Europe/Berlin")


def test_text_is_escaped():
    assert escape("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "Grüße aus Köln " * 20
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_a_calendar_with_one_event_in_utc():
    start = datetime(2026, 12, 3, 18, 0, tzinfo=BERLIN)
    text = calendar(
        Termin("netzwerk-veranstaltung-7@example.org", start, start.replace(hour=21),
               "Deeskalation; Teil 1", "Saal 2, Bürgerhaus", "Bitte pünktlich.\nMit Pause."),
        stamp=datetime(2026, 11, 30, 12, 0, tzinfo=UTC), prodid="-//Test//DE",
    )  # fmt: skip
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "DTSTART:20261203T170000Z" in lines and "DTEND:20261203T200000Z" in lines
    assert "SUMMARY:Deeskalation\\; Teil 1" in lines
    assert "LOCATION:Saal 2\\, Bürgerhaus" in lines
    assert "DESCRIPTION:Bitte pünktlich.\\nMit Pause." in lines
    assert (
        "UID:netzwerk-veranstaltung-7@example.org" in lines and "DTSTAMP:20261130T120000Z" in lines
    )
    assert lines.index("BEGIN:VEVENT") < lines.index("END:VEVENT")
