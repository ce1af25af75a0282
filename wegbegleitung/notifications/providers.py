"""What the notification machinery needs from apps that are built later (matching).

Each provider returns "nothing" until an app registers a real one from its ``AppConfig.ready()``:

    from wegbegleitung.notifications import providers
    providers.register("active_match_wegbegleiter_ids", my_function)

- ``active_match_wegbegleiter_ids(day) -> set[int]``: volunteers in an active match on ``day``;
- ``mentors_of_jugendliche(jugendliche_ids, day) -> dict[int, int]``: young person -> volunteer of
  their active match;
- ``matches_needing_attention(region_ids, day) -> list[AttentionItem]``: for the weekly digest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class AttentionItem:
    region_id: int
    label: str
    reason: str
    url: str


def _no_active_matches(day: date) -> set[int]:
    return set()


def _no_mentors(jugendliche_ids: Iterable[int], day: date) -> dict[int, int]:
    return {}


def _no_matches(region_ids: Iterable[int], day: date) -> list[AttentionItem]:
    return []


_DEFAULTS: dict[str, Callable[..., Any]] = {
    "active_match_wegbegleiter_ids": _no_active_matches,
    "mentors_of_jugendliche": _no_mentors,
    "matches_needing_attention": _no_matches,
}
_registered: dict[str, Callable[..., Any]] = {}


def register(name: str, function: Callable[..., Any]) -> None:
    if name not in _DEFAULTS:
        raise KeyError(f"unknown provider {name!r}")
    _registered[name] = function


def unregister(name: str) -> None:
    _registered.pop(name, None)


@contextmanager
def override(name: str, function: Callable[..., Any]) -> Iterator[None]:
    """Use ``function`` for a while (tests), then restore what was registered before."""
    if name not in _DEFAULTS:
        raise KeyError(f"unknown provider {name!r}")
    before = _registered.get(name)
    _registered[name] = function
    try:
        yield
    finally:
        if before is None:
            _registered.pop(name, None)
        else:
            _registered[name] = before


def _get(name: str) -> Callable[..., Any]:
    return _registered.get(name, _DEFAULTS[name])


def active_match_wegbegleiter_ids(day: date) -> set[int]:
    return set(_get("active_match_wegbegleiter_ids")(day))


def mentors_of_jugendliche(jugendliche_ids: Iterable[int], day: date) -> dict[int, int]:
    return dict(_get("mentors_of_jugendliche")(list(jugendliche_ids), day))


def matches_needing_attention(region_ids: Iterable[int], day: date) -> list[AttentionItem]:
    return list(_get("matches_needing_attention")(list(region_ids), day))
