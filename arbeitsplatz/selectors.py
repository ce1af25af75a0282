"""What the coordinator's home counts: one function per tile, each calling the rule of the app
that owns it (the same rule the linked admin filter applies), scoped to the user's regions.

``region_ids`` is ``None`` for a superuser (every region), else the regions the user answers for.
``programm`` is the programme the coordinator chose on her home, ``None`` for every programme:
requests and matches by their programme, volunteers (and their clearance, certificates,
supervision) by the programmes they serve in. Erasure requests and concerns count whatever the
programme: they concern a person, and a concern must never hide behind a filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
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
from programme.models import Programm
from programme.selectors import PARAMETER
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
from wegbegleitung.data_generation import remembered
from wegbegleitung.models import Loeschantrag, User, Wegbegleiter
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.programmes import serves_in
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


def _serving(qs: QuerySet[Any], programm: Programm | None, field: str = "pk") -> QuerySet[Any]:
    """Rows whose volunteer serves in ``programm`` (every row for all programmes)."""
    return qs if programm is None else qs.filter(serves_in(programm.pk, field=field))


def _of(qs: QuerySet[Any], programm: Programm | None, lookup: str = "programm") -> QuerySet[Any]:
    """Requests or matches (``lookup``: the path to their programme) of ``programm``."""
    return qs if programm is None else qs.filter(**{lookup: programm})


# --- volunteers --------------------------------------------------------------------------------


def _volunteers(qs: QuerySet[Any], region_ids: Regions, programm: Programm | None) -> int:
    return _serving(_scoped(qs, region_ids), programm).count()


def volunteers_in_stage(
    status: str, *, region_ids: Regions, programm: Programm | None = None
) -> int:
    return _volunteers(Wegbegleiter.objects.filter(status=status), region_ids, programm)


def interviews_to_hold_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    return _volunteers(interview_pending(Wegbegleiter.objects.all()), region_ids, programm)


def references_missing_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    return _volunteers(references_pending(Wegbegleiter.objects.all()), region_ids, programm)


def supervision_due_count(
    *, region_ids: Regions, today: date | None = None, programm: Programm | None = None
) -> int:
    due = lists.supervision_due_for_matches(today, region_ids=region_ids)
    return _serving(due, programm).count()


def exit_requested_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    return _volunteers(exit_requested(Wegbegleiter.objects.all()), region_ids, programm)


def erasure_requests_waiting(*, region_ids: Regions) -> tuple[int, date | None]:
    """Open erasure requests (GDPR Art. 17) and the earliest day one must be answered by."""
    row = _scoped(Loeschantrag.objects.filter(status=Loeschantrag.Status.OFFEN), region_ids)
    found = row.aggregate(n=Count("pk"), due=Min("due_on"))
    return found["n"], found["due"]


# --- child protection --------------------------------------------------------------------------


def _clearance(region_ids: Regions, programm: Programm | None) -> QuerySet[Any]:
    qs = _serving(_scoped(Freigabe.objects.all(), region_ids), programm)  # a view on volunteers
    return annotate_clearance(qs)


def certificates_ending_count(
    *, region_ids: Regions, today: date | None = None, programm: Programm | None = None
) -> int:
    return certificate_ending_within(_clearance(region_ids, programm), today=today).count()


def certificates_to_inspect_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    return certificate_to_inspect(_clearance(region_ids, programm)).count()


def code_not_signed_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    return code_not_signed(_clearance(region_ids, programm)).count()


def open_concerns_count(*, user: User) -> int:
    return open_concerns(meldung_list_for(user=user)).count()


# --- matches -----------------------------------------------------------------------------------


def matches_in_status(status: str, *, region_ids: Regions, programm: Programm | None = None) -> int:
    qs = _scoped(Begleitung.objects.filter(status=status), region_ids, MATCH_REGION)
    return _of(qs, programm).count()


def running_dates(*, region_ids: Regions, programm: Programm | None = None) -> list[lists.Dates]:
    """The dates of the running matches (``matching.lists.running_dates``, with the diary) of
    the regions and the programme: the due contacts and the silent diaries count from them."""
    dates = lists.running_dates(region_ids, diary=True)
    return dates if programm is None else [d for d in dates if d.programm_id == programm.pk]


def support_due_counts(dates: list[lists.Dates], *, today: date) -> tuple[int, int]:
    """(due soon or overdue, overdue): contacts and reviews."""
    due = lists.support_due(today=today, dates=dates)
    return len(due), sum(1 for f in due if f.overdue)


def agreements_waiting_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    qs = lists.vereinbarung_waiting(region_ids=region_ids)
    return _of(qs, programm, "begleitung__programm").count()


def diary_silent_count(dates: list[lists.Dates], *, today: date) -> int:
    return len(lists.diary_silent_among(dates, today=today))


# --- facilities' requests ----------------------------------------------------------------------


def requests_waiting(
    *, region_ids: Regions, today: date | None = None, programm: Programm | None = None
) -> tuple[int, int]:
    """(open requests, days the oldest of them has waited)."""
    qs = _scoped(Anfrage.objects.filter(status=Anfrage.Status.OFFEN), region_ids, MATCH_REGION)
    qs = _of(qs, programm)
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


def certificates_to_sign_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    """Certificates of engagement a volunteer asked for, waiting for a coordinator's sign-off."""
    qs = Nachweis.objects.filter(status=Nachweis.Status.BEANTRAGT)
    qs = qs if region_ids is None else qs.filter(wegbegleiter__region__in=region_ids)
    return _serving(qs, programm, "wegbegleiter").count()


