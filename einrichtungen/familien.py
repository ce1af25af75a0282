"""Rules for families in early help, Erziehungsstellen and the programme of a request.

The checks the services run (docs/families.md):
- a family is recorded only at an organisation that refers families (early-help network
  coordination, family midwife service, counselling service), a young person only at a
  residential facility (``check_art``);
- an Erziehungsstelle is one household with at most WB_ERZIEHUNGSSTELLE_MAX_PLAETZE young people
  living there at once (``check_place``);
- a request belongs to an open programme that accompanies this party, and the age of the young
  person (or the family's youngest child) is within its limits (``check_programm``); without a
  choice the only fitting programme is taken, else the default programme (``default_programm``);
- the conversation with the professionals is the programme's (``gespraech_art``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from einrichtungen.models import Anfrage, Einrichtung, Jugendliche
from programme import rules
from programme.models import Programm

P = Programm.Begleitet


def check_art(jugendliche: Jugendliche) -> None:
    """Families at referring organisations, young people at residential facilities."""
    if jugendliche.einrichtung_id is None:  # the form reports the missing facility itself
        return
    refers = jugendliche.einrichtung.refers_families
    if jugendliche.is_familie and not refers:
        raise ValidationError(
            {
                "art": _(
                    "A family is recorded by the organisation that refers it (early-help "
                    "coordination, family midwives, counselling), not by a residential facility."
                )
            }
        )
    if not jugendliche.is_familie and refers:
        raise ValidationError(
            {
                "art": _(
                    "This organisation refers families; young people in care are recorded by "
                    "their facility."
                )
            }
        )


def check_place(jugendliche: Jugendliche) -> None:
    """A new young person in an Erziehungsstelle needs a free place in the household."""
    einrichtung = jugendliche.einrichtung
    if not einrichtung.is_household:
        return
    living = Jugendliche.objects.filter(einrichtung=einrichtung, auszug_am__isnull=True).count()
    if living >= settings.WB_ERZIEHUNGSSTELLE_MAX_PLAETZE:
        raise ValidationError(
            _(
                "An Erziehungsstelle is one household with at most %(max)d young people; "
                "record a move-out first."
            )
            % {"max": settings.WB_ERZIEHUNGSSTELLE_MAX_PLAETZE}
        )


def fitting_kinds(jugendliche: Jugendliche) -> set[str]:
    """Whom a programme must accompany to take this party: families only families; a young
    person the programmes for young people, and care-leaver programmes once they have left."""
    if jugendliche.is_familie:
        return {P.FAMILIEN}
    if jugendliche.auszug_am is not None:
        return {P.JUNGE_MENSCHEN, P.CARE_LEAVER}
    return {P.JUNGE_MENSCHEN}


def fitting_programmes(jugendliche: Jugendliche) -> QuerySet[Programm]:
    return Programm.objects.filter(aktiv=True, begleitet__in=fitting_kinds(jugendliche))


def default_programm(jugendliche: Jugendliche) -> Programm:
    fitting = list(fitting_programmes(jugendliche)[:2])
    return fitting[0] if len(fitting) == 1 else rules.standard()


def check_programm(jugendliche: Jugendliche, programm: Programm) -> None:
    if not programm.aktiv:
        raise ValidationError(
            {"programm": _("The programme “%(name)s” takes no new requests.") % _n(programm)}
        )
    if programm.begleitet not in fitting_kinds(jugendliche):
        raise ValidationError(
            {
                "programm": _("The programme “%(name)s” accompanies %(whom)s.")
                % {**_n(programm), "whom": programm.get_begleitet_display()}
            }
        )
    age = jugendliche.kind_alter()
    if not rules.age_allowed(programm, age):
        raise ValidationError(
            {
                "programm": _(
                    "The programme “%(name)s” is for ages %(limits)s; the age here is %(age)d."
                )
                % {**_n(programm), "limits": rules.age_limits_text(programm), "age": age}
            }
        )


def gespraech_art(jugendliche: Jugendliche) -> str:
    """The kind of conversation: the programme of the latest request; without one, a family's
    is the referral and review conversation, a young person's the help-plan conference."""
    anfrage = (
        Anfrage.objects.filter(jugendliche=jugendliche)
        .select_related("programm")
        .order_by("-angefragt_am", "-id")
        .first()
    )
    if anfrage is not None:
        return anfrage.programm.gespraech
    if jugendliche.is_familie:
        return Programm.Gespraech.VERMITTLUNG
    return Programm.Gespraech.HILFEPLAN


def einrichtung_check_household(einrichtung: Einrichtung) -> None:
    """An Erziehungsstelle's address stays minimal: it is a private home, so only postal code
    and town are kept (the street is known to the youth office)."""
    if einrichtung.is_household and einrichtung.strasse.strip():
        raise ValidationError(
            {
                "strasse": _(
                    "An Erziehungsstelle is a private household: record only postal code and town."
                )
            }
        )


def _n(programm: Programm) -> dict[str, str]:
    return {"name": programm.name}


def scopes_for(jugendliche: Jugendliche) -> tuple[str, ...]:
    """The consents a request would need now: those of the programme it would default to."""
    from einrichtungen.einwilligungen import request_scopes

    return request_scopes(default_programm(jugendliche))


def scopes_lookup() -> Callable[[Jugendliche], tuple[str, ...]]:
    """``scopes_for`` for lists: one look-up per kind of party, not one per row."""
    cache: dict[frozenset[str], tuple[str, ...]] = {}

    def lookup(jugendliche: Jugendliche) -> tuple[str, ...]:
        key = frozenset(fitting_kinds(jugendliche))
        if key not in cache:
            cache[key] = scopes_for(jugendliche)
        return cache[key]

    return lookup
