"""Matching's part in the reminders and the weekly digest (issue 7).

``MatchingConfig.ready()`` registers the three providers of ``wegbegleitung.notifications``
(volunteers in a running match, the mentor of a young person, the matches needing attention) and
attaches the selectors of the four kinds that wait for matching's data:

- ``support_contact_due`` / ``support_contact_overdue`` (coordinators of the match's region):
  a support contact or review is due within WB_SUPPORT_DUE_SOON_DAYS, or its day has passed;
  once per match, topic and due date (``kontakt-2026-03-01``, ``review-2026-02-28``);
- ``diary_missing`` (the mentor, friendly): no diary entry for WB_DIARY_SILENCE_WEEKS in an
  active or care-leaver match; once per silent stretch (``seit-<last entry or start>``);
- ``agreement_confirmation`` (the party that has not confirmed): the mentor (portal), the
  facility's staff for the facility and the young person's confirmation (staff area; not after
  the young person moved out: the facility has dropped out then, and the coordinators are asked
  for the young person's confirmation instead), the coordinators (admin);
  WB_AGREEMENT_REMINDER_DAYS after the agreement was written, once per agreement and party.

Every selector reads all rows at once (``matching.lists``) plus one query for the people to
tell: a fixed number of queries, whatever the number of matches. The logged rows keep references
only (topic and due date, parties, role, the day the agreement was written); names and labels are
rendered when the mail is sent or the inbox shown (``render_support``, ``render_agreement``). The
notices carry no details of the young person for the mentor (clearance may have lapsed since);
the facility and the coordinators see the first name, as in their own lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import lists, schedule
from matching.models import Begleitung, Partei, Vereinbarung
from wegbegleitung.models import Benachrichtigung, User
from wegbegleitung.notifications import delivery, providers, registry
from wegbegleitung.notifications.common import coordinators_by_region, german_date, link
from wegbegleitung.notifications.providers import AttentionItem
from wegbegleitung.notifications.registry import Due

BEGLEITUNG = "matching.begleitung"
VEREINBARUNG = "matching.vereinbarung"
STAFF_PARTIES = (Partei.EINRICHTUNG, Partei.JUGENDLICHE)


def _region_id(begleitung: Begleitung) -> int:
    return begleitung.jugendliche.einrichtung.region_id


def _admin_url(begleitung: Begleitung) -> str:
    return link("admin:matching_begleitung_change", begleitung.pk)


# --- providers ------------------------------------------------------------------------------------


def active_match_wegbegleiter_ids(day: date) -> set[int]:
    return lists.active_wegbegleiter_ids(day=day)


def active_match_programme_ids(day: date, wegbegleiter: Any) -> Any:
    return lists.running_match_programme_ids(day=day, wegbegleiter=wegbegleiter)


def mentors_of_jugendliche(jugendliche_ids: Iterable[int], day: date) -> dict[int, int]:
    return lists.mentors_of(jugendliche_ids, day=day)


def matches_needing_attention(region_ids: Iterable[int], day: date) -> list[AttentionItem]:
    """Overdue support contacts and reviews, diary silence, agreements waiting, lapsed
    clearance and mentors leaving of the regions' matches (five queries)."""
    regions = list(region_ids)
    items: list[AttentionItem] = []

    def add(b: Begleitung, reason: str) -> None:
        items.append(AttentionItem(_region_id(b), str(b), reason, _admin_url(b)))

    for f in lists.support_due_list(today=day, within_days=0, region_ids=regions):
        if f.kontakt_overdue:
            add(f.begleitung, _("support contact overdue since %(date)s")
                % {"date": german_date(f.kontakt_due)})  # fmt: skip
        if f.review_overdue:
            add(f.begleitung, _("review overdue since %(date)s")
                % {"date": german_date(f.review_due)})  # fmt: skip
    for b in lists.diary_silent_list(today=day, region_ids=regions):
        add(b, _("no diary entry since %(date)s")
            % {"date": german_date(schedule.last_sign_of_life(b))})  # fmt: skip
    for vereinbarung, missing in lists.vereinbarung_waiting_list(region_ids=regions):
        parties = ", ".join(str(Partei(p).label) for p in missing)
        add(vereinbarung.begleitung, _("agreement waiting for: %(parties)s") % {"parties": parties})
    flagged = lists.begleitung_queryset().filter(
        status__in=Begleitung.OPEN_STATES, jugendliche__einrichtung__region_id__in=regions
    )
    # one query for both flags: lapsed clearance (an annotation) and the mentor leaving
    flagged = flagged.filter(Q(freigabe_verloren=True) | Q(status=Begleitung.Status.ENDE_ANGEFRAGT))
    for b in flagged:
        if b.freigabe_verloren:  # type: ignore[attr-defined]  # an annotation
            add(b, _("clearance of the mentor lapsed"))
        if b.status == Begleitung.Status.ENDE_ANGEFRAGT:
            add(b, _("the mentor is leaving: plan the farewell"))
    return items


