"""Who may do what with a certificate of engagement (the one place for these checks).

- the volunteer: asks for their own and downloads their own, while their account exists;
- coordinators of the volunteer's region: see, sign off, issue (also for volunteers who left)
  and download; once the volunteer's account is deleted, only for WB_NACHWEIS_RETENTION_MONTHS
  after the day they left;
- nobody else (other volunteers, facility staff, coordinators of other regions).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from nachweise.models import Nachweis
from schutzkonzept.dates import add_months
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.permissions import can_manage_region_record, is_own_wegbegleiter

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser


def can_request_nachweis(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    return is_own_wegbegleiter(user, wegbegleiter)


def can_sign_nachweis(user: AnyUser, nachweis: Nachweis) -> bool:
    region_id = nachweis.wegbegleiter.region_id
    return can_manage_region_record(user, "nachweise.change_nachweis", region_id)


def can_issue_nachweis(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    return can_manage_region_record(user, "nachweise.add_nachweis", wegbegleiter.region_id)


def account_deleted(wegbegleiter: Wegbegleiter) -> bool:
    """The account was deleted (or switched off): only the pseudonymous record is left."""
    return not wegbegleiter.user.is_active


def within_retention(wegbegleiter: Wegbegleiter, *, today: date) -> bool:
    left = wegbegleiter.activity_ended_on or timezone.localdate(wegbegleiter.status_since)
    return today <= add_months(left, settings.WB_NACHWEIS_RETENTION_MONTHS)


def can_download_nachweis(user: AnyUser, nachweis: Nachweis, *, today: date) -> bool:
    wegbegleiter = nachweis.wegbegleiter
    if is_own_wegbegleiter(user, wegbegleiter):  # an active account of their own
        return True
    region_id = wegbegleiter.region_id
    if not can_manage_region_record(user, "nachweise.view_nachweis", region_id):
        return False
    return not account_deleted(wegbegleiter) or within_retention(wegbegleiter, today=today)
