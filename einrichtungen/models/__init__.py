from einrichtungen.models.einrichtungen import (
    Einrichtung,
    EinrichtungGroupObjectPermission,
    EinrichtungUserObjectPermission,
    Traeger,
)
from einrichtungen.models.jugendliche import (
    Anfrage,
    Einwilligung,
    Fassung,
    Hilfeplangespraech,
    Jugendliche,
)

__all__ = [
    "Anfrage",
    "Einrichtung",
    "EinrichtungGroupObjectPermission",
    "EinrichtungUserObjectPermission",
    "Einwilligung",
    "Fassung",
    "Hilfeplangespraech",
    "Jugendliche",
    "Traeger",
]
