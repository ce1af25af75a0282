"""When the mentor ends: a volunteer never silently leaves a child (issue 10 §1).

Rules:
- the volunteer side (``wegbegleitung.services.volunteer_exit``) asks through the provider
  ``end_matches_of_wegbegleiter`` inside its own transaction, for every step that ends a
  volunteer: leaving (portal or coordinator), a coordinator's decline, the account deletion;
- a match that has not started (proposed, introduction, agreement) is withdrawn at once: it is
  "declined" with the reason that the mentor left, and its request goes back to "open", so the
  young person waits for a mentor again;
- a running match (active, care-leaver phase, paused) becomes "ending requested". It still runs
  (diary entries for the farewell meetings, support contacts, reminders) and leaves that state
  only by the closure (``records.begleitung_close``), with which the coordinator plans the
  farewell and the exit conversations; ``ending_from`` keeps where it stood;
- the region's coordinators and, while the facility is a party (not after the move-out, not in
  the care-leaver phase; §§ 41, 41a SGB VIII), the facility's staff are told after commit
  (notice kind ``match_ending``, safeguarding-critical). Every step is audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from einrichtungen.services.jugendliche import anfrage_reopen
from matching.models import Begleitung
from wegbegleitung import outbox
from wegbegleitung.models import User
from wegbegleitung.notifications.providers import MatchesEnded
from wegbegleitung.services.audit import audit_log

if TYPE_CHECKING:  # django-stubs is a development dependency, not in the image
    from django_stubs_ext import StrOrPromise

S = Begleitung.Status
NOT_STARTED = (S.VORGESCHLAGEN, S.KENNENLERNEN, S.VEREINBARUNG)
WITHDRAWN = "zurueckgezogen"
ENDING = "ende_angefragt"
WITHDRAWN_REASON = gettext_lazy("The mentor left before the match started.")
ENDING_REASON = gettext_lazy("The mentor asked to end the match.")


def begleitungen_end_for_wegbegleiter(*, acting_user: User, wegbegleiter_id: int) -> MatchesEnded:
    """The provider behind ``providers.end_matches_of_wegbegleiter`` (the caller holds the
    transaction and the lock on the volunteer row)."""
    rows = list(
        Begleitung.objects.select_for_update(of=("self",))
        .select_related("anfrage")
        .filter(wegbegleiter_id=wegbegleiter_id, status__in=Begleitung.OPEN_STATES)
        .order_by("pk")
    )
    withdrawn = [b for b in rows if b.status in NOT_STARTED]
    running = [b for b in rows if b.status not in NOT_STARTED]
    for begleitung in withdrawn:
        _withdraw(acting_user, begleitung)
    for begleitung in running:
        if begleitung.status != S.ENDE_ANGEFRAGT:  # asked before: told already
            _request_end(acting_user, begleitung)
    return MatchesEnded(withdrawn=len(withdrawn), ending=len(running))


def running_count(wegbegleiter_id: int) -> int:
    return Begleitung.objects.filter(
        wegbegleiter_id=wegbegleiter_id, status__in=Begleitung.OPEN_STATES
    ).count()


def _reason(text: StrOrPromise) -> str:
    # stored for the coordinators, in the platform's language
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _withdraw(acting_user: User, begleitung: Begleitung) -> None:
    source = begleitung.status
    begleitung.status, begleitung.status_since = S.ABGELEHNT, timezone.now()
    begleitung.status_reason = _reason(WITHDRAWN_REASON)
    begleitung.ended_on = timezone.localdate()
    begleitung.save(update_fields=["status", "status_since", "status_reason", "ended_on"])
    if begleitung.anfrage is not None:
        anfrage_reopen(acting_user=acting_user, anfrage=begleitung.anfrage)
    _done(acting_user, begleitung, "begleitung.withdraw", source, WITHDRAWN)


def _request_end(acting_user: User, begleitung: Begleitung) -> None:
    source = begleitung.status
    begleitung.ending_from = source
    begleitung.status, begleitung.status_since = S.ENDE_ANGEFRAGT, timezone.now()
    begleitung.status_reason = _reason(ENDING_REASON)
    begleitung.save(update_fields=["status", "status_since", "status_reason", "ending_from"])
    _done(acting_user, begleitung, "begleitung.request_end", source, ENDING)


def _done(
    acting_user: User, begleitung: Begleitung, action: str, source: str, outcome: str
) -> None:
    from matching.tasks import notify_match_ending

    audit_log(
        actor=acting_user,
        action=action,
        obj=begleitung,
        details={"from": source, "to": begleitung.status},
    )
    outbox.enqueue(notify_match_ending, begleitung.pk, outcome)
