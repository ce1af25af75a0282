"""Programmes (Programmlinien) in matching: who may be suggested for a request of a programme.

- A volunteer serves in the programmes of their ``Programmteilnahme`` rows; one without any
  serves in the default programme only. Only volunteers serving in a request's programme are
  candidates for it (``serving_in`` in SQL, ``programme_ids`` for the profiles).
- The request's programme limits the young person's age (``alter_min``/``alter_max``): outside
  them a request gets no suggestion and says why (``age_reason``).
- Clearance per programme: ``cleared_for`` and ``clearance_in`` are the one place matching asks
  whether a volunteer is cleared for a programme, i.e. has done the safeguarding steps that
  programme requires (``schutzkonzept.clearance``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from programme import rules
from programme.models import Programm
from schutzkonzept.clearance import clearance_for, only_cleared
from wegbegleitung.models import Programmteilnahme, Wegbegleiter
from wegbegleitung.programmes import serves_in


def serving_in(programm_id: int, prefix: str = "") -> Q:
    """Volunteers (``prefix``: the path to them) serving in the programme."""
    return serves_in(programm_id, field=f"{prefix}pk")


def programme_ids(wegbegleiter_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """The programmes each volunteer serves in (the default one for those without rows), in one
    query."""
    ids = list(wegbegleiter_ids)
    found: dict[int, set[int]] = {}
    rows = Programmteilnahme.objects.filter(wegbegleiter_id__in=ids)
    for wegbegleiter_id, programm_id in rows.values_list("wegbegleiter_id", "programm_id"):
        found.setdefault(wegbegleiter_id, set()).add(programm_id)
    standard = frozenset({rules.standard_id()})
    return {pk: frozenset(found[pk]) if pk in found else standard for pk in ids}


def serves(wegbegleiter: Wegbegleiter, programm: Programm) -> bool:
    return Wegbegleiter.objects.filter(serving_in(programm.pk), pk=wegbegleiter.pk).exists()


def age_reason(programm: Programm, age: int) -> str | None:
    """Why a young person of this age is outside the programme's age limits; None inside."""
    if rules.age_allowed(programm, age):
        return None
    return _(
        "Outside the age limits of the programme “%(programme)s” (%(limits)s): the young person "
        "is %(age)s."
    ) % {"programme": programm.name, "limits": rules.age_limits_text(programm), "age": age}


# --- clearance per programme: the one place matching asks schutzkonzept ------------------------


def _programm(programm: Programm | int | None) -> Programm | None:
    """The programme itself (read when only its id is at hand)."""
    if programm is None or isinstance(programm, Programm):
        return programm
    return Programm.objects.get(pk=programm)


def cleared_for(qs: QuerySet[Wegbegleiter], programm_id: int | None) -> QuerySet[Wegbegleiter]:
    """The volunteers of ``qs`` cleared for the programme: the safeguarding steps it requires
    are done. ``None`` (the region's proposal over every programme): cleared for every programme
    the volunteer serves in, so no pair is proposed that one of them would refuse."""
    return only_cleared(qs, _programm(programm_id))


def clearance_in(wegbegleiter: Wegbegleiter, programm: Programm | int | None) -> Any:
    """The clearance of one volunteer for the programme (``None``: for all their programmes);
    pass the loaded programme where there is one, its id costs a query."""
    return clearance_for(wegbegleiter, _programm(programm))
