"""Who may do what with an expense (the one place for these checks).

- the volunteer of the match: records expenses for her own matches, sees them and their receipts;
- coordinators of the match's region (the young person's facility's region): see every expense
  and receipt of the region, approve or refuse; superusers everywhere;
- nobody else (other volunteers, facility staff, coordinators of other regions, anonymous).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auslagen.models import Auslage
from matching.models import Begleitung
from wegbegleitung.permissions import can_manage_region_record, is_own_wegbegleiter

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser


def region_id_of(begleitung: Begleitung) -> int | None:
    return begleitung.jugendliche.einrichtung.region_id


def can_submit_auslage(user: AnyUser, begleitung: Begleitung) -> bool:
    return is_own_wegbegleiter(user, begleitung.wegbegleiter)


def can_view_auslage(user: AnyUser, auslage: Auslage) -> bool:
    b = auslage.begleitung
    if is_own_wegbegleiter(user, b.wegbegleiter):
        return True
    return can_manage_region_record(user, "auslagen.view_auslage", region_id_of(b))


def can_decide_auslage(user: AnyUser, auslage: Auslage) -> bool:
    region_id = region_id_of(auslage.begleitung)
    return can_manage_region_record(user, "auslagen.change_auslage", region_id)
