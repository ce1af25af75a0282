"""The seam for the concern step "match suspended": matching (above) does the suspending.

schutzkonzept records concerns but knows nothing of matches (layers: matching sits above it).
``matching`` registers a provider from ``MatchingConfig.ready()``; the concern service asks it,
inside the step's transaction, to suspend the match the lead chose. Without a provider there is
nothing to suspend and the step is refused with a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from schutzkonzept.models import Meldung
    from wegbegleitung.models import User


@dataclass(frozen=True)
class Kandidat:
    """A match the lead may suspend for this concern: its id and a label without details."""

    begleitung_id: int
    label: str


@dataclass(frozen=True)
class Stand:
    """A suspension made for this concern, for the lead's workflow page."""

    label: str
    seit: datetime
    aufgehoben_am: datetime | None
    url: str


class SuspensionProvider(Protocol):
    def candidates(self, *, meldung: Meldung, user: User) -> list[Kandidat]: ...

    def suspensions(self, *, meldung: Meldung) -> list[Stand]: ...

    def suspend(self, *, acting_user: User, meldung: Meldung, begleitung_id: int) -> None: ...


_provider: SuspensionProvider | None = None


def register(provider: SuspensionProvider) -> None:
    global _provider  # noqa: PLW0603  # one registry, set once at start-up
    _provider = provider


def candidates(*, meldung: Meldung, user: User) -> list[Kandidat]:
    return _provider.candidates(meldung=meldung, user=user) if _provider else []


def suspensions(*, meldung: Meldung) -> list[Stand]:
    return _provider.suspensions(meldung=meldung) if _provider else []


def suspend(*, acting_user: User, meldung: Meldung, begleitung_id: int | None) -> None:
    if _provider is None or begleitung_id is None:
        raise ValidationError({"begleitung_id": _("Please choose the match to suspend.")})
    _provider.suspend(acting_user=acting_user, meldung=meldung, begleitung_id=begleitung_id)
