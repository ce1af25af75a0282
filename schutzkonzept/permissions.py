"""Who may do what with safeguarding records: the one place views, admin and services ask.

- Coordinators (and child-protection leads) record inspections, trainings and letters for the
  volunteers of their own regions.
- A volunteer sees their own documents in the portal.
- Concerns (§ 8a SGB VIII) are seen only by the child-protection role, not by coordinators
  without it, and within that role only for their regions (a report without a region, such as
  one from the young people's form, goes to every child-protection lead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schutzkonzept.models import Antragsbestaetigung, Meldung, Unterzeichnung
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.permissions import has_perm, is_coordinator, region_ids_for
from wegbegleitung.roles import Role

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser

VIEW_MELDUNG = "schutzkonzept.view_meldung"
CHANGE_MELDUNG = "schutzkonzept.change_meldung"


def in_region_scope(user: AnyUser, region_id: int | None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return region_id is not None and region_id in region_ids_for(user)


def can_record_safeguarding(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    return has_perm(user, "schutzkonzept.add_fuehrungszeugnis") and in_region_scope(
        user, wegbegleiter.region_id
    )


def can_record_training(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    return has_perm(user, "schutzkonzept.add_schutzschulung") and in_region_scope(
        user, wegbegleiter.region_id
    )


def can_request_letter(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    """The volunteer (once in screening or later) or a coordinator of the region."""
    if _is_own(user, wegbegleiter):
        return wegbegleiter.status not in _NO_LETTER_STATUSES
    return has_perm(user, "schutzkonzept.add_antragsbestaetigung") and in_region_scope(
        user, wegbegleiter.region_id
    )


_NO_LETTER_STATUSES = {
    Wegbegleiter.Status.INTERESSENT,
    Wegbegleiter.Status.BEWORBEN,
    Wegbegleiter.Status.ABGELEHNT,
    Wegbegleiter.Status.AUSGESCHIEDEN,
}


def can_download_letter(user: AnyUser, letter: Antragsbestaetigung) -> bool:
    return _own_or_coordinator(user, letter.wegbegleiter, "schutzkonzept.view_antragsbestaetigung")


def can_download_signature(user: AnyUser, unterzeichnung: Unterzeichnung) -> bool:
    return _own_or_coordinator(
        user, unterzeichnung.wegbegleiter, "schutzkonzept.view_unterzeichnung"
    )


def can_manage_code_of_conduct(user: AnyUser) -> bool:
    return has_perm(user, "schutzkonzept.change_verhaltenskodex")


def can_report_concern(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        is_coordinator(user) or user.has_role(Role.WEGBEGLEITUNG) or user.has_role(Role.EINRICHTUNG)
    )


def can_view_concerns(user: AnyUser) -> bool:
    return has_perm(user, VIEW_MELDUNG)


def can_view_concern(user: AnyUser, meldung: Meldung) -> bool:
    if not can_view_concerns(user):
        return False
    return meldung.region_id is None or in_region_scope(user, meldung.region_id)


def can_view_refused_concern_access(user: AnyUser) -> bool:
    """The log of refused attempts is for the child-protection role, like the concerns."""
    return can_view_concerns(user)


def can_change_concern(user: AnyUser, meldung: Meldung) -> bool:
    return has_perm(user, CHANGE_MELDUNG) and can_view_concern(user, meldung)


def _is_own(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    return bool(user.is_authenticated and user.is_active and wegbegleiter.user_id == user.pk)


def _own_or_coordinator(user: AnyUser, wegbegleiter: Wegbegleiter, perm: str) -> bool:
    if _is_own(user, wegbegleiter):
        return True
    return has_perm(user, perm) and in_region_scope(user, wegbegleiter.region_id)
