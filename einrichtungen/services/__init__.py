"""Every write of the app; see the module docstrings for the domain rules each enforces."""

from einrichtungen.services.einrichtungen import (
    STAFF_OBJECT_PERMS,
    einrichtung_create,
    einrichtung_lead_set,
    einrichtung_staff_invite,
    einrichtung_update,
    traeger_save,
)
from einrichtungen.services.familien import elternteil_create, kind_create
from einrichtungen.services.jugendliche import (
    anfrage_create,
    anfrage_status_set,
    einwilligung_create,
    einwilligung_revoke,
    hilfeplangespraech_create,
    hilfeplangespraech_update,
    jugendliche_auszug,
    jugendliche_create,
    jugendliche_update,
)

__all__ = [
    "STAFF_OBJECT_PERMS",
    "anfrage_create",
    "anfrage_status_set",
    "einrichtung_create",
    "einrichtung_lead_set",
    "einrichtung_staff_invite",
    "einrichtung_update",
    "einwilligung_create",
    "einwilligung_revoke",
    "elternteil_create",
    "hilfeplangespraech_create",
    "hilfeplangespraech_update",
    "jugendliche_auszug",
    "jugendliche_create",
    "jugendliche_update",
    "kind_create",
    "traeger_save",
]
