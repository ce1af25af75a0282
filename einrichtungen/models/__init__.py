from einrichtungen.models.einrichtungen import (
    REFERRING_ARTEN,
    Einrichtung,
    EinrichtungGroupObjectPermission,
    EinrichtungUserObjectPermission,
    Traeger,
)
from einrichtungen.models.jugendliche import (
    Anfrage,
    Einwilligung,
    Elternteil,
    Fassung,
    Hilfeplangespraech,
    Jugendliche,
    Kind,
)

__all__ = [
    "REFERRING_ARTEN",
    "Anfrage",
    "Einrichtung",
    "EinrichtungGroupObjectPermission",
    "EinrichtungUserObjectPermission",
    "Einwilligung",
    "Elternteil",
    "Fassung",
    "Hilfeplangespraech",
    "Jugendliche",
    "Kind",
    "Traeger",
]