def expenses_to_decide_count(*, region_ids: Regions, programm: Programm | None = None) -> int:
    """Expenses submitted by volunteers, waiting for a coordinator's decision."""
    qs = Auslage.objects.filter(status=Auslage.Status.EINGEREICHT)
    if region_ids is not None:
        qs = qs.filter(**{f"begleitung__{MATCH_REGION}__in": region_ids})
    return _of(qs, programm, "begleitung__programm").count()


def board_counts(*, user: User, today: date, programm: Programm | None = None) -> dict[str, Any]:
    """Every count of the board, read from the database (one query per count)."""
    r, p = regions_of(user), programm
    S, M = Wegbegleiter.Status, Begleitung.Status
    dates = running_dates(region_ids=r, programm=p)  # one read for due contacts and diaries
    due, overdue = support_due_counts(dates, today=today)
    waiting, days = requests_waiting(region_ids=r, today=today, programm=p)
    erasures, erasure_due = erasure_requests_waiting(region_ids=r)
    return {
        "beworben": volunteers_in_stage(S.BEWORBEN, region_ids=r, programm=p),
        "erstgespraech": interviews_to_hold_count(region_ids=r, programm=p),
        "referenzen": references_missing_count(region_ids=r, programm=p),
        "supervision": supervision_due_count(region_ids=r, today=today, programm=p),
        "ausstieg": exit_requested_count(region_ids=r, programm=p),
        "loeschantraege": erasures, "loeschantraege_due": erasure_due,
        "zeugnis_pruefen": certificates_to_inspect_count(region_ids=r, programm=p),
        "zeugnis_endet": certificates_ending_count(region_ids=r, today=today, programm=p),
        "nachweise": certificates_to_sign_count(region_ids=r, programm=p),
        "kodex": code_not_signed_count(region_ids=r, programm=p),
        "anfragen": waiting, "anfragen_days": days,
        "vorgeschlagen": matches_in_status(M.VORGESCHLAGEN, region_ids=r, programm=p),
        "vereinbarung": agreements_waiting_count(region_ids=r, programm=p),
        "faellig": due, "ueberfaellig": overdue,
        "tagebuch": diary_silent_count(dates, today=today),
        "auslagen": expenses_to_decide_count(region_ids=r, programm=p),
        "ende": matches_in_status(M.ENDE_ANGEFRAGT, region_ids=r, programm=p),
        "meldungen": open_concerns_count(user=user) if can_view_concerns(user) else None,
    }  # fmt: skip


