"""What an erasure (GDPR Art. 17) does to each app's records: the seam below the apps.

Each app registers ``eraser(subject, *, execute) -> list[Step]`` from its ``AppConfig.ready()``
(next to its personal-data collector). With ``execute=False`` the eraser only counts and says
what it would do: the coordinator sees this plan before confirming. With ``execute=True`` it
does exactly that, inside the caller's transaction (``services.erasure.erasure_carry_out``),
and returns the same steps. A step is one kind of record and what happens to it:

- ``delete``: the rows go;
- ``anonymise``: the row stays (other records hang off it, or it is counted in the reports),
  every personal field is emptied or replaced;
- ``keep``: the law requires keeping it: ``reason`` names the law and ``until`` the day (or the
  rule) it goes, by the retention schedule (``wegbegleitung.retention``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from wegbegleitung.personal_data import Subject

if TYPE_CHECKING:
    from wegbegleitung.models import User


class Action(StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"
    KEEP = "keep"


@dataclass(frozen=True)
class Step:
    what: str | Promise
    action: Action
    count: int
    reason: str | Promise = ""
    until: str | Promise = ""


Eraser = Callable[..., list[Step]]
_ERASERS: dict[str, Eraser] = {}


def register(name: str, eraser: Eraser) -> None:
    _ERASERS[name] = eraser


def unregister(name: str) -> None:
    _ERASERS.pop(name, None)


def registered() -> dict[str, Eraser]:
    return dict(_ERASERS)


def run(subject: Subject, *, execute: bool, acting_user: User | None = None) -> list[Step]:
    """Every app's steps for ``subject``; the highest app first when executing, so records that
    hang off lower ones are handled before them. Executing first answers the person's open
    erasure request, while their address is still there for the confirmation."""
    if execute:
        from wegbegleitung.services.erasure_requests import loeschantraege_fulfil

        loeschantraege_fulfil(subject, acting_user=acting_user)
    names = list(_ERASERS)
    order = reversed(names) if execute else iter(names)
    steps: list[Step] = []
    for name in order:
        steps.extend(step for step in _ERASERS[name](subject, execute=execute) if step.count)
    return steps
