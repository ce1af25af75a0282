"""Every allowed and every refused transition of the mentor's path, by each kind of actor."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.schutzkonzept.factories import (
    FuehrungszeugnisFactory,
    SchutzschulungFactory,
    make_cleared,
    make_kodex,
    sign,
)
from tests.wegbegleitung.factories import complete_application, make_volunteer, record_screening
from wegbegleitung.models import AuditEvent, Entscheidung, Wegbegleiter
from wegbegleitung.services.volunteer_path import (
    TRANSITIONS,
    TransitionRefused,
    allowed_actions,
    wegbegleiter_transition,
)

S = Wegbegleiter.Status
CASES = [(status, action) for status in S for action in TRANSITIONS]
EXPECTED_TARGET = {
    "submit": S.BEWORBEN, "start_screening": S.IN_PRUEFUNG, "accept": S.VERFUEGBAR,
    "defer": S.ZURUECKGESTELLT, "decline": S.ABGELEHNT, "pause": S.PAUSIERT,
    "resume": S.VERFUEGBAR, "leave": S.AUSGESCHIEDEN,
}  # fmt: skip
ALLOWED_FROM = {
    "submit": {S.INTERESSENT},
    "start_screening": {S.BEWORBEN, S.ZURUECKGESTELLT},
    "accept": {S.IN_PRUEFUNG},
    "defer": {S.BEWORBEN, S.IN_PRUEFUNG},
    "decline": {S.BEWORBEN, S.IN_PRUEFUNG, S.ZURUECKGESTELLT},
    "pause": {S.VERFUEGBAR},
    "resume": {S.PAUSIERT},
    "leave": set(S) - {S.ABGELEHNT, S.AUSGESCHIEDEN},
}


def _actor(action, wegbegleiter, alice):
    return wegbegleiter.user if action == "submit" else alice


@pytest.mark.parametrize(("status", "action"), CASES)
def test_each_transition_is_allowed_exactly_from_its_sources(status, action, alice):
    wegbegleiter = make_volunteer(alice.regions.get(), status=status)
    complete_application(wegbegleiter)
    record_screening(wegbegleiter, alice)
    make_cleared(wegbegleiter)
    before = Wegbegleiter.objects.get(pk=wegbegleiter.pk)
    actor = _actor(action, wegbegleiter, alice)
    if status in ALLOWED_FROM[action]:
        wegbegleiter_transition(
            acting_user=actor, wegbegleiter=wegbegleiter, action=action, reason="weil"
        )
        after = Wegbegleiter.objects.get(pk=wegbegleiter.pk)
        assert after.status == EXPECTED_TARGET[action]
        assert after.status_since > before.status_since
        assert AuditEvent.objects.filter(action=f"wegbegleiter.{action}").count() == 1
    else:
        with pytest.raises(TransitionRefused) as refused:
            wegbegleiter_transition(
                acting_user=actor, wegbegleiter=wegbegleiter, action=action, reason="weil"
            )
        assert "ist im Status" in refused.value.messages[0]
        after = Wegbegleiter.objects.get(pk=wegbegleiter.pk)
        assert (after.status, after.status_since) == (before.status, before.status_since)
        assert not AuditEvent.objects.filter(action=f"wegbegleiter.{action}").exists()


def test_allowed_actions_match_the_table(region_a):
    for status in S:
        wegbegleiter = make_volunteer(region_a, status=status)
        coordinator = {a for a in ALLOWED_FROM if status in ALLOWED_FROM[a] and a != "submit"}
        volunteer = {a for a in ("submit", "pause", "resume", "leave") if status in ALLOWED_FROM[a]}
        assert set(allowed_actions(wegbegleiter, as_volunteer=False)) == coordinator
        assert set(allowed_actions(wegbegleiter, as_volunteer=True)) == volunteer


def test_accept_is_refused_with_everything_that_is_missing(alice):
    wegbegleiter = make_volunteer(alice.regions.get(), status=S.IN_PRUEFUNG)
    with pytest.raises(TransitionRefused) as refused:
        wegbegleiter_transition(acting_user=alice, wegbegleiter=wegbegleiter, action="accept")
    message = refused.value.messages[0]
    for part in ("Erstgespräch", "Persönlich", "Beruflich", "2 Stunden", "Schutzkonzept"):
        assert part in message
    assert Wegbegleiter.objects.get(pk=wegbegleiter.pk).status == S.IN_PRUEFUNG
    assert not Entscheidung.objects.exists()


def test_accept_needs_clearance_even_when_screening_is_done(alice):
    wegbegleiter = make_volunteer(alice.regions.get(), status=S.IN_PRUEFUNG)
    record_screening(wegbegleiter, alice)
    FuehrungszeugnisFactory(wegbegleiter=wegbegleiter)
    SchutzschulungFactory(wegbegleiter=wegbegleiter)
    sign(wegbegleiter, make_kodex())
    make_kodex()  # a new version is published: the old signature no longer counts
    with pytest.raises(
        TransitionRefused, match="Schutzkonzept \\(Aktuellen Verhaltenskodex unterschrieben\\)"
    ):
        wegbegleiter_transition(acting_user=alice, wegbegleiter=wegbegleiter, action="accept")
    assert Wegbegleiter.objects.get(pk=wegbegleiter.pk).status == S.IN_PRUEFUNG


def test_accept_needs_the_training_minimum(alice):
    wegbegleiter = make_volunteer(alice.regions.get(), status=S.IN_PRUEFUNG)
    make_cleared(wegbegleiter)
    record_screening(wegbegleiter, alice, hours=Decimal(1))
    with pytest.raises(TransitionRefused, match="mindestens 2 Stunden Schulung") as refused:
        wegbegleiter_transition(acting_user=alice, wegbegleiter=wegbegleiter, action="accept")
    assert "Schutzkonzept" not in refused.value.messages[0]  # the real gate is satisfied


def test_accept_records_the_decision(alice):
    wegbegleiter = make_volunteer(alice.regions.get(), status=S.IN_PRUEFUNG)
    make_cleared(wegbegleiter)
    record_screening(wegbegleiter, alice)
    wegbegleiter_transition(acting_user=alice, wegbegleiter=wegbegleiter, action="accept")
    decision = Entscheidung.objects.get(wegbegleiter=wegbegleiter)
    assert (decision.outcome, decision.decided_by) == (Entscheidung.Outcome.ACCEPT, alice)


@pytest.mark.parametrize("action", ["defer", "decline", "pause", "leave"])
def test_coordinator_must_give_a_reason(action, alice):
    status = S.VERFUEGBAR if action == "pause" else S.IN_PRUEFUNG
    wegbegleiter = make_volunteer(alice.regions.get(), status=status)
    with pytest.raises(TransitionRefused, match="Begründung"):
        wegbegleiter_transition(acting_user=alice, wegbegleiter=wegbegleiter, action=action)
    assert Wegbegleiter.objects.get(pk=wegbegleiter.pk).status == status


def test_submit_refuses_an_incomplete_application(vera):
    with pytest.raises(TransitionRefused) as refused:
        wegbegleiter_transition(acting_user=vera.user, wegbegleiter=vera, action="submit")
    assert "Postleitzahl" in refused.value.messages[0]
    assert Wegbegleiter.objects.get(pk=vera.pk).status == S.INTERESSENT


def test_volunteer_pauses_resumes_and_leaves_without_reason(region_a):
    wegbegleiter = make_volunteer(region_a, status=S.VERFUEGBAR)
    for action, expected in [("pause", S.PAUSIERT), ("resume", S.VERFUEGBAR),
                             ("leave", S.AUSGESCHIEDEN)]:  # fmt: skip
        wegbegleiter_transition(
            acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter, action=action
        )
        assert Wegbegleiter.objects.get(pk=wegbegleiter.pk).status == expected


def test_leaving_starts_the_retention_clock(region_a):
    wegbegleiter = make_volunteer(region_a, status=S.BEWORBEN)
    wegbegleiter_transition(
        acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter, action="leave"
    )
    wegbegleiter.refresh_from_db()
    assert wegbegleiter.activity_ended_on == timezone.localdate()
    assert wegbegleiter.activity_started_on is None  # never took up the activity


@pytest.mark.parametrize("action", ["start_screening", "defer", "decline", "accept"])
def test_volunteer_cannot_take_coordinator_steps(action, region_a):
    wegbegleiter = make_volunteer(region_a, status=S.BEWORBEN)
    with pytest.raises(PermissionDenied):
        wegbegleiter_transition(
            acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter, action=action, reason="x"
        )
    assert Wegbegleiter.objects.get(pk=wegbegleiter.pk).status == S.BEWORBEN


def test_coordinator_of_another_region_is_refused(bob, region_a):
    wegbegleiter = make_volunteer(region_a, status=S.BEWORBEN)
    with pytest.raises(PermissionDenied):
        wegbegleiter_transition(
            acting_user=bob, wegbegleiter=wegbegleiter, action="start_screening"
        )
    assert Wegbegleiter.objects.get(pk=wegbegleiter.pk).status == S.BEWORBEN


def test_another_volunteer_cannot_act_for_someone(vera, victor):
    Wegbegleiter.objects.filter(pk=victor.pk).update(status=S.VERFUEGBAR)
    victor.refresh_from_db()
    with pytest.raises(PermissionDenied):
        wegbegleiter_transition(acting_user=vera.user, wegbegleiter=victor, action="pause")


def test_coordinator_cannot_submit_for_the_volunteer(alice, vera):
    complete_application(vera)
    with pytest.raises(PermissionDenied):
        wegbegleiter_transition(acting_user=alice, wegbegleiter=vera, action="submit")


def test_unknown_action_is_refused(vera):
    with pytest.raises(TransitionRefused):
        wegbegleiter_transition(acting_user=vera.user, wegbegleiter=vera, action="teleport")
