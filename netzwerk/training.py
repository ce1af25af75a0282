"""Whether a volunteer's attendance at a network event counts as training hours.

The event says whether it is a training at all (``zaehlt_als_schulung`` with its hours); the
programme the volunteer serves in says whether network trainings count for it. The hours
themselves are never summed here: they become a ``Schulungsteilnahme`` and
``wegbegleitung.selectors.training_hours`` adds them up with every other training.
"""

from __future__ import annotations

from netzwerk.models import Veranstaltung
from wegbegleitung.models import Wegbegleiter


def counts_for(event: Veranstaltung, wegbegleiter: Wegbegleiter | None) -> bool:
    return bool(wegbegleiter is not None and event.zaehlt_als_schulung and event.stunden)
