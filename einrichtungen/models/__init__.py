from einrichtungen.models.einrichtungen import (
    Einrichtung,
    EinrichtungGroupObjectPermission,
    EinrichtungUserObjectPermission,
    REFERRING_ARTEN,
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
