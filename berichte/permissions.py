"""Who may see the reports and fetch an annual report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wegbegleitung.permissions import is_coordinator, region_ids_for

if TYPE_CHECKING:
    from berichte.models import Jahresbericht
    from wegbegleitung.permissions import AnyUser


def may_see_reports(user: AnyUser) -> bool:
    """Coordinators, child-protection leads and superusers: the figures of their regions."""
    return is_coordinator(user) and user.is_active


def can_view_jahresbericht(user: AnyUser, jahresbericht: Jahresbericht) -> bool:
    """Whoever may see every region the report covers (not only who asked for it)."""
    if not may_see_reports(user):
        return False
    covered = set(jahresbericht.region_ids)
    return bool(covered) and covered <= region_ids_for(user)
