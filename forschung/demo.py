"""Demo data of the study (idempotent): one questionnaire written for the demo, published, for
both sides of a match ("Zusammenarbeit und Zuversicht": six items, two subscales, two of them
reverse-scored), and Markus Neumann's research consent, so his running match shows wave 0 on his
portal start. The item wording is the demo's own; the platform ships no third-party items."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from einrichtungen.models import Jugendliche
from forschung.models import (
    Forschungseinwilligung,
    Instrument,
    Item,
    Jugendzugang,
    Regel,
    Skalenpunkt,
    Subskala,
)
from forschung.services.consent import forschung_einwilligung_set
from forschung.services.instruments import instrument_publish
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import Einladung, User, Wegbegleiter
from wegbegleitung.roles import Role

CODE = "zusammenarbeit-zuversicht"
SCALE = ["trifft gar nicht zu", "trifft eher nicht zu", "teils, teils", "trifft eher zu",
         "trifft voll zu"]  # fmt: skip
ITEMS = [
    ("zusammenarbeit", "In unseren Treffen fühle ich mich ernst genommen.", False),
    ("zusammenarbeit", "Wenn etwas nicht klappt, suchen wir gemeinsam nach einem Weg.", False),
    ("zusammenarbeit", "Oft habe ich das Gefühl, dass wir aneinander vorbeireden.", True),
    ("zuversicht", "Ich traue mir zu, auch schwierige Situationen zu meistern.", False),
    ("zuversicht", "Auf die nächsten Monate blicke ich zuversichtlich.", False),
    ("zuversicht", "Wenn etwas schiefgeht, fällt es mir schwer, wieder Mut zu fassen.", True),
]
SUBSCALES = {"zusammenarbeit": "Zusammenarbeit", "zuversicht": "Zuversicht"}


def load(*, out: Callable[[str], None]) -> None:
    koordination = User.objects.get(email=f"koordination@{DOMAIN}")
    if not Instrument.objects.filter(code=CODE).exists():
        with transaction.atomic():
            instrument_publish(acting_user=koordination, instrument=_instrument())
    markus = Wegbegleiter.objects.filter(user__email=f"begleiter@{DOMAIN}").first()
    if markus is not None and not Forschungseinwilligung.objects.filter(wegbegleiter=markus):
        forschung_einwilligung_set(
            acting_user=markus.user, wegbegleiter=markus, teilnahme=True, folgebefragung=True
        )
    _jonas_access()
    out("Study: questionnaire 'Zusammenarbeit und Zuversicht' (published, both sides);")
    out(f"  Markus Neumann (begleiter@{DOMAIN}) takes part: wave 0 waits on his portal start.")
    out(f"  Jonas (jonas@{DOMAIN}, 16) has his own access: his match, wave 0, his consents.")


def _jonas_access() -> None:
    """Jonas's account, as if he had accepted an invitation from Elif Yilmaz."""
    user = User.objects.filter(email=f"jonas@{DOMAIN}").first()
    jonas = Jugendliche.objects.filter(
        vorname="Jonas", einrichtung__name="Wohngruppe Lindenhof"
    ).first()
    if user is None or jonas is None or Jugendzugang.objects.filter(jugendliche=jonas).exists():
        return
    now = timezone.now()
    with transaction.atomic():
        einladung = Einladung.objects.create(
            email=user.email, role=Role.JUGENDLICHE, region=jonas.einrichtung.region,
            key=secrets.token_urlsafe(32), created_by=User.objects.get(email=f"einrichtung@{DOMAIN}"),
            expires_at=now, accepted_at=now, accepted_by=user,
        )  # fmt: skip
        Jugendzugang.objects.create(jugendliche=jonas, einladung=einladung)


def _instrument() -> Instrument:
    instrument = Instrument.objects.create(
        code=CODE,
        name="Zusammenarbeit und Zuversicht",
        einleitung="Wie erleben Sie Ihre Begleitung gerade? Es gibt keine richtigen oder "
        "falschen Antworten.",
        zielgruppe=Instrument.Zielgruppe.BEIDE,
        gesamt_regel=Regel.MITTEL,
        gesamt_min_items=4,
    )
    subscales = {
        key: Subskala.objects.create(instrument=instrument, kuerzel=key, name=name, min_items=2)
        for key, name in SUBSCALES.items()
    }
    for wert, label in enumerate(SCALE, start=1):
        Skalenpunkt.objects.create(instrument=instrument, wert=wert, label=label)
    for position, (key, text, reverse) in enumerate(ITEMS, start=1):
        Item.objects.create(instrument=instrument, position=position, text=text,
                            umgepolt=reverse, subskala=subscales[key])  # fmt: skip
    return instrument
