"""The one rule that ends a volunteer, seen from the bottom layer (issue 10 §1): the volunteer side
asks matching only through its providers; their defaults mean "no matches"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD
from wegbegleitung.models import AuditEvent, Wegbegleiter
from wegbegleitung.notifications import providers
from wegbegleitung.services.account import wegbegleiter_delete_account
from wegbegleitung.services.volunteer_exit import wegbegleiter_exit_complete
from wegbegleitung.services.volunteer_path import TransitionRefused, wegbegleiter_transition

S = Wegbegleiter.Status
NAMES = ("end_matches_of_wegbegleiter", "running_match_count")


@contextmanager
def matching_says(running: int) -> Iterator[list[int]]:
    """Stands in for matching: ``running`` matches run; records whom it was asked about."""
    asked: list[int] = []

    def end(*, acting_user: Any, wegbegleiter_id: int) -> providers.MatchesEnded:
        asked.append(wegbegleiter_id)
        return providers.MatchesEnded(withdrawn=0, ending=running)

    with (
        providers.override("end_matches_of_wegbegleiter", end),
        providers.override("running_match_count", lambda wegbegleiter_id: running),
    ):
        yield asked


@contextmanager
def without_matching() -> Iterator[None]:
    saved = {name: providers._registered.pop(name, None) for name in NAMES}
    try:
        yield
    finally:
        for name, function in saved.items():
            if function is not None:
                providers.register(name, function)


def test_defaults_mean_no_matches(vera):
    with without_matching():
        assert providers.running_match_count(vera.pk) == 0
        ended = providers.end_matches_of_wegbegleiter(acting_user=None, wegbegleiter_id=vera.pk)
        assert ended == providers.MatchesEnded(withdrawn=0, ending=0)


def test_without_matches_leaving_completes_at_once(vera):
    Wegbegleiter.objects.filter(pk=vera.pk).update(status=S.VERFUEGBAR)
    with without_matching():
        wegbegleiter_transition(acting_user=vera.user, wegbegleiter=vera, action="leave")
    vera.refresh_from_db()
    assert vera.status == S.AUSGESCHIEDEN and vera.activity_ended_on == timezone.localdate()
    assert not vera.exit_pending


@pytest.mark.parametrize("action", ["leave", "decline"])
def test_while_a_match_runs_the_step_waits_and_is_audited(vera, alice, action):
    start = S.IN_PRUEFUNG if action == "decline" else S.VERFUEGBAR
    Wegbegleiter.objects.filter(pk=vera.pk).update(status=start)
    with matching_says(running=1) as asked:
        wegbegleiter_transition(
            acting_user=alice, wegbegleiter=vera, action=action, reason="im Gespräch"
        )
    vera.refresh_from_db()
    assert asked == [vera.pk]
    assert vera.status == start and vera.activity_ended_on is None
    assert vera.exit_requested == action and vera.exit_requested_by == alice
    assert vera.exit_reason == "im Gespräch"
    event = AuditEvent.objects.get(action="wegbegleiter.exit_request")
    assert event.details["step"] == action and "im Gespräch" not in str(event.details)
    assert not vera.entscheidungen.exists()  # the decline takes effect after the farewell

    with matching_says(running=1):  # the farewell has not happened yet
        assert not wegbegleiter_exit_complete(acting_user=alice, wegbegleiter_id=vera.pk)
    with matching_says(running=0):
        assert wegbegleiter_exit_complete(acting_user=alice, wegbegleiter_id=vera.pk)
    vera.refresh_from_db()
    assert vera.status == (S.ABGELEHNT if action == "decline" else S.AUSGESCHIEDEN)
    assert not vera.exit_pending
    if action == "decline":
        assert vera.entscheidungen.get().decided_by == alice


def test_a_pending_leave_refuses_a_second_one_with_a_message(vera, alice):
    Wegbegleiter.objects.filter(pk=vera.pk).update(status=S.VERFUEGBAR)
    with matching_says(running=1):
        wegbegleiter_transition(acting_user=vera.user, wegbegleiter=vera, action="leave")
        with pytest.raises(TransitionRefused, match="bereits"):
            wegbegleiter_transition(
                acting_user=alice, wegbegleiter=vera, action="leave", reason="doppelt"
            )
    vera.refresh_from_db()
    assert vera.exit_requested_by == vera.user


def test_account_deletion_waits_while_a_match_runs(vera):
    Wegbegleiter.objects.filter(pk=vera.pk).update(status=S.VERFUEGBAR)
    with matching_says(running=1):
        assert not wegbegleiter_delete_account(acting_user=vera.user, wegbegleiter=vera)
    vera.refresh_from_db()
    vera.user.refresh_from_db()
    assert vera.user.is_active and vera.user.email == "vera@example.org"
    assert vera.exit_requested == "delete_account"
    with matching_says(running=0):
        assert wegbegleiter_exit_complete(acting_user=vera.user, wegbegleiter_id=vera.pk)
    vera.user.refresh_from_db()
    assert not vera.user.is_active and vera.user.email.endswith("@invalid.invalid")


def test_portal_deletion_without_matches_still_logs_out_at_once(client, vera):
    client.force_login(vera.user)
    with without_matching():
        response = client.post(reverse("portal:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    vera.user.refresh_from_db()
    assert not vera.user.is_active
