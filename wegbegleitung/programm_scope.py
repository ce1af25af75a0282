"""Which volunteers serve in a programme, as SQL for lists, counts and reports.

A volunteer serves in the programmes of her ``Programmteilnahme`` rows; without any row she
serves in the default programme (``programme.rules``). So "the volunteers of the default
programme" are those with a row for it and those with no row at all.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from programme.models import Programm
from wegbegleitung.models import Programmteilnahme


def serves_in(programm: Programm, *, field: str = "pk") -> Q:
    """Rows whose volunteer (``field``: the path to her id) serves in ``programm``."""
    rows = Programmteilnahme.objects.filter(wegbegleiter=OuterRef(field))
    found = Q(Exists(rows.filter(programm=programm)))
    if programm.standard:
        found |= ~Q(Exists(rows))
    return found
