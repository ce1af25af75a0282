"""Clearance (Freigabe): may this volunteer meet a child? The one place that answers.

DOMAIN.md: a volunteer is cleared when the current certificate inspection is valid, the current
code of conduct is signed and the safeguarding training is done. Clearance is derived, never typed.
Everything that decides "may this volunteer meet a child" (suggestions, proposals, activation,
showing a young person's details) calls ``clearance_for`` or ``annotate_clearance``.

Foundation state: the safeguarding records do not exist yet, so nobody is cleared; the
safeguarding issue replaces the body of these functions, keeping their signatures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet, Value
from django.utils.translation import gettext_lazy as _

from wegbegleitung.models import Wegbegleiter


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    missing: list[str] = field(default_factory=list)  # translated reasons, shown to people


def clearance_for(wegbegleiter: Wegbegleiter) -> Clearance:
    return Clearance(
        cleared=False,
        missing=[
            str(_("Extended criminal-record certificate inspected and valid")),
            str(_("Current code of conduct signed")),
            str(_("Safeguarding training attended")),
        ],
    )


def annotate_clearance(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """Adds ``is_cleared`` to every row in the same query (no extra query per row)."""
    return qs.annotate(is_cleared=Value(False))
