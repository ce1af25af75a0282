"""Who may do what with a match, as one matrix.

| who                                  | see the match | agreement PDF | confirm as          | diary     |
|--------------------------------------|---------------|---------------|---------------------|-----------|
| coordinator of the young person's region | admin     | yes           | coordination, young person | read |
| the mentor of the match              | portal        | yes           | mentor              | write 7 d |
| staff of the facility (until move-out) | staff area  | yes           | facility, young person | -      |
| anyone else                          | 404           | 404           | -                   | -         |

After the move-out (care-leaver phase) the facility drops out of the loop.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from einrichtungen.permissions import can_work_in, is_coordinator_of
from matching.models import Begleitung, Partei
from schutzkonzept.permissions import CHANGE_MELDUNG, in_region_scope
from wegbegleitung.models import User
from wegbegleitung.permissions import has_perm

AnyUser = User | AnonymousUser


def is_coordinator_for(user: AnyUser, begleitung: Begleitung) -> bool:
    return is_coordinator_of(user, begleitung.jugendliche.einrichtung.region_id)


def is_mentor_of(user: AnyUser, begleitung: Begleitung) -> bool:
    return user.is_authenticated and user.is_active and begleitung.wegbegleiter.user_id == user.pk


def is_staff_for(user: AnyUser, begleitung: Begleitung) -> bool:
    jugendliche = begleitung.jugendliche
    return not jugendliche.has_left() and can_work_in(user, jugendliche.einrichtung)


def can_view_begleitung(user: AnyUser, begleitung: Begleitung) -> bool:
    return (
        is_coordinator_for(user, begleitung)
        or is_mentor_of(user, begleitung)
        or is_staff_for(user, begleitung)
    )


def can_download_vereinbarung(user: AnyUser, begleitung: Begleitung) -> bool:
    """Only the parties: the mentor, the facility's staff, the region's coordinators."""
    return can_view_begleitung(user, begleitung)


def can_manage_begleitung(user: AnyUser, begleitung: Begleitung) -> bool:
    return is_coordinator_for(user, begleitung)


def can_confirm(user: AnyUser, begleitung: Begleitung, partei: str) -> bool:
    """Each party confirms where it works: portal, staff area, admin."""
    if partei == Partei.WEGBEGLEITER:
        return is_mentor_of(user, begleitung)
    if partei == Partei.EINRICHTUNG:
        return is_staff_for(user, begleitung)
    if partei == Partei.JUGENDLICHE:
        return is_staff_for(user, begleitung) or is_coordinator_for(user, begleitung)
    if partei == Partei.KOORDINATION:
        return is_coordinator_for(user, begleitung)
    return False


def can_suspend_begleitung(user: AnyUser, begleitung: Begleitung) -> bool:
    """The concern step "match suspended": the child-protection role of the match's region."""
    return has_perm(user, CHANGE_MELDUNG) and in_region_scope(
        user, begleitung.jugendliche.einrichtung.region_id
    )


def can_lift_suspension(user: AnyUser, begleitung: Begleitung) -> bool:
    """Only a child-protection lead lifts it; coordinators without the role do not."""
    return can_suspend_begleitung(user, begleitung)
