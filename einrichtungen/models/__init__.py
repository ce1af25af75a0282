from einrichtungen.models.einrichtungen import (
    Einrichtung,
    EinrichtungGroupObjectPermission,
    EinrichtungUserObjectPermission,
    Traeger,
)
from einrichtungen.models.jugendliche import (
    Anfrage,
    Einwilligung,
    Hilfeplangespraech,
    Jugendliche,
)

__all__ = [
    "Anfrage",
    "Einrichtung",
    "EinrichtungGroupObjectPermission",
    "EinrichtungUserObjectPermission",
    "Einwilligung",
    "Hilfeplangespraech",
    "Jugendliche",
    "Traeger",
]
