"""Running matches: only pairs that satisfy the proposal's rules, created as a proposal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.familien import default_programm
from einrichtungen.models import Anfrage, Einrichtung, Jugendliche
from einrichtungen.services.jugendliche import anfrage_create
from matching.models import Begleitung, Kapazitaet
from matching.services.lifecycle import begleitung_propose, check_clearance, check_consents
from matching.suggestions import pair_for
from programme.models import Programm
from schutzkonzept.clearance import annotate_clearance
from uebernahme.arten.common import (
    existing_young,
    facilities_of,
    facility_named,
    results,
    same_as,
    young_key,
)
from uebernahme.reading import Row
from uebernahme.rows import (
    CREATE,
    SKIP,
    Refused,
    RowResult,
    cell,
    german_date,
    messages_of,
    required,
    whole_number,
)
from wegbegleitung.models import Region, User, Wegbegleiter


def check_matches(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    facilities, young = facilities_of(region), existing_young(region, with_consents=True)
    emails = {cell(r, "E-Mail Wegbegleiter:in").lower() for r in rows}
    volunteers = {
        w.user.email.lower(): w
        # annotated: the clearance check needs no query per row
        for w in annotate_clearance(
            Wegbegleiter.objects.filter(region=region, user__email__in=emails)
        ).select_related("user")
    }
    open_pairs = set(
        Begleitung.objects.filter(
            status__in=Begleitung.OPEN_STATES, wegbegleiter__region=region
        ).values_list("wegbegleiter_id", "jugendliche_id")
    )
    matched_young = {j for _w, j in open_pairs}
    places = _free_places(list(volunteers.values()), open_pairs)
    seen_before = same_as(rows)

    def one(row: Row) -> RowResult:
        wegbegleiter, jugendliche, beginn = _pair(volunteers, facilities, young, row)
        seen_before(row, (wegbegleiter.pk, jugendliche.pk))
        if (wegbegleiter.pk, jugendliche.pk) in open_pairs:
            return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
        if jugendliche.pk in matched_young:
            raise Refused(_("This young person already has a match with another volunteer."))
        _check_match_rules(wegbegleiter, jugendliche, places)
        places[wegbegleiter.pk] -= 1  # the next line of the same volunteer needs another place
        matched_young.add(jugendliche.pk)
        summary = _("Match of %(volunteer)s with %(young)s, started %(date)s") % {
            "volunteer": wegbegleiter, "young": jugendliche.vorname,
            "date": beginn.strftime("%d.%m.%Y")}  # fmt: skip
        note = _("Created as a proposal: the introduction and the agreement are recorded in the "
                 "platform, which then makes the match active.")  # fmt: skip
        plan = {"wegbegleiter": wegbegleiter.pk, "jugendliche": jugendliche.pk}
        return RowResult(0, row, CREATE, summary, notes=[note], plan=plan)

    return results(rows, lambda r: (cell(r, "E-Mail Wegbegleiter:in").lower(), *young_key(r)), one)


def _pair(
    volunteers: dict[str, Wegbegleiter],
    facilities: dict[tuple[str, str], Einrichtung],
    young: dict[tuple[int, str, int, int], Jugendliche],
    row: Row,
) -> tuple[Wegbegleiter, Jugendliche, date]:
    email = required(row, "E-Mail Wegbegleiter:in").lower()
    if email not in volunteers:
        raise Refused(_("No volunteer with this email address in this region."))
    einrichtung = facility_named(facilities, row)
    key = (
        einrichtung.pk,
        required(row, "Vorname").lower(),
        whole_number(row, "Geburtsjahr", 1900, 2100),
        whole_number(row, "Geburtsmonat", 1, 12),
    )
    if key not in young:
        raise Refused(_("No such young person in this facility; import the young people first."))
    beginn = german_date(row, "Beginn")
    if beginn > timezone.localdate():
        raise Refused(_("“Beginn” lies in the future: a running match has already begun."))
    return volunteers[email], young[key], beginn


def _free_places(
    volunteers: list[Wegbegleiter], open_pairs: set[tuple[int, int]]
) -> dict[int, int]:
    capacity = dict(
        Kapazitaet.objects.filter(wegbegleiter__in=volunteers).values_list(
            "wegbegleiter_id", "max_begleitungen"
        )
    )
    taken = Counter(w for w, _j in open_pairs)
    return {w.pk: capacity.get(w.pk, 1) - taken[w.pk] for w in volunteers}


def _check_match_rules(
    wegbegleiter: Wegbegleiter, jugendliche: Jugendliche, places: dict[int, int]
) -> None:
    """The rules begleitung_propose applies, asked before anything is written, in the programme
    the match will belong to."""
    programm = _programme_of(jugendliche)
    try:
        check_clearance(wegbegleiter, programm)
        check_consents(jugendliche, programm)
    except ValidationError as exc:
        raise Refused(messages_of(exc)) from exc
    if places[wegbegleiter.pk] < 1:
        raise Refused(_("%(name)s has no free place for another match.") % {"name": wegbegleiter})
    # the proposal's hard rules (programme, distance, ages, preferences): a few queries per line
    reasons, _suggestion = pair_for(jugendliche, wegbegleiter, programm)
    if reasons:
        raise Refused(
            _("This pair cannot be proposed: %(reasons)s") % {"reasons": "; ".join(reasons)}
        )


def _programme_of(jugendliche: Jugendliche) -> Programm:
    """The programme of the young person's open request, else the one a new request gets (as
    ``begleitung_uebernehmen`` below does)."""
    anfrage = (
        jugendliche.anfragen.filter(status__in=Anfrage.OPEN_STATES)
        .select_related("programm")
        .first()
    )
    return anfrage.programm if anfrage is not None else default_programm(jugendliche)


def begleitung_uebernehmen(acting_user: User, region: Region, plan: dict[str, Any]) -> Begleitung:
    jugendliche = Jugendliche.objects.get(pk=plan["jugendliche"], einrichtung__region=region)
    wegbegleiter = Wegbegleiter.objects.get(pk=plan["wegbegleiter"], region=region)
    anfrage = jugendliche.anfragen.filter(status__in=Anfrage.OPEN_STATES).first()
    if anfrage is None:
        anfrage = anfrage_create(acting_user=acting_user, jugendliche=jugendliche)
    return begleitung_propose(acting_user=acting_user, anfrage=anfrage, wegbegleiter=wegbegleiter)
