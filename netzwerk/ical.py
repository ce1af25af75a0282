"""One event as an iCalendar file (RFC 5545): a VCALENDAR with one VEVENT.

Small enough to write by hand instead of adding a library: text values are escaped (backslash,
semicolon, comma, line breaks; §3.3.11), times are UTC (``…Z``, §3.3.5), and every content line is
folded at 75 octets without splitting a UTF-8 character (§3.1); lines end with CRLF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Termin:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets; continuations start with a space."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1  # the leading space counts
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def calendar(termin: Termin, *, stamp: datetime, prodid: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{termin.uid}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(termin.start)}",
        f"DTEND:{utc(termin.end)}",
        f"SUMMARY:{escape(termin.summary)}",
    ]
    if termin.location:
        lines.append(f"LOCATION:{escape(termin.location)}")
    if termin.description:
        lines.append(f"DESCRIPTION:{escape(termin.description)}")
    if termin.url:
        lines.append(f"URL:{termin.url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
