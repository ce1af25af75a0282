"""Everything the platform holds about one person, gathered from every app (GDPR Art. 15, 20).

The registry lives in the lowest layer so that the apps above answer for their own records:
each app registers ``collector(subject) -> list[Section]`` from its ``AppConfig.ready()`` (in
``<app>/personal_data.py``). A subject is a volunteer or a young person; a collector returns the
sections it holds about that subject (none when it holds nothing) and nothing about anyone else:
no names of staff, of the young person in a volunteer's match, of the volunteer in a young
person's match. Apps added later register theirs the same way; the download shows every
registered collector's sections, and a test checks each registered name appears.

The download is small (a person's records, a few hundred rows at most), so the JSON and the
PDF are produced in the request; the PDF renderer comes from the safeguarding app's PDF helpers
(``register_pdf_renderer``), which this layer may not import.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext


class Kind(StrEnum):
    WEGBEGLEITER = "wegbegleiter"
    JUGENDLICHE = "jugendliche"
    # an account without a volunteer record: facility staff, coordinators, leads (``pk`` of User)
    NUTZER = "nutzer"


@dataclass(frozen=True)
class Subject:
    """Whose data: a volunteer (``pk`` of Wegbegleiter), a young person (of Jugendliche) or
    another account (of User: staff, coordinators)."""

    kind: Kind
    pk: int


@dataclass(frozen=True)
class Record:
    """One stored record as (label, value) pairs, values already readable text."""

    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    records: list[Record] = field(default_factory=list)


Collector = Callable[[Subject], list[Section]]
_COLLECTORS: dict[str, Collector] = {}


def register(name: str, collector: Collector) -> None:
    _COLLECTORS[name] = collector


def unregister(name: str) -> None:
    _COLLECTORS.pop(name, None)


def registered() -> list[str]:
    return list(_COLLECTORS)


@dataclass(frozen=True)
class Report:
    subject: Subject
    created_at: datetime.datetime
    sources: dict[str, list[Section]]


def collect(subject: Subject, *, omit: frozenset[str] = frozenset()) -> Report:
    """Every registered app's sections about ``subject`` (a fixed number of queries per app),
    without the sections whose key is in ``omit``."""
    sources = {
        name: [s for s in collector(subject) if s.key not in omit]
        for name, collector in _COLLECTORS.items()
    }
    return Report(subject=subject, created_at=timezone.now(), sources=sources)


def as_json(report: Report) -> dict[str, Any]:
    """The portable form (Art. 20): per app, per section, the records as label → value."""
    return {
        "subject": {"kind": str(report.subject.kind), "id": report.subject.pk},
        "created_at": report.created_at.isoformat(),
        "sources": {
            name: [
                {
                    "key": section.key,
                    "title": str(section.title),
                    "records": [dict(record.fields) for record in section.records],
                }
                for section in sections
            ]
            for name, sections in report.sources.items()
        },
    }


# --- helpers for collectors -----------------------------------------------------------------


def readable(value: Any) -> str:
    """A stored value as a person reads it (German dates, yes/no)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d.%m.%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, decimal.Decimal | int | float):
        return str(value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {readable(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(readable(item) for item in value)
    return str(value)


def model_record(
    obj: models.Model, *, exclude: Sequence[str] = (), include: Sequence[str] = ()
) -> Record:
    """The concrete non-relation fields of ``obj`` with their verbose names (choices shown as
    their labels). Relations are left out: they point at other people or internal rows; a
    collector names a related fact it may tell via ``include`` (``field`` or ``fk__field``)."""
    pairs: list[tuple[str, str]] = []
    for f in obj._meta.concrete_fields:
        if f.is_relation or f.primary_key or f.name in exclude:
            continue
        display = getattr(obj, f"get_{f.name}_display", None)
        value = display() if f.choices and display is not None else getattr(obj, f.attname)
        pairs.append((str(f.verbose_name), readable(value)))
    for path in include:
        label, value = _follow(obj, path)
        pairs.append((label, readable(value)))
    return Record(tuple(pairs))


def _follow(obj: Any, path: str) -> tuple[str, Any]:
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return path, None
    label = str(obj._meta.get_field(last).verbose_name)
    display = getattr(obj, f"get_{last}_display", None)
    return label, display() if display is not None else getattr(obj, last)


def section(
    key: str, title: str | Promise, objects: Iterable[models.Model], **options: Any
) -> Section:
    return Section(key, title, [model_record(obj, **options) for obj in objects])


# --- the PDF renderer (registered by the safeguarding app's PDF helpers) ---------------------

PdfRenderer = Callable[[str, dict[str, Any]], bytes]
_PDF: list[PdfRenderer] = []


def register_pdf_renderer(renderer: PdfRenderer) -> None:
    _PDF[:] = [renderer]


def render_pdf(report: Report, *, name: str) -> bytes:
    if not _PDF:
        raise RuntimeError("no PDF renderer registered (schutzkonzept registers it)")
    return _PDF[0]("wegbegleitung/personal_data.html", {"report": report, "name": name})
