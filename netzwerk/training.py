"""Whether a volunteer's attendance at a network event counts as training hours.

The event says whether it is a training at all (``zaehlt_als_schulung`` with its hours); the
programmes the volunteer serves in say whether network trainings count for them
(``programme.Programm.netzwerk_schulung_zaehlt``). A volunteer in no programme serves in the
default one (``programme.rules``). The training hours are one sum for all of a volunteer's
programmes (``wegbegleitung.selectors.training_hours``), so a network training counts only when
every one of them counts it: otherwise it would fill the minimum of a programme that does not
accept it.

The hours themselves are never summed here: they become a ``Schulungsteilnahme`` and the
platform's one sum adds them up with every other training.
"""

from __future__ import annotations

from netzwerk.models import Veranstaltung
from programme import rules
from programme.models import Programm
from wegbegleitung.models import Wegbegleiter


def programmes_of(wegbegleiter: Wegbegleiter) -> list[Programm]:
    return list(wegbegleiter.programme.all()) or [rules.standard()]


def programmes_count_network(programmes: list[Programm]) -> bool:
    return bool(programmes) and all(p.netzwerk_schulung_zaehlt for p in programmes)


def counts_for(event: Veranstaltung, wegbegleiter: Wegbegleiter | None) -> bool:
    if wegbegleiter is None or not event.zaehlt_als_schulung or not event.stunden:
        return False
    return programmes_count_network(programmes_of(wegbegleiter))
