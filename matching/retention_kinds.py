"""Closed matches and young people's records in the one retention schedule
(``wegbegleitung.retention``). Matching registers the young people's kind because only it knows
when their last match ended.

- closed matches: WB_RETENTION_MATCH_MONTHS after the end (the closure's day contact ended,
  else the match's end), the diary, support contacts, meeting-up notes, the agreement (with its
  confirmations and PDF) and the closure's conversation notes go; the bare match (dates,
  states, kind of ending) stays for the reports (docs/measures.md);
- suspensions (§ 8a SGB VIII): a suspension of a closed match (lifted or not: contact ended
  with the match) goes
  WB_RETENTION_SUSPENSION_MONTHS after the later of its lifting and the match's end, as the
  rest of the match's content does; the concern keeps its own record of the step "match
  suspended" under its own, longer period;
- young people: WB_RETENTION_YOUNG_PEOPLE_MONTHS after they moved out and their last match
  ended (whichever is later; no open match), the record is erased as on request
  (``wegbegleitung.erasure``: help-plan conferences and versions go, the record is anonymised).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from einrichtungen.models import Jugendliche
from matching.models import (
    Abschluss,
    Aussetzung,
    Begleitung,
    Kennenlernen,
    Treffen,
    Unterstuetzungskontakt,
    Vereinbarung,
)
from schutzkonzept.pdf import private_path
from wegbegleitung import erasure
from wegbegleitung.personal_data import Kind as SubjectKind
from wegbegleitung.personal_data import Subject
from wegbegleitung.retention import Kind, end_of, months_back, register

_CLOSED = (Begleitung.Status.BEENDET, Begleitung.Status.ABGELEHNT)
_TALK = ("gespraech_wegbegleiter", "gespraech_jugendliche", "gespraech_einrichtung")
ERASED_NAME = "—"  # einrichtungen.personal_data._ANONYMOUS: the record was erased


def _with_content() -> Q:
    mine = {"begleitung": OuterRef("pk")}
    talk = Q()
    for name in _TALK:
        talk |= ~Q(**{name: ""})
    return (
        Q(Exists(Treffen.objects.filter(**mine)))
        | Q(Exists(Unterstuetzungskontakt.objects.filter(**mine)))
        | Q(Exists(Kennenlernen.objects.filter(**mine)))
        | Q(Exists(Vereinbarung.objects.filter(**mine)))
        | Q(Exists(Abschluss.objects.filter(talk, **mine)))
        | ~Q(status_reason="")
    )


def _matches(today: date) -> QuerySet[Begleitung]:
    cutoff = months_back(today, settings.WB_RETENTION_MATCH_MONTHS)
    return (
        Begleitung.objects.filter(status__in=_CLOSED)
        .annotate(end=Coalesce("abschluss__beendet_am", "ended_on"))
        .filter(end__lte=cutoff)
        .filter(_with_content())
    )


def matches_purge(today: date) -> int:
    ids = list(_matches(today).values_list("pk", flat=True))
    files = [
        p
        for p in Vereinbarung.objects.filter(begleitung__in=ids).values_list("pdf", flat=True)
        if p
    ]
    for model in (Treffen, Unterstuetzungskontakt, Kennenlernen, Vereinbarung):
        model.objects.filter(begleitung__in=ids).delete()
    Abschluss.objects.filter(begleitung__in=ids).update(**dict.fromkeys(_TALK, ""))
    Begleitung.objects.filter(pk__in=ids).update(status_reason="")
    for relative in files:
        transaction.on_commit(partial(_unlink, relative))
    return len(ids)


def _suspensions(today: date) -> QuerySet[Aussetzung]:
    cutoff = months_back(today, settings.WB_RETENTION_SUSPENSION_MONTHS)
    return (
        Aussetzung.objects.filter(begleitung__status__in=_CLOSED)
        .annotate(end=Coalesce("begleitung__abschluss__beendet_am", "begleitung__ended_on"))
        .filter(end__lte=cutoff)
        .filter(Q(aufgehoben_am__isnull=True) | Q(aufgehoben_am__lt=end_of(cutoff)))
    )


def suspensions_purge(today: date) -> int:
    ids = list(_suspensions(today).values_list("pk", flat=True))
    return Aussetzung.objects.filter(pk__in=ids).delete()[0]


def _unlink(relative: str) -> None:
    private_path(relative).unlink(missing_ok=True)


def _young_people(today: date) -> QuerySet[Jugendliche]:
    cutoff = months_back(today, settings.WB_RETENTION_YOUNG_PEOPLE_MONTHS)
    open_match = Begleitung.objects.filter(jugendliche=OuterRef("pk")).exclude(status__in=_CLOSED)
    return (
        Jugendliche.objects.filter(auszug_am__lte=cutoff)
        .exclude(vorname=ERASED_NAME)
        .exclude(Exists(open_match))
        .annotate(last_end=Max(Coalesce("begleitungen__abschluss__beendet_am",
                                        "begleitungen__ended_on")))
        .filter(Q(last_end__isnull=True) | Q(last_end__lte=cutoff))
    )  # fmt: skip


def young_people_purge(today: date) -> int:
    ids = list(_young_people(today).values_list("pk", flat=True))
    for pk in ids:
        erasure.run(Subject(SubjectKind.JUGENDLICHE, pk), execute=True)
    return len(ids)


def connect() -> None:
    register(
        Kind(
            "matches",
            _("Closed matches: diary, contacts, agreement, closure notes"),
            "WB_RETENTION_MATCH_MONTHS",
            lambda today: _matches(today).count(),
            matches_purge,
            order=40,
        )
    )
    register(Kind(
        "suspensions", _("Lifted suspensions of closed matches (§ 8a SGB VIII)"),
        "WB_RETENTION_SUSPENSION_MONTHS", lambda today: _suspensions(today).count(),
        suspensions_purge, order=45,
    ))  # fmt: skip
    register(Kind(
        "young_people", _("Young people after leaving care and the end of any match"),
        "WB_RETENTION_YOUNG_PEOPLE_MONTHS", lambda today: _young_people(today).count(),
        young_people_purge, order=50,
    ))  # fmt: skip
