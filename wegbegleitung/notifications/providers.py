"""What the notification machinery needs from apps that are built later (matching).

Each provider returns "nothing" until an app registers a real one from its ``AppConfig.ready()``:

    from wegbegleitung.notifications import providers
    providers.register("active_match_wegbegleiter_ids", my_function)

- ``active_match_wegbegleiter_ids(day) -> set[int]``: volunteers in an active match on ``day``;
- ``mentors_of_jugendliche(jugendliche_ids, day) -> dict[int, int]``: young person -> volunteer of
  their active match;
- ``matches_needing_attention(region_ids, day) -> list[AttentionItem]``: for the weekly digest;
- ``active_match_programme_ids(day, wegbegleiter) -> QuerySet | None``: the programmes of the
  active matches on ``day`` of the volunteer ``wegbegleiter`` (an outer reference), as a subquery
  (their supervision interval is the shortest of these; without an answer, of the programmes
  they serve in), so a list can weigh every volunteer of a region in the database.
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


def _no_match_programme_ids(day: date, wegbegleiter: Any) -> Any:
    return None


_DEFAULTS: dict[str, Callable[..., Any]] = {
    "active_match_programme_ids": _no_match_programme_ids,
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


def active_match_programme_ids(day: date, wegbegleiter: Any) -> Any:
    """A subquery of programme ids (``wegbegleiter``: an outer reference), None without
    matching."""
    return _get("active_match_programme_ids")(day, wegbegleiter)


def mentors_of_jugendliche(jugendliche_ids: Iterable[int], day: date) -> dict[int, int]:
    return dict(_get("mentors_of_jugendliche")(list(jugendliche_ids), day))


def matches_needing_attention(region_ids: Iterable[int], day: date) -> list[AttentionItem]:
    return list(_get("matches_needing_attention")(list(region_ids), day))


# --- a volunteer ends: what becomes of their matches (issue 10 §1) -------------------------------
# The volunteer side (services.volunteer_exit) asks matching before a volunteer leaves, is
# declined or deletes their account. Without matching there are no matches: nothing to end.


@dataclass(frozen=True)
class MatchesEnded:
    withdrawn: int  # not started yet: withdrawn at once, the request waits for a mentor again
    ending: int  # running: "ending requested", the coordinator plans the farewell


def _no_matches_to_end(*, acting_user: Any, wegbegleiter_id: int) -> MatchesEnded:
    return MatchesEnded(withdrawn=0, ending=0)


def _no_running_matches(wegbegleiter_id: int) -> int:
    return 0


_DEFAULTS["end_matches_of_wegbegleiter"] = _no_matches_to_end
_DEFAULTS["running_match_count"] = _no_running_matches


def end_matches_of_wegbegleiter(*, acting_user: Any, wegbegleiter_id: int) -> MatchesEnded:
    """Withdraw the volunteer's matches that have not started and mark the running ones "ending
    requested", telling coordinators and facilities after commit (inside the caller's
    transaction)."""
    result = _get("end_matches_of_wegbegleiter")(
        acting_user=acting_user, wegbegleiter_id=wegbegleiter_id
    )
    return MatchesEnded(withdrawn=result.withdrawn, ending=result.ending)


def running_match_count(wegbegleiter_id: int) -> int:
    """How many of the volunteer's matches still run (any open match)."""
    return int(_get("running_match_count")(wegbegleiter_id))


# --- the volunteer's portal start shows their match first (issue 11 §5) -------------------------
# The portal (this app) renders what matching tells it; without matching there is no match.


@dataclass(frozen=True)
class PortalMatch:
    first_name: str  # empty when the volunteer may not see the young person's details
    status_label: str
    running: bool  # begun and not closed: the volunteer reads as "in a match"
    paused: bool  # contact suspended after a concern: no meetings, no "log a meeting"
    ending: bool  # ending requested: the farewell is being planned
    care_leaver: bool
    last_meeting: date | None
    next_meeting_by: date | None  # from the agreed frequency
    log_url: str  # empty when no meeting can be logged now
    portal_url: str
    due: tuple[str, ...] = ()


def _no_portal_matches(wegbegleiter_id: int, day: date) -> list[PortalMatch]:
    return []


_DEFAULTS["portal_matches"] = _no_portal_matches


def portal_matches(wegbegleiter_id: int, day: date) -> list[PortalMatch]:
    """The volunteer's open matches as the portal start shows them, running ones first."""
    return list(_get("portal_matches")(wegbegleiter_id, day))
