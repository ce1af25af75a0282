"""Refused attempts to open a concern (§ 8a SGB VIII) are logged, so the leads see who tried.

Rules (DOMAIN.md "Safeguarding": "Attempts by anyone else to open a report are refused and
logged"):
- every concern URL (the admin's list, change, history and delete pages, the staff list and the
  workflow page) answers a logged-in user who may not open it with 403 and writes one audit
  event: who, where, which concern id (or the list), when;
- 403 rather than 404: the answer is the same for an existing and a made-up id (the check runs
  before any lookup for everyone without the child-protection role), so it reveals nothing,
  and the person learns plainly that the page is not theirs;
- anonymous visitors are sent to the login page and not logged: there is nobody to name, and
  robots would fill the trail;
- the event names ids and places, never what was reported.
"""

from __future__ import annotations

from schutzkonzept.models import MELDUNG_ACCESS_REFUSED, Meldung
from wegbegleitung.models import AuditEvent, User
from wegbegleitung.services.audit import audit_log

ACCESS_REFUSED = MELDUNG_ACCESS_REFUSED


def meldung_access_refused(
    *, acting_user: User, where: str, meldung_id: int | str | None = None
) -> AuditEvent:
    """Record a refused opening; ``meldung_id`` None is a list page."""
    pk = _as_pk(meldung_id)
    # an unsaved instance only carries the record type and id into the trail; the concern may
    # not even exist (a guessed id), which is itself worth recording
    obj = Meldung(pk=pk) if pk is not None else None
    details: dict[str, str] = {"where": where}
    if meldung_id is not None and pk is None:
        details["asked_for"] = str(meldung_id)[:64]
    return audit_log(actor=acting_user, action=ACCESS_REFUSED, obj=obj, details=details)


def _as_pk(meldung_id: int | str | None) -> int | None:
    if meldung_id is None:
        return None
    text = str(meldung_id)
    return int(text) if text.isdigit() and len(text) < 19 else None
