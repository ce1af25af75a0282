"""What the coordinator's home counts: one function per tile, each calling the rule of the app
that owns it (the same rule the linked admin filter applies), scoped to the user's regions.

``region_ids`` is ``None`` for a superuser (every region), else the regions the user answers for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from auslagen.models import Auslage
from einrichtungen.models import Anfrage
from matching import lists
from matching.models import Begleitung
from nachweise.models import Nachweis
from schutzkonzept.clearance import (
    annotate_clearance,
    certificate_ending_days,
    certificate_ending_within,
    certificate_to_inspect,
    code_not_signed,
)
from schutzkonzept.models import Freigabe
from schutzkonzept.permissions import can_view_concerns
from schutzkonzept.selectors import meldung_list_for, open_concerns
from wegbegleitung.models import Loeschantrag, User, Wegbegleiter
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.selectors import exit_requested, interview_pending, references_pending

Regions = set[int] | None
MATCH_REGION = "jugendliche__einrichtung__region"


@dataclass(frozen=True)
class Tile:
    key: str
    group: Promise
    label: Promise | str
    count: int
    admin_url_name: str  # the changelist
    query: str  # its filter, as the list's query string
    note: str = ""

    @property
    def url(self) -> str:
        return f"{reverse(self.admin_url_name)}?{self.query}"


def regions_of(user: User) -> Regions:
    return None if user.is_superuser else region_ids_for(user)


def _scoped(qs: QuerySet[Any], region_ids: Regions, lookup: str = "region") -> QuerySet[Any]:
    return qs if region_ids is None else qs.filter(**{f"{lookup}__in": region_ids})


# --- volunteers --------------------------------------------------------------------------------


def volunteers_in_stage(status: str, *, region_ids: Regions) -> int:
    return _scoped(Wegbegleiter.objects.filter(status=status), region_ids).count()


def interviews_to_hold_count(*, region_ids: Regions) -> int:
    return _scoped(interview_pending(Wegbegleiter.objects.all()), region_ids).count()


def references_missing_count(*, region_ids: Regions) -> int:
    return _scoped(references_pending(Wegbegleiter.objects.all()), region_ids).count()


def supervision_due_count(*, region_ids: Regions, today: date | None = None) -> int:
    return lists.supervision_due_for_matches(today, region_ids=region_ids).count()


def exit_requested_count(*, region_ids: Regions) -> int:
    return _scoped(exit_requested(Wegbegleiter.objects.all()), region_ids).count()


def erasure_requests_waiting(*, region_ids: Regions) -> tuple[int, date | None]:
    """Open erasure requests (GDPR Art. 17) and the earliest day one must be answered by."""
    row = _scoped(Loeschantrag.objects.filter(status=Loeschantrag.Status.OFFEN), region_ids)
    found = row.aggregate(n=Count("pk"), due=Min("due_on"))
    return found["n"], found["due"]


# --- child protection --------------------------------------------------------------------------


def _clearance(region_ids: Regions) -> QuerySet[Any]:
    return annotate_clearance(_scoped(Freigabe.objects.all(), region_ids))


def certificates_ending_count(*, region_ids: Regions, today: date | None = None) -> int:
    return certificate_ending_within(_clearance(region_ids), today=today).count()


def certificates_to_inspect_count(*, region_ids: Regions) -> int:
    return certificate_to_inspect(_clearance(region_ids)).count()


def code_not_signed_count(*, region_ids: Regions) -> int:
    return code_not_signed(_clearance(region_ids)).count()


def open_concerns_count(*, user: User) -> int:
    return open_concerns(meldung_list_for(user=user)).count()


# --- matches -----------------------------------------------------------------------------------


def matches_in_status(status: str, *, region_ids: Regions) -> int:
    return _scoped(Begleitung.objects.filter(status=status), region_ids, MATCH_REGION).count()


def support_due_counts(*, region_ids: Regions, today: date | None = None) -> tuple[int, int]:
    """(due soon or overdue, overdue): contacts and reviews, from one read of the due dates."""
    due = lists.support_due(today=today, region_ids=region_ids)
    return len(due), sum(1 for f in due if f.overdue)


def agreements_waiting_count(*, region_ids: Regions) -> int:
    return lists.vereinbarung_waiting(region_ids=region_ids).count()


def diary_silent_count(*, region_ids: Regions, today: date | None = None) -> int:
    return lists.diary_silent(lists.running(region_ids), today=today).count()


# --- facilities' requests ----------------------------------------------------------------------


def requests_waiting(*, region_ids: Regions, today: date | None = None) -> tuple[int, int]:
    """(open requests, days the oldest of them has waited)."""
    qs = _scoped(Anfrage.objects.filter(status=Anfrage.Status.OFFEN), region_ids, MATCH_REGION)
    row = qs.aggregate(n=Count("id"), oldest=Min("angefragt_am"))
    if not row["n"]:
        return 0, 0
    day = today or timezone.localdate()
    return row["n"], max((day - timezone.localtime(row["oldest"]).date()).days, 0)


# --- the board ---------------------------------------------------------------------------------

# The tasks a coordinator's work falls into; the board and "All areas" share them.
VOLUNTEERS = pgettext_lazy("task", "Winning volunteers")
PROTECTION = pgettext_lazy("task", "Safeguarding")
FACILITIES = pgettext_lazy("task", "Facilities and young people")
MATCHES = pgettext_lazy("task", "Matches")
STUDY = pgettext_lazy("task", "Study")
NOTIFICATIONS = pgettext_lazy("task", "Notifications")
ADMINISTRATION = pgettext_lazy("task", "Administration")

WB = "admin:wegbegleitung_wegbegleiter_changelist"
MATCH = "admin:matching_begleitung_changelist"
FREIGABE = "admin:schutzkonzept_freigabe_changelist"


def certificates_to_sign_count(*, region_ids: Regions) -> int:
    """Certificates of engagement a volunteer asked for, waiting for a coordinator's sign-off."""
    qs = Nachweis.objects.filter(status=Nachweis.Status.BEANTRAGT)
    return (qs if region_ids is None else qs.filter(wegbegleiter__region__in=region_ids)).count()