def board_for(
    *, user: User, today: date | None = None, programm: Programm | None = None
) -> list[Tile]:
    """Every tile the user's home shows, counted in their regions (and ``programm``; all when
    None). The counts are remembered with the data's generation (``remembered``: any write reads
    them afresh), the day (due dates move with it), the certificate window and the programme,
    per user (their regions, their right to see concerns)."""
    day = today or timezone.localdate()
    chosen = "alle" if programm is None else programm.pk
    key = f"board:{user.pk}:{day.isoformat()}:{certificate_ending_days()}:programm={chosen}"
    n = remembered(key, lambda: board_counts(user=user, today=day, programm=programm))
    S, M = Wegbegleiter.Status, Begleitung.Status
    waiting, days = n["anfragen"], n["anfragen_days"]
    tiles = [
        Tile("beworben", VOLUNTEERS, _("New applications"),
             n["beworben"], WB, f"stage={S.BEWORBEN}"),
        Tile("erstgespraech", VOLUNTEERS, _("Interviews to hold"),
             n["erstgespraech"], WB, "pruefung=erstgespraech"),
        Tile("referenzen", VOLUNTEERS, _("References missing"),
             n["referenzen"], WB, "pruefung=referenzen"),
        Tile("supervision", VOLUNTEERS, _("Supervision due"),
             n["supervision"], WB, "supervision=due"),
        Tile("ausstieg", VOLUNTEERS, _("Asked to leave"),
             n["ausstieg"], WB, "ausstieg=angefragt"),
        Tile("loeschantraege", VOLUNTEERS, _("Erasure requests waiting"), n["loeschantraege"],
             "admin:wegbegleitung_loeschantrag_changelist", "status__exact=offen",
             _answer_by(n["loeschantraege_due"])),
        Tile("zeugnis_pruefen", PROTECTION, _("Certificates to inspect"),
             n["zeugnis_pruefen"], FREIGABE,
             "freigabe=zeugnis_fehlt"),
        Tile("zeugnis_endet", PROTECTION,
             _("Certificates ending within %(days)d days") % {"days": certificate_ending_days()},
             n["zeugnis_endet"], FREIGABE, "freigabe=endet"),
        Tile("nachweise", VOLUNTEERS, _("Certificates of engagement to sign"),
             n["nachweise"],
             "admin:nachweise_nachweis_changelist", f"status__exact={Nachweis.Status.BEANTRAGT}"),
        Tile("kodex", PROTECTION, _("Code of conduct not signed"),
             n["kodex"], FREIGABE, "freigabe=kodex"),
        Tile("anfragen", FACILITIES, _("Requests waiting"), waiting,
             "admin:einrichtungen_anfrage_changelist", "status__exact=offen",
             _waited(days) if waiting else ""),
        Tile("vorgeschlagen", MATCHES, _("Proposals waiting for an answer"),
             n["vorgeschlagen"], MATCH,
             f"status__exact={M.VORGESCHLAGEN}"),
        Tile("vereinbarung", MATCHES, _("Agreements waiting for a party"),
             n["vereinbarung"], MATCH, "vereinbarung=wartet"),
        Tile("faellig", MATCHES, _("Support contacts and reviews due"), n["faellig"], MATCH,
             "faellig=bald"),
        Tile("ueberfaellig", MATCHES, _("Support contacts and reviews overdue"), n["ueberfaellig"],
             MATCH, "faellig=ueberfaellig"),
        Tile("tagebuch", MATCHES, _("Diaries silent"), n["tagebuch"],
             MATCH, "tagebuch=still"),
        Tile("auslagen", MATCHES, _("Expenses to decide"),
             n["auslagen"], "admin:auslagen_auslage_changelist",
             f"status__exact={Auslage.Status.EINGEREICHT}"),
        Tile("ende", MATCHES, _("Ending requested"),
             n["ende"], MATCH,
             f"status__exact={M.ENDE_ANGEFRAGT}"),
    ]  # fmt: skip
    if n["meldungen"] is not None:
        tiles.append(
            Tile("meldungen", PROTECTION, _("Open concerns"), n["meldungen"],
                 "admin:schutzkonzept_meldung_changelist", "offen=ja")
        )  # fmt: skip
    return tiles if programm is None else [_narrowed(t, programm) for t in tiles]


# The lists that filter by programme (``programme.admin_filters.ProgrammFilter``): a tile counted
# for one programme links to that programme's rows.
PROGRAMME_LISTS = {MATCH, "admin:einrichtungen_anfrage_changelist"}


def _narrowed(tile: Tile, programm: Programm) -> Tile:
    if tile.admin_url_name not in PROGRAMME_LISTS:
        return tile
    return replace(tile, query=f"{tile.query}&{PARAMETER}={programm.pk}")


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
