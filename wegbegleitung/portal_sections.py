"""Sections of the volunteer's portal start contributed by apps built above (e.g. the study).

An app registers ``provider(wegbegleiter_id, day) -> PortalSection | None`` from its
``AppConfig.ready()``; the portal start renders each section's template with its context, after
the volunteer's match. Without registered providers the start shows none. A provider must answer
in a fixed number of queries, whatever the volunteer's history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class PortalSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    # a link for the portal's navigation (label, url); empty: none
    nav: tuple[str, str] | None = None


Provider = Callable[[int, date], PortalSection | None]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def unregister(name: str) -> None:
    _PROVIDERS.pop(name, None)


def sections_for(wegbegleiter_id: int, day: date) -> list[PortalSection]:
    found = [provider(wegbegleiter_id, day) for provider in _PROVIDERS.values()]
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
