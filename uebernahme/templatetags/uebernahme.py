from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from uebernahme.permissions import can_import

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser

register = template.Library()


@register.filter
def may_import(user: AnyUser) -> bool:
    return can_import(user)
