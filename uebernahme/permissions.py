"""Who may import: coordinators (and child-protection leads) into their own regions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wegbegleitung.models import Region
from wegbegleitung.permissions import has_perm, is_coordinator, regions_for

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser


def can_import(user: AnyUser) -> bool:
    return (
        is_coordinator(user)
        and has_perm(user, "wegbegleitung.change_wegbegleiter")
        and regions_for(user).exists()
    )


def can_import_into(user: AnyUser, region: Region) -> bool:
    return can_import(user) and regions_for(user).filter(pk=region.pk).exists()
