"""Whether today's reminder run has already found everything (issue 13: a second run of the day
that finds nothing new must cost next to nothing).

What is due on a day depends only on that day and on the data. So a complete run of day D is
remembered in the cache with the data's generation (``wegbegleitung.data_generation``: a token
that changes on every write). A later run of day D with the same generation returns the
remembered result without asking the database; after any write it runs in full, so a new due
item on the same day is still found. Without a cache every run is a full one.
"""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from wegbegleitung.data_generation import data_changed, generation

__all__ = ["data_changed", "generation", "remember", "result_of"]

DONE_KEY = "reminders:done"
DAY = 60 * 60 * 24


def result_of(day: date, current: str | None) -> dict[str, int] | None:
    """The remembered result of a complete run of ``day`` with the same data, if any."""
    done = cache.get(DONE_KEY)
    if current is None or not isinstance(done, dict):
        return None
    if done.get("day") != day.isoformat() or done.get("generation") != current:
        return None
    return dict(done["result"])


def remember(day: date, current: str | None, result: dict[str, int]) -> None:
    if current is not None:
        done = {"day": day.isoformat(), "generation": current, "result": result}
        cache.set(DONE_KEY, done, timeout=2 * DAY)
