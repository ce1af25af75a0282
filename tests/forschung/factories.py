from __future__ import annotations

from typing import Any

from forschung.demo import _instrument
from forschung.models import Instrument
from forschung.services.consent import forschung_einwilligung_set
from forschung.services.instruments import instrument_publish
from matching.models import Begleitung
from tests.matching.factories import make_active
from wegbegleitung.models import User, Wegbegleiter


def published(coordinator: User) -> Instrument:
    """The demo's questionnaire: items 1-3 'zusammenarbeit' (3 reversed), 4-6 'zuversicht'
    (6 reversed), scale 1..5, means; subscales need 2 answered items, the total 4."""
    return instrument_publish(acting_user=coordinator, instrument=_instrument())


def consent(mentor: Wegbegleiter, *, follow_up: bool = False) -> None:
    forschung_einwilligung_set(
        acting_user=mentor.user, wegbegleiter=mentor, teilnahme=True, folgebefragung=follow_up
    )


def active_match(
    coordinator: User, staff: User, anfrage: Any, mentor: Wegbegleiter, capture: Any
) -> Begleitung:
    with capture(execute=True):
        return make_active(coordinator, staff, anfrage, mentor)


def item_ids(instrument: Instrument) -> list[int]:
    return list(instrument.items.order_by("position").values_list("pk", flat=True))
