"""Links of higher apps on the volunteer's portal start, registered from their ``ready()``.

The portal start lives here, below the apps that offer volunteers their own pages (e.g. the
certificate of engagement in ``nachweise``). Such an app registers a link with a test of whom it
is for; the start page shows the links whose test passes. The tests read only the volunteer row
the page already has (no query), so the page's query count does not grow with the links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from wegbegleitung.models import Wegbegleiter


@dataclass(frozen=True)
class PortalLink:
    key: str
    label: str | Promise
    url_name: str
    visible: Callable[[Wegbegleiter], bool]


LINKS: dict[str, PortalLink] = {}


def register_link(
    key: str, label: str | Promise, url_name: str, visible: Callable[[Wegbegleiter], bool]
) -> None:
    LINKS[key] = PortalLink(key, label, url_name, visible)


def links_for(wegbegleiter: Wegbegleiter) -> list[tuple[str, str, str]]:
    """(key, label, url) of the links this volunteer sees, in the order they were registered."""
    return [
        (link.key, str(link.label), reverse(link.url_name))
        for link in LINKS.values()
        if link.visible(wegbegleiter)
    ]