# --- support contacts ---------------------------------------------------------------------------


def _support_dues(day: date, *, overdue: bool) -> Iterator[Due]:
    rows = lists.support_due_list(today=day)
    horizon = day + timedelta(days=settings.WB_SUPPORT_DUE_SOON_DAYS)
    coordinators = coordinators_by_region(_region_id(f.begleitung) for f in rows)
    for f in rows:
        b = f.begleitung
        for topic, due_on in (("kontakt", f.kontakt_due), ("review", f.review_due)):
            if (due_on < day) if overdue else (day <= due_on <= horizon):
                context = {"topic": topic, "due": due_on.isoformat()}  # references only
                period = f"{topic}-{due_on.isoformat()}"
                for user_id in coordinators.get(_region_id(b), []):
                    yield Due(user_id, BEGLEITUNG, b.pk, period, _region_id(b), context)


def _begleitungen(ids: Iterable[int]) -> dict[int, Begleitung]:
    return Begleitung.objects.select_related(
        "wegbegleiter__user", "jugendliche__einrichtung"
    ).in_bulk(set(ids))


def render_support(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    """The match's names, the topic and the date, from the current records."""
    matches = _begleitungen(r.subject_id for r in rows)
    topics = {"kontakt": _("Support contact"), "review": _("Review")}
    result = {}
    for row in rows:
        b = matches.get(row.subject_id)
        if b is not None:
            # the period key is the reference (``kontakt-2026-03-01``), also of older rows
            topic, _dash, due = row.period.partition("-")
            result[row.pk] = {
                "label": str(b),
                "thema": topics.get(topic, topic),
                "date": german_date(date.fromisoformat(due)),
                "care_leaver": b.status == Begleitung.Status.CARE_LEAVER,
                "url": _admin_url(b),
            }
    return result


def support_contact_due(day: date) -> Iterator[Due]:
    return _support_dues(day, overdue=False)


def support_contact_overdue(day: date) -> Iterator[Due]:
    return _support_dues(day, overdue=True)


# --- diary ------------------------------------------------------------------------------------


def diary_missing(day: date) -> Iterator[Due]:
    for b in lists.diary_silent_list(today=day):
        if not b.wegbegleiter.user.is_active:
            continue
        since = schedule.last_sign_of_life(b)
        context = {
            "weeks": settings.WB_DIARY_SILENCE_WEEKS,
            "since": german_date(since),
            "url": link("matching:portal"),
        }
        yield Due(
            b.wegbegleiter.user_id, BEGLEITUNG, b.pk, f"seit-{since.isoformat()}",
            _region_id(b), context,
        )  # fmt: skip


# --- agreements -------------------------------------------------------------------------------


def _staff_by_group(group_ids: Iterable[int | None]) -> dict[int, list[int]]:
    """Active members of each staff group (one query for all facilities)."""
    wanted = {pk for pk in group_ids if pk is not None}
    result: dict[int, list[int]] = defaultdict(list)
    if wanted:
        rows = (
            User.groups.through.objects.filter(group_id__in=wanted, user__is_active=True)
            .order_by("user_id")
            .values_list("group_id", "user_id")
        )
        for group_id, user_id in rows:
            result[group_id].append(user_id)
    return result


def agreement_confirmation(day: date) -> Iterator[Due]:
    written_by = day - timedelta(days=settings.WB_AGREEMENT_REMINDER_DAYS)
    waiting = [
        (v, missing, timezone.localtime(v.created_at).date())
        for v, missing in lists.vereinbarung_waiting_list()
    ]
    waiting = [row for row in waiting if row[2] <= written_by]
    coordinators = coordinators_by_region(_region_id(v.begleitung) for v, _m, _w in waiting)
    staff = _staff_by_group(
        v.begleitung.jugendliche.einrichtung.staff_group_id for v, *_ in waiting
    )
    for vereinbarung, missing, written in waiting:
        yield from _agreement_dues(
            vereinbarung, missing, written, day, coordinators=coordinators, staff=staff
        )


def _agreement_dues(
    vereinbarung: Vereinbarung,
    missing: list[str],
    written: date,
    day: date,
    *,
    coordinators: dict[int, list[int]],
    staff: dict[int, list[int]],
) -> Iterator[Due]:
    b = vereinbarung.begleitung
    jugendliche = b.jugendliche
    region_id = _region_id(b)

    def due(user_id: int, parties: Sequence[str], role: str) -> Due:
        # references only: names and labels are rendered when shown (render_agreement)
        context = {"party": "+".join(parties), "role": role, "written": written.isoformat()}
        period = f"{'+'.join(parties)}/{written.isoformat()}"
        return Due(user_id, VEREINBARUNG, vereinbarung.pk, period, region_id, context)

    if Partei.WEGBEGLEITER in missing and b.wegbegleiter.user.is_active:
        yield due(b.wegbegleiter.user_id, [Partei.WEGBEGLEITER], "mentor")
    moved_out = jugendliche.auszug_am is not None and jugendliche.auszug_am <= day
    for_staff = [p for p in STAFF_PARTIES if p in missing]
    if for_staff and not moved_out:
        for user_id in staff.get(jugendliche.einrichtung.staff_group_id or 0, []):
            yield due(user_id, for_staff, "staff")
    # after the move-out the coordinators record the young person's confirmation themselves
    for_coordination = [
        p for p in missing if p == Partei.KOORDINATION or (moved_out and p == Partei.JUGENDLICHE)
    ]
    if for_coordination:
        for user_id in coordinators.get(region_id, []):
            yield due(user_id, for_coordination, "coordination")


def render_agreement(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    """Who is waiting for whom, with the first name or the match's label by role."""
    agreements = Vereinbarung.objects.select_related(
        "begleitung__wegbegleiter__user", "begleitung__jugendliche__einrichtung"
    ).in_bulk({r.subject_id for r in rows})
    result = {}
    for row in rows:
        vereinbarung = agreements.get(row.subject_id)
        if vereinbarung is not None:
            result[row.pk] = _agreement_text(vereinbarung.begleitung, row)
    return result


def _agreement_text(b: Begleitung, row: Benachrichtigung) -> dict[str, Any]:
    # the period key is the reference (``wegbegleiter+koordination/2026-03-01``)
    party, _slash, written = row.period.partition("/")
    parties = [p for p in party.split("+") if p in Partei.values]
    role = str(row.context.get("role", ""))
    urls = {"mentor": link("matching:portal"), "staff": link("matching:staff_list")}
    return {
        "parties": ", ".join(str(Partei(p).label) for p in parties),
        "written": german_date(date.fromisoformat(written)),
        "url": urls.get(role, _admin_url(b)),
        "vorname": b.jugendliche.vorname if role == "staff" else "",
        "label": str(b) if role == "coordination" else "",
    }


# --- the mentor ends (issue 10 §1) ----------------------------------------------------------


def match_ending_notify(*, begleitung_id: int, outcome: str) -> int:
    """Tell the region's coordinators and, while the facility is a party, its staff that the
    mentor ends: a match was withdrawn or its ending is requested. The stored context holds
    references only (outcome, role, link); the mail says what to do, the admin who it is."""
    b = (
        Begleitung.objects.select_related("jugendliche__einrichtung")
        .filter(pk=begleitung_id)
        .first()
    )
    if b is None:
        return 0
    region_id = _region_id(b)
    period = outcome  # each happens once per match: neither state has a way back
    base = {"outcome": outcome, "care_leaver": b.in_care_leaver_phase}

    def due(user_id: int, role: str, url: str) -> Due:
        return Due(user_id, BEGLEITUNG, b.pk, period, region_id, {**base, "role": role, "url": url})

    coordinators = coordinators_by_region([region_id]).get(region_id, [])
    dues = [due(user_id, "coordination", _admin_url(b)) for user_id in coordinators]
    if _facility_is_party(b):
        staff = _staff_by_group([b.jugendliche.einrichtung.staff_group_id])
        group = b.jugendliche.einrichtung.staff_group_id or 0
        dues += [due(uid, "staff", link("matching:staff_list")) for uid in staff.get(group, [])]
    return delivery.notify("match_ending", dues)


def _facility_is_party(b: Begleitung) -> bool:
    moved_out = (
        b.jugendliche.auszug_am is not None and b.jugendliche.auszug_am <= timezone.localdate()
    )
    return not b.in_care_leaver_phase and not moved_out


# --- wiring -----------------------------------------------------------------------------------


def connect() -> None:
    """Called from ``MatchingConfig.ready()``."""
    import wegbegleitung.notifications.reminders  # noqa: F401 - registers the kinds

    providers.register("active_match_wegbegleiter_ids", active_match_wegbegleiter_ids)
    providers.register("active_match_programme_ids", active_match_programme_ids)
    providers.register("mentors_of_jugendliche", mentors_of_jugendliche)
    providers.register("matches_needing_attention", matches_needing_attention)
    from matching.portal import portal_matches  # the match first on the portal start

    providers.register("portal_matches", portal_matches)
    _connect_ending()
    registry.attach_selector(
        "support_contact_due", support_contact_due,
        template="matching_support_due", render=render_support,
        title=gettext_lazy("%(thema)s due on %(date)s: %(label)s"),
    )  # fmt: skip
    registry.attach_selector(
        "support_contact_overdue", support_contact_overdue,
        template="matching_support_overdue", render=render_support,
        title=gettext_lazy("%(thema)s overdue since %(date)s: %(label)s"),
    )  # fmt: skip
    registry.attach_selector(
        "diary_missing", diary_missing,
        template="matching_diary_missing",
        title=gettext_lazy("How is your match going?"),
    )  # fmt: skip
    registry.attach_selector(
        "agreement_confirmation", agreement_confirmation,
        template="matching_agreement_confirmation", render=render_agreement,
        title=gettext_lazy("Agreement waiting for confirmation: %(parties)s"),
    )  # fmt: skip


def _connect_ending() -> None:
    """The mentor ends (issue 10 §1): the volunteer side asks matching through its providers."""
    from matching.services.ending import begleitungen_end_for_wegbegleiter, running_count

    providers.register("end_matches_of_wegbegleiter", begleitungen_end_for_wegbegleiter)
    providers.register("running_match_count", running_count)
    if "match_ending" not in registry.KINDS:
        registry.register(
            registry.Kind(
                "match_ending",
                gettext_lazy(
                    "A mentor is leaving: a match is withdrawn or ends (coordination, facility)"
                ),
                gettext_lazy("A mentor is leaving: please look at the match"),
                "matching_match_ending",
                registry.Audience.COORDINATION,
                critical=True,
            )
        )
