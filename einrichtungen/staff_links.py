"""Links that apps built above add to the staff area's navigation, for the users they serve.

The staff area lives here, below apps that offer facility staff pages of their own (the
cooperation network in ``netzwerk``). Such an app registers ``provider(user) -> (label, url) |
None`` from its ``AppConfig.ready()``; the start page shows the links the providers return, so a
member of staff never sees a link to a page that would refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise

Link = tuple[str | Promise, str]
Provider = Callable[[Any], Link | None]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def links_for(user: Any) -> list[Link]:
    found = (provider(user) for provider in _PROVIDERS.values())
    return [link for link in found if link is not None]
