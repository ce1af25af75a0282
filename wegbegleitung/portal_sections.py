"""What apps built above add to the volunteer's portal start: a section, a link, or both.

The portal start lives here, below the apps that offer volunteers their own pages (the study in
``forschung``, the certificate of engagement in ``nachweise``). Such an app registers
``provider(wegbegleiter, day) -> PortalSection | None`` from its ``AppConfig.ready()``; the start
page shows each section's link in its navigation and renders its template (if any) after the
volunteer's match. Without registered providers the start shows none. A provider gets the
volunteer row the page already holds and must answer in a fixed number of queries, whatever the
volunteer's history (none at all when it only decides whether to show a link).

The start page is remembered as rendered HTML until anything is written (``portal_views.start``):
a section's template is rendered from its ``context`` alone, once, and must not depend on the
request or the time of day (no ``{% csrf_token %}``, no form, no "now"); a section that needs
them links to a page of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from wegbegleitung.models import Wegbegleiter


@dataclass(frozen=True)
class PortalSection:
    key: str
    # the part of the start page; None: only the link
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    # a link for the portal's navigation (label, url); None: none
    nav: tuple[str | Promise, str] | None = None


Provider = Callable[["Wegbegleiter", date], PortalSection | None]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def unregister(name: str) -> None:
    _PROVIDERS.pop(name, None)


def sections_for(wegbegleiter: Wegbegleiter, day: date) -> list[PortalSection]:
    found = [provider(wegbegleiter, day) for provider in _PROVIDERS.values()]
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
