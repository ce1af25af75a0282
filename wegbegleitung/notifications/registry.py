"""The kinds of notification, in one registry.

A kind has a mail template (``mail/<template>_subject.txt``, ``.txt``, ``.html``), a title for the
inbox and, if it is a periodic reminder, a selector ``due(day) -> Iterable[Due]`` that answers
"what is due on ``day``" for everyone at once (a bounded number of queries, never one per person).
Other apps plug their kinds in from ``AppConfig.ready()`` with ``register`` or, for the kinds
registered here but waiting for their data, with ``attach_selector``.

Safeguarding-critical kinds (``critical``) are always mailed: users cannot switch them off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils.functional import Promise


class Audience:
    VOLUNTEER = "wegbegleitung"
    COORDINATION = "koordination"
    CHILD_PROTECTION = "kinderschutz"


@dataclass(frozen=True)
class Due:
    """One notice that is due: to whom, about what, for which period, with what to say."""

    recipient_id: int
    subject_type: str
    subject_id: int
    period: str
    region_id: int | None = None
    context: dict[str, Any] = field(default_factory=dict)


Selector = Callable[[date], Iterable[Due]]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    title: str | Promise  # the inbox line, formatted with the row's context
    template: str
    audience: str
    critical: bool = False
    due: Selector | None = None
    # registered, but its data (e.g. matches) does not exist yet: no selector attached
    waiting_for: str = ""

    @property
    def periodic(self) -> bool:
        return self.due is not None

    def title_for(self, context: dict[str, Any]) -> str:
        try:
            return str(self.title) % context
        except (KeyError, TypeError, ValueError):
            return str(self.label)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def attach_selector(key: str, due: Selector, **changes: Any) -> None:
    """Give a waiting kind its selector (the matching app does so for its kinds); ``changes``
    may give it its own ``template``, ``title`` or ``audience``."""
    KINDS[key] = replace(KINDS[key], due=due, waiting_for="", **changes)


def get(key: str) -> Kind:
    return KINDS[key]


def periodic_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.due is not None]


def switchable_kinds(audiences: Iterable[str]) -> list[Kind]:
    wanted = set(audiences)
    return [k for k in KINDS.values() if not k.critical and k.audience in wanted]
