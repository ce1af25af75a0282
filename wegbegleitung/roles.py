"""The roles of the platform and what each may do, as one matrix.

Roles are Django groups. ``ROLE_PERMISSIONS`` is the single source of the global permissions each
group carries; ``sync_roles`` (run after every migrate) makes the database match it.
Object permissions (a staff member's own facility) are granted by the services that create the
relationship, through django-guardian.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    KOORDINATION = "Koordination", _("Coordination")
    KINDERSCHUTZ = "Kinderschutz", _("Child protection")
    EINRICHTUNG = "Einrichtung", _("Facility staff")
    WEGBEGLEITUNG = "Wegbegleitung", _("Volunteer mentor")
    FORSCHUNG = "Forschung", _("Research")
    JUGENDLICHE = "Jugendliche", _("Young person")  # own access, by invitation (forschung)


# Roles that work with data of children: they must log in with a second factor.
TWO_FACTOR_ROLES = frozenset({Role.KOORDINATION, Role.KINDERSCHUTZ, Role.EINRICHTUNG})
# Roles that work in the Django admin (is_staff is derived from them).
ADMIN_ROLES = frozenset({Role.KOORDINATION, Role.KINDERSCHUTZ})

_COORDINATION = [
    "wegbegleitung.view_region",
    "wegbegleitung.view_auditevent",
    "wegbegleitung.view_einladung",
    "wegbegleitung.add_einladung",
    "wegbegleitung.view_wegbegleiter",
    "wegbegleitung.change_wegbegleiter",
    "einrichtungen.view_einrichtung",
    "einrichtungen.add_einrichtung",
    "einrichtungen.change_einrichtung",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.KOORDINATION: _COORDINATION,
    Role.KINDERSCHUTZ: [*_COORDINATION],
    Role.EINRICHTUNG: [],  # only object permissions on their own facility
    Role.WEGBEGLEITUNG: [],  # the portal checks ownership, not model permissions
    Role.FORSCHUNG: [],
    Role.JUGENDLICHE: [],  # their own pages check that the record is theirs
}


def extend_role_permissions(role: str, perms: list[str]) -> None:
    """Let an app add its permissions to a role from its AppConfig.ready()."""
    ROLE_PERMISSIONS[role] = sorted({*ROLE_PERMISSIONS[role], *perms})
