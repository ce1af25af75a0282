"""Which programme's rules apply: the default programme and small pure helpers.

The default programme is created by ``ensure_standard`` after every migration (and so after a
test database is flushed); its id is remembered per process. It can be renamed and its rules
changed, but it stays the default: requests and matches created without naming a programme
belong to it, and so does a volunteer who serves in no programme explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from programme.models import Programm

STANDARD_NAME = "Wegbegleitung junger Menschen in stationären Einrichtungen"

_standard_id: int | None = None


def ensure_standard(**kwargs: Any) -> None:
    """post_migrate: the default programme exists; forget the remembered id."""
    global _standard_id
    _standard_id = None
    using = kwargs.get("using", "default")
    _get_or_create(using)


def _get_or_create(using: str = "default") -> Programm:
    programm, _created = Programm.objects.using(using).get_or_create(
        standard=True, defaults={"name": STANDARD_NAME}
    )
    return programm


def standard_id() -> int:
    global _standard_id
    if _standard_id is None:
        # only the id is read, so migrations of other apps may call this (as the default of
        # their programme columns) while later columns of the programme do not exist yet
        found = Programm.objects.filter(standard=True).values_list("pk", flat=True).first()
        _standard_id = found if found is not None else _get_or_create().pk
    return _standard_id


def standard() -> Programm:
    return Programm.objects.get(pk=standard_id())


def age_allowed(programm: Programm, age: int) -> bool:
    """Whether ``age`` (young person, or the family's youngest child) is within the limits."""
    if programm.alter_min is not None and age < programm.alter_min:
        return False
    return programm.alter_max is None or age <= programm.alter_max


def age_limits_text(programm: Programm) -> str:
    low, high = programm.alter_min, programm.alter_max
    if low is not None and high is not None:
        return _("from %(low)s to %(high)s years") % {"low": low, "high": high}
    if low is not None:
        return _("from %(low)s years") % {"low": low}
    if high is not None:
        return _("up to %(high)s years") % {"high": high}
    return _("no age limit")


def training_minimum(programmes: Iterable[Programm]) -> int:
    """A volunteer serving in several programmes must meet the strictest minimum."""
    return max((p.schulung_min_stunden for p in programmes), default=0)


def training_target(programmes: Iterable[Programm]) -> int:
    return max((p.schulung_ziel_stunden for p in programmes), default=0)


# --- consent scopes: einrichtungen owns them and registers their labels from its ready() --------

_consent_scopes: list[tuple[str, Any]] = []


def register_consent_scopes(choices: Iterable[tuple[str, Any]]) -> None:
    _consent_scopes[:] = list(choices)


def consent_scope_choices() -> list[tuple[str, Any]]:
    return list(_consent_scopes)