def expenses_to_decide_count(*, region_ids: Regions) -> int:
    """Expenses submitted by volunteers, waiting for a coordinator's decision."""
    qs = Auslage.objects.filter(status=Auslage.Status.EINGEREICHT)
    if region_ids is not None:
        qs = qs.filter(**{f"begleitung__{MATCH_REGION}__in": region_ids})
    return qs.count()


def board_for(*, user: User) -> list[Tile]:
    """Every tile the user's home shows, counted in their regions."""
    regions = regions_of(user)
    S, M = Wegbegleiter.Status, Begleitung.Status
    due, overdue = support_due_counts(region_ids=regions)
    waiting, days = requests_waiting(region_ids=regions)
    erasures, erasure_due = erasure_requests_waiting(region_ids=regions)
    tiles = [
        Tile("beworben", VOLUNTEERS, _("New applications"),
             volunteers_in_stage(S.BEWORBEN, region_ids=regions), WB, f"stage={S.BEWORBEN}"),
        Tile("erstgespraech", VOLUNTEERS, _("Interviews to hold"),
             interviews_to_hold_count(region_ids=regions), WB, "pruefung=erstgespraech"),
        Tile("referenzen", VOLUNTEERS, _("References missing"),
             references_missing_count(region_ids=regions), WB, "pruefung=referenzen"),
        Tile("supervision", VOLUNTEERS, _("Supervision due"),
             supervision_due_count(region_ids=regions), WB, "supervision=due"),
        Tile("ausstieg", VOLUNTEERS, _("Asked to leave"),
             exit_requested_count(region_ids=regions), WB, "ausstieg=angefragt"),
        Tile("loeschantraege", VOLUNTEERS, _("Erasure requests waiting"), erasures,
             "admin:wegbegleitung_loeschantrag_changelist", "status__exact=offen",
             _answer_by(erasure_due)),
        Tile("zeugnis_pruefen", PROTECTION, _("Certificates to inspect"),
             certificates_to_inspect_count(region_ids=regions), FREIGABE,
             "freigabe=zeugnis_fehlt"),
        Tile("zeugnis_endet", PROTECTION,
             _("Certificates ending within %(days)d days") % {"days": certificate_ending_days()},
             certificates_ending_count(region_ids=regions), FREIGABE, "freigabe=endet"),
        Tile("nachweise", VOLUNTEERS, _("Certificates of engagement to sign"),
             certificates_to_sign_count(region_ids=regions),
             "admin:nachweise_nachweis_changelist", f"status__exact={Nachweis.Status.BEANTRAGT}"),
        Tile("kodex", PROTECTION, _("Code of conduct not signed"),
             code_not_signed_count(region_ids=regions), FREIGABE, "freigabe=kodex"),
        Tile("anfragen", FACILITIES, _("Requests waiting"), waiting,
             "admin:einrichtungen_anfrage_changelist", "status__exact=offen",
             _waited(days) if waiting else ""),
        Tile("vorgeschlagen", MATCHES, _("Proposals waiting for an answer"),
             matches_in_status(M.VORGESCHLAGEN, region_ids=regions), MATCH,
             f"status__exact={M.VORGESCHLAGEN}"),
        Tile("vereinbarung", MATCHES, _("Agreements waiting for a party"),
             agreements_waiting_count(region_ids=regions), MATCH, "vereinbarung=wartet"),
        Tile("faellig", MATCHES, _("Support contacts and reviews due"), due, MATCH,
             "faellig=bald"),
        Tile("ueberfaellig", MATCHES, _("Support contacts and reviews overdue"), overdue,
             MATCH, "faellig=ueberfaellig"),
        Tile("tagebuch", MATCHES, _("Diaries silent"), diary_silent_count(region_ids=regions),
             MATCH, "tagebuch=still"),
        Tile("auslagen", MATCHES, _("Expenses to decide"),
             expenses_to_decide_count(region_ids=regions), "admin:auslagen_auslage_changelist",
             f"status__exact={Auslage.Status.EINGEREICHT}"),
        Tile("ende", MATCHES, _("Ending requested"),
             matches_in_status(M.ENDE_ANGEFRAGT, region_ids=regions), MATCH,
             f"status__exact={M.ENDE_ANGEFRAGT}"),
    ]  # fmt: skip
    if can_view_concerns(user):
        tiles.append(
            Tile("meldungen", PROTECTION, _("Open concerns"), open_concerns_count(user=user),
                 "admin:schutzkonzept_meldung_changelist", "offen=ja")
        )  # fmt: skip
    return tiles


def _answer_by(day: date | None) -> str:
    if day is None:
        return ""
    return str(_("the oldest is to be answered by %(day)s")) % {"day": f"{day:%d.%m.%Y}"}


def _waited(days: int) -> str:
    return ngettext(
        "the oldest waits for %(days)d day", "the oldest waits for %(days)d days", days
    ) % {"days": days}


def grouped(tiles: Iterable[Tile]) -> list[tuple[Promise, list[Tile]]]:
    """Tiles in the order of the task groups, groups without tiles left out."""
    rows = list(tiles)
    order = [VOLUNTEERS, PROTECTION, FACILITIES, MATCHES]
    groups = [(g, [t for t in rows if t.group is g]) for g in order]
    return [(g, members) for g, members in groups if members]
