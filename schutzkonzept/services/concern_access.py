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
- the event names ids and places, never what was reported;
- it also names the regions it concerns, so each region's child-protection lead sees only the
  attempts of her regions: the concern's region when the concern exists and has one, else the
  regions of the person who tried (their volunteer record, their facilities, their roles). An
  attempt that concerns no region (a concern without one, a person without any) is shown to every
  lead, as such concerns are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from einrichtungen.permissions import einrichtungen_for_staff
from schutzkonzept.models import MELDUNG_ACCESS_REFUSED, Meldung
from wegbegleitung.models import AuditEvent, User, Wegbegleiter
from wegbegleitung.permissions import region_ids_for
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
    details: dict[str, str] = {"where": where, "regionen": _region_key(_regions(acting_user, pk))}
    if meldung_id is not None and pk is None:
        details["asked_for"] = str(meldung_id)[:64]
    return audit_log(actor=acting_user, action=ACCESS_REFUSED, obj=obj, details=details)


def _regions(user: User, meldung_pk: int | None) -> set[int]:
    if meldung_pk is not None:
        region_id = Meldung.objects.filter(pk=meldung_pk).values_list("region_id", flat=True)
        found = list(region_id)
        if found and found[0] is not None:
            return {found[0]}
    regions = set(region_ids_for(user))
    regions.update(Wegbegleiter.objects.filter(user=user).values_list("region_id", flat=True))
    regions.update(einrichtungen_for_staff(user).values_list("region_id", flat=True))
    return regions


def _region_key(region_ids: Iterable[int]) -> str:
    """``|3|7|``: a text both PostgreSQL and SQLite can search for one region (``|3|``)."""
    ids = sorted(set(region_ids))
    return f"|{'|'.join(map(str, ids))}|" if ids else ""


def refused_in_regions_q(region_ids: Iterable[int] | None) -> Q:
    """The refused attempts a lead of ``region_ids`` reviews (None: every region)."""
    if region_ids is None:
        return Q()
    q = Q(details__regionen="") | Q(details__regionen__isnull=True)
    for region_id in region_ids:
        q |= Q(details__regionen__icontains=f"|{region_id}|")
    return q


def _as_pk(meldung_id: int | str | None) -> int | None:
    if meldung_id is None:
        return None
    text = str(meldung_id)
    return int(text) if text.isdigit() and len(text) < 19 else None
