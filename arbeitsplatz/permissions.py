"""Who gets the to-do board as the admin's start page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wegbegleitung.permissions import is_coordinator

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser


def may_see_board(user: AnyUser) -> bool:
    """Coordinators and child-protection leads (and superusers): the people who work the admin."""
    return is_coordinator(user)
