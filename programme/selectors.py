"""Reads of the programmes for choosers and filters: few rows, read once per request.

A chooser or a list filter with one choice is noise, so the pages show the programme only when
the association runs more than one (``several``). The rows a page filters to are chosen by id
from the query string (``?programm=<id>``); an id that is not a programme means "all".
"""

from __future__ import annotations

from typing import Any

from programme.models import Programm

PARAMETER = "programm"
_CACHE_ATTRIBUTE = "_wb_programme"


def programme_list() -> list[Programm]:
    return list(Programm.objects.order_by("-standard", "name"))


def programme_for(request: Any) -> list[Programm]:
    """The programmes, read once per request (the filter, the column and the chooser share it)."""
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = programme_list()
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def several(programmes: list[Programm]) -> bool:
    return len(programmes) > 1


def chosen(programmes: list[Programm], raw: Any) -> Programm | None:
    """The programme named by ``raw`` (an id from the query string), or None for all."""
    text = str(raw or "").strip()
    if not text.isdigit():
        return None
    return next((p for p in programmes if p.pk == int(text)), None)
