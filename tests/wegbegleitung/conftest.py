from __future__ import annotations

from typing import Any

import pytest

from tests.wegbegleitung.data_subject_scene import designed  # noqa: F401 - the data-subject tests' scene
from tests.wegbegleitung.factories import make_volunteer


@pytest.fixture
def vera(volunteer: Any) -> Any:
    """The volunteer of the fixed cast, as her Wegbegleiter record (region A)."""
    return volunteer.wegbegleiter


@pytest.fixture
def victor(region_a: Any) -> Any:
    """Another volunteer of region A: vera must never see his data."""
    return make_volunteer(region_a, email="victor@example.org")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Many users per test here; the slow production hasher adds nothing to what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def active_matches() -> Any:
    """Stands in for the matching app: ``active_matches.set({wegbegleiter ids})`` and
    ``active_matches.mentor(jugendliche_id, wegbegleiter_id)`` design the matches of a test."""
    from wegbegleitung.notifications import providers

    class Matches:
        def __init__(self) -> None:
            self.ids: set[int] = set()
            self.mentors: dict[int, int] = {}

        def set(self, ids: set[int]) -> None:
            self.ids = set(ids)

        def mentor(self, jugendliche_id: int, wegbegleiter_id: int) -> None:
            self.mentors[jugendliche_id] = wegbegleiter_id
            self.ids.add(wegbegleiter_id)

    matches = Matches()
    with (
        providers.override("active_match_wegbegleiter_ids", lambda day: matches.ids),
        providers.override(
            "mentors_of_jugendliche",
            lambda ids, day: {j: w for j, w in matches.mentors.items() if j in set(ids)},
        ),
    ):
        yield matches
