"""What the volunteer's path needs from the safeguarding app above it: cleared, or what is missing.

``schutzkonzept.clearance`` is the one place that decides clearance; the path (checklist,
screening) asks it through this seam, which ``SchutzkonzeptConfig.ready()`` fills:

    from wegbegleitung import safeguarding
    safeguarding.register(my_function)  # (wegbegleiter, programm=None) -> Answer

With a programme the answer is "cleared for that programme" (the safeguarding steps it requires);
without one, for every programme the volunteer serves in.

Until it does, nobody is cleared: the seam fails closed, never open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from programme.models import Programm
from wegbegleitung.models import Wegbegleiter


@dataclass(frozen=True)
class Answer:
    cleared: bool
    missing: list[str] = field(default_factory=list)  # translated reasons, shown to people


def _nobody_is_cleared(wegbegleiter: Wegbegleiter, programm: Programm | None = None) -> Answer:
    return Answer(False, [_("the safeguarding records (not available)")])


_provider: list[Callable[..., Answer]] = [_nobody_is_cleared]


def register(function: Callable[..., Answer]) -> None:
    _provider[0] = function


def clearance_of(wegbegleiter: Wegbegleiter, programm: Programm | None = None) -> Answer:
    """Cleared for ``programm``, or for every programme the volunteer serves in."""
    if programm is None:
        return _provider[0](wegbegleiter)
    return _provider[0](wegbegleiter, programm)
