"""Demo history for the reports (idempotent): two years of mentoring in Rhein-Main.

The reports look back (by default the last 12 full months), so the demo needs a past: matches
that started up to 20 months ago, some closed (on time, early, for different reasons), one
paused and one in the care-leaver phase; fortnightly diary entries, support contacts in the
schedule's rhythm (a few late), reviews, help-plan conferences whose flags follow each young
person's situation (considered before the match, the mentor invited and mostly present while it
ran, no longer considered after goals were reached), requests matched after weeks of waiting and
two still waiting, volunteers who registered during the year at every stage, one certificate
about to end and one open clearance lapse.

The services stamp "today" on every step, so this history is written with its real dates; the
clearance records go through the safeguarding services like the rest of the demo. Everything is
created in one transaction, and only when the first demo mentor of it does not exist yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from einrichtungen.alter import age_on
from einrichtungen.einwilligungen import consent_age_of
from einrichtungen.models import Anfrage, Einrichtung, Einwilligung, Hilfeplangespraech, Jugendliche
from matching.models import (
    Abschluss,
    Begleitung,
    Bestaetigung,
    Partei,
    Treffen,
    Unterstuetzungskontakt,
    Vereinbarung,
)
from matching.services import default_agreement_texts
from schutzkonzept.dates import add_months
from schutzkonzept.models import FreigabeVerlust
from schutzkonzept.services.certificates import fuehrungszeugnis_record, schutzschulung_record
from schutzkonzept.services.conduct import current_verhaltenskodex, verhaltenskodex_sign
from wegbegleitung.demo import DEMO_PASSWORD, DOMAIN
from wegbegleitung.models import Bewerbung, Region, User, Wegbegleiter
from wegbegleitung.roles import Role
from wegbegleitung.services.roles import user_grant_role

S = Begleitung.Status
W = Wegbegleiter.Status
LINDENHOF, PARK = "Wohngruppe Lindenhof", "Kinderhaus Am Park"


@dataclass(frozen=True)
class Geschichte:
    """One past match: mentor, young person, start and end (months from this month's first)."""

    local: str
    first_name: str
    last_name: str
    vorname: str
    einrichtung: str
    start: int
    end: int | None
    status: str
    wait_days: int
    art: str = ""
    grund: str = ""
    mentor_after: str = W.VERFUEGBAR


A, G = Abschluss.Art, Abschluss.Grund
HISTORY = [
    Geschichte("sabine.krueger", "Sabine", "Krüger", "Mia", LINDENHOF, -20, -6, S.BEENDET, 35,
               A.GEPLANT, G.ZIEL_ERREICHT),
    Geschichte("thomas.brandt", "Thomas", "Brandt", "Elias", PARK, -18, -9, S.BEENDET, 48,
               A.UNGEPLANT, G.ZEIT_WB, W.AUSGESCHIEDEN),
    Geschichte("leonie.hartmann", "Leonie", "Hartmann", "Lea", LINDENHOF, -16, None, S.AKTIV, 27),
    Geschichte("yusuf.arslan", "Yusuf", "Arslan", "Noah", PARK, -10, -4, S.BEENDET, 62,
               A.UNGEPLANT, G.BEZIEHUNG, W.PAUSIERT),
    Geschichte("julia.vogel", "Julia", "Vogel", "Sofia", LINDENHOF, -8, None, S.PAUSIERT, 41),
    Geschichte("paul.schneider", "Paul", "Schneider", "Ben", PARK, -15, None, S.CARE_LEAVER, 30),
    Geschichte("nina.fischer", "Nina", "Fischer", "Emir", LINDENHOF, -5, None, S.AKTIV, 19),
    Geschichte("jan.wolf", "Jan", "Wolf", "Lina", PARK, -14, -3, S.BEENDET, 55,
               A.GEPLANT, G.UMZUG, W.AUSGESCHIEDEN),
]  # fmt: skip
# Volunteers who registered during the year and are at an earlier stage (months ago, stage).
NEWCOMERS = [
    ("greta.lang", "Greta", "Lang", -7, W.INTERESSENT),
    ("moritz.kaya", "Moritz", "Kaya", -4, W.IN_PRUEFUNG),
    ("ole.jansen", "Ole", "Jansen", -8, W.VERFUEGBAR),
]
# what the closure record says the mentor does next, by the volunteer's state after it
AFTER: dict[str, str] = {
    W.VERFUEGBAR: Abschluss.Danach.VERFUEGBAR,
    W.PAUSIERT: Abschluss.Danach.PAUSIEREN,
    W.AUSGESCHIEDEN: Abschluss.Danach.AUSSCHEIDEN,
}
WAITING = [("Tarek", LINDENHOF, 52), ("Zoe", PARK, 88)]  # young people waiting (days)
ACTIVITIES = ["Fußball im Park", "Hausaufgaben und Kakao", "Bewerbung geschrieben",
              "Pfannkuchen gekocht", "Stadtbibliothek", "Radtour am Main", "Museum besucht",
              "Kino"]  # fmt: skip


def load(*, out: Callable[[str], None]) -> None:
    if User.objects.filter(email=_email(HISTORY[0].local)).exists():
        return
    with transaction.atomic():
        _History().write()
    out("Reports: two years of matches in Rhein-Main (closed, paused, care leaver), diaries,")
    out("  support contacts, help-plan conferences, waiting requests. Admin: Berichte")


def _email(local: str) -> str:
    return f"{local}@{DOMAIN}"


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class _History:
    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.first = self.today.replace(day=1)
        self.region = Region.objects.get(name="Rhein-Main")
        self.coordinator = User.objects.get(email=_email("koordination"))
        self.staff = User.objects.get(email=_email("einrichtung"))
        self.einrichtungen = {e.name: e for e in Einrichtung.objects.filter(region=self.region)}

    def month(self, months: int, day: int) -> date:
        return add_months(self.first, months).replace(day=day)

    def write(self) -> None:
        for g in HISTORY:
            self.match(g)
        for local, first, last, months, status in NEWCOMERS:
            self.newcomer(local, first, last, months, status)
        for vorname, einrichtung, days in WAITING:
            self.waiting(vorname, self.einrichtungen[einrichtung], days)
        self.lapse()

    # --- people -----------------------------------------------------------------------------

    def mentor(self, local: str, first: str, last: str, *, registered: date, status: str,
               active_from: date | None, active_to: date | None = None) -> Wegbegleiter:  # fmt: skip
        user = User.objects.create_user(
            _email(local), DEMO_PASSWORD, first_name=first, last_name=last
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user_grant_role(acting_user=None, user=user, role=Role.WEGBEGLEITUNG, region=self.region)
        wegbegleiter = Wegbegleiter.objects.create(
            user=user, region=self.region, status=status, created_at=_at(registered),
            activity_started_on=active_from, activity_ended_on=active_to,
        )  # fmt: skip
        if status != W.INTERESSENT:
            Bewerbung.objects.create(
                wegbegleiter=wegbegleiter, phone="069 1234567", postal_code="60311",
                motivation="Ich möchte jungen Menschen eine verlässliche Begleitung sein.",
                submitted_at=_at(registered + timedelta(days=10)),
            )  # fmt: skip
        return wegbegleiter

    def clear(self, wegbegleiter: Wegbegleiter, inspected_on: date) -> None:
        fuehrungszeugnis_record(
            acting_user=self.coordinator, wegbegleiter=wegbegleiter, inspected_on=inspected_on,
            issued_on=inspected_on - timedelta(days=21), relevant_conviction=False,
        )  # fmt: skip
        kodex = current_verhaltenskodex()
        if kodex is not None:
            verhaltenskodex_sign(
                acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter, kodex=kodex,
                typed_name=wegbegleiter.user.get_full_name(), confirmed=True,
            )  # fmt: skip
        schutzschulung_record(
            acting_user=self.coordinator, wegbegleiter=wegbegleiter,
            attended_on=inspected_on + timedelta(days=7), title="Schutzkonzept-Grundschulung",
        )  # fmt: skip

    def young(self, vorname: str, einrichtung: Einrichtung, age: int,
              moved_out: date | None = None) -> Jugendliche:  # fmt: skip
        j = Jugendliche.objects.create(
            einrichtung=einrichtung, vorname=vorname, geburtsmonat=(self.today.month + 5) % 12 + 1,
            geburtsjahr=self.today.year - age - 1, sprachen="Deutsch",
            interessen="Fußball, Musik, Kochen", wuensche="Jemand, der zuhört und Zeit hat",
            jugendamt=f"Jugendamt {einrichtung.ort}", auszug_am=moved_out,
            sorgerecht=Jugendliche.Sorgerecht.VORMUND, created_by=self.staff,
        )  # fmt: skip
        holders = (
            [Einwilligung.Inhaber.VOLLJAEHRIGE] if age >= 18 else [Einwilligung.Inhaber.VORMUND]
        )
        if age < 18 and age_on(j.geburtsjahr, j.geburtsmonat, self.today) >= consent_age_of(j):
            holders.append(Einwilligung.Inhaber.JUGENDLICHE)  # old enough to consent as well
        for bereich in Einwilligung.Bereich.values:
            for holder in holders:
                Einwilligung.objects.create(
                    jugendliche=j, bereich=bereich, inhaber=holder,
                    erteilt_am=self.today - timedelta(days=700),
                )  # fmt: skip
        return j

    # --- one match and its records ----------------------------------------------------------

    def match(self, g: Geschichte) -> None:
        start = self.month(g.start, 10)
        end = self.month(g.end, 20) if g.end is not None else None
        mentor = self.mentor(
            g.local, g.first_name, g.last_name, registered=add_months(start, -4),
            status=g.mentor_after if end else W.VERFUEGBAR, active_from=add_months(start, -1),
            active_to=end if g.mentor_after == W.AUSGESCHIEDEN else None,
        )  # fmt: skip
        if g.mentor_after != W.AUSGESCHIEDEN:
            inspected = add_months(start, -2)
            if g.vorname == "Lea":  # her mentor's certificate ends within the next weeks
                inspected = add_months(self.today, -59) + timedelta(days=21)
            self.clear(mentor, inspected)
        care_since = self.month(-3, 1) if g.status == S.CARE_LEAVER else None
        j = self.young(g.vorname, self.einrichtungen[g.einrichtung],
                       18 if care_since else 15, moved_out=care_since)  # fmt: skip
        anfrage = Anfrage.objects.create(
            jugendliche=j, status=Anfrage.Status.VERMITTELT, angefragt_von=self.staff,
            angefragt_am=_at(start - timedelta(days=g.wait_days), 9), abgeschlossen_am=_at(start),
            status_seit=_at(start),
        )  # fmt: skip
        paused = self.month(-1, 5) if g.status == S.PAUSIERT else None
        begleitung = Begleitung.objects.create(
            wegbegleiter=mentor, jugendliche=j, anfrage=anfrage, status=g.status,
            status_since=_at(end or paused or care_since or start), started_on=start,
            ended_on=end, care_leaver_since=care_since, proposed_by=self.coordinator,
            proposed_at=_at(start - timedelta(days=21)),
            resume_status=S.AKTIV if paused else "",
        )  # fmt: skip
        self.agreement(begleitung, start)
        last = min(end or self.today, paused or self.today, self.today)
        self.diary(begleitung, start, last)
        self.contacts(begleitung, start, min(end or self.today, self.today), care_since)
        self.conferences(j, start, end, g)
        if end is not None:
            self.closure(begleitung, g, end)

    def agreement(self, begleitung: Begleitung, start: date) -> None:
        vereinbarung = Vereinbarung.objects.create(
            begleitung=begleitung, laufzeit_monate=12, created_by=self.coordinator,
            created_at=_at(start - timedelta(days=7)), **default_agreement_texts(),
        )  # fmt: skip
        names = {Partei.WEGBEGLEITER: begleitung.wegbegleiter.user.get_full_name(),
                 Partei.JUGENDLICHE: begleitung.jugendliche.vorname,
                 Partei.EINRICHTUNG: self.staff.get_full_name(),
                 Partei.KOORDINATION: self.coordinator.get_full_name()}  # fmt: skip
        for partei, name in names.items():
            Bestaetigung.objects.create(
                vereinbarung=vereinbarung, partei=partei, name=name, at=_at(start - timedelta(1))
            )

    def diary(self, begleitung: Begleitung, start: date, last: date) -> None:
        for n, day in enumerate(_every(start + timedelta(days=4), last, 14)):
            art = Treffen.Art.TELEFON if n % 4 == 3 else Treffen.Art.PERSOENLICH
            art = Treffen.Art.VIDEO if n % 7 == 6 else art
            Treffen.objects.create(
                begleitung=begleitung, datum=day, dauer_minuten=(90, 120, 150)[n % 3], art=art,
                aktivitaet=ACTIVITIES[n % len(ACTIVITIES)],
                stimmung=Treffen.Stimmung.MITTEL if n % 5 == 4 else Treffen.Stimmung.GUT,
                created_at=_at(day, 20),
            )  # fmt: skip

    def contacts(self, begleitung: Begleitung, start: date, last: date,
                 care_since: date | None) -> None:  # fmt: skip
        """Twice in the first month, then monthly, quarterly after a year (care leavers too);
        every fifth one ten days late. The contact in the five weeks before a review is due is
        the review (after three months, then yearly); when none falls there, the review is late."""
        day, n, review_due = start + timedelta(days=12), 0, add_months(start, 3)
        sides = list(Unterstuetzungskontakt.Mit.values)
        while day <= last:
            later = day >= add_months(start, 12) or (care_since is not None and day >= care_since)
            review = 0 <= (review_due - day).days <= 35 or day > review_due
            Unterstuetzungskontakt.objects.create(
                begleitung=begleitung, mit=sides[n % 3], datum=day, dauer_minuten=25,
                kanal=Unterstuetzungskontakt.Kanal.TELEFON if n % 2 else
                Unterstuetzungskontakt.Kanal.PERSOENLICH,
                aktivitaeten=ACTIVITIES[n % len(ACTIVITIES)],
                beziehung="Vertraut, die Treffen sind regelmäßig", kinderschutz="Nichts Auffälliges",
                wirkung="Mehr Zuversicht in der Schule", ist_review=review,
                created_by=self.coordinator,
            )  # fmt: skip
            if review:
                review_due = add_months(day, 12)
            n += 1
            step = 15 if day < add_months(start, 1) else (91 if later else 30)
            day += timedelta(days=step + (10 if n % 5 == 4 else 0))

    def conferences(self, j: Jugendliche, start: date, end: date | None, g: Geschichte) -> None:
        """Before the match mentoring is considered (hence the request); while it runs the mentor
        is invited and present, except at Noah's last one before the relationship ended; after a
        planned end with goals reached it is no longer considered."""
        for day in _every(start - timedelta(days=60), self.today - timedelta(days=7), 182):
            running = start <= day and (end is None or day < end)
            after = end is not None and day >= end
            absent = g.vorname == "Noah" and end is not None and day >= add_months(end, -4)
            Hilfeplangespraech.objects.create(
                jugendliche=j, datum=day, teilnehmende="Jugendamt, Vormund, Bezugsbetreuerin",
                wegbegleitung_erwogen=not (after and g.grund == G.ZIEL_ERREICHT),
                wegbegleiter_eingeladen=running, wegbegleiter_teilgenommen=running and not absent,
                ziele="Schule abschließen, Freizeit gestalten",
                naechste_ueberpruefung=day + timedelta(days=182),
                mit_wegbegleitung_geteilt=running,
            )  # fmt: skip

    def closure(self, begleitung: Begleitung, g: Geschichte, end: date) -> None:
        after = AFTER[g.mentor_after]
        Abschluss.objects.create(
            begleitung=begleitung, art=g.art, grund=g.grund, beendet_am=end,
            gespraech_wegbegleiter="Abschlussgespräch geführt", kontakt_danach=Abschluss.Kontakt.KEIN,
            wegbegleiter_danach=after, created_by=self.coordinator,
        )  # fmt: skip

    # --- the rest of the year -----------------------------------------------------------------

    def newcomer(self, local: str, first: str, last: str, months: int, status: str) -> None:
        registered = self.month(months, 3)
        accepted = add_months(registered, 2) if status == W.VERFUEGBAR else None
        mentor = self.mentor(local, first, last, registered=registered, status=status,
                             active_from=accepted)  # fmt: skip
        if accepted is not None:
            self.clear(mentor, accepted - timedelta(days=10))

    def waiting(self, vorname: str, einrichtung: Einrichtung, days: int) -> None:
        j = self.young(vorname, einrichtung, 14)
        asked = self.today - timedelta(days=days)
        Anfrage.objects.create(
            jugendliche=j, angefragt_von=self.staff, angefragt_am=_at(asked, 9),
            status_seit=_at(asked, 9), bemerkung="Wünscht sich jemanden für Sport und Schule.",
        )  # fmt: skip
        Hilfeplangespraech.objects.create(
            jugendliche=j, datum=asked - timedelta(days=5), wegbegleitung_erwogen=True,
            teilnehmende="Jugendamt, Vormund, Bezugsbetreuerin", ziele="Freizeit, Schule",
            naechste_ueberpruefung=asked + timedelta(days=177),
        )  # fmt: skip

    def lapse(self) -> None:
        """Jörg Albers kept volunteering while his certificate ran out five years after issue."""
        since = add_months(self.today, -62)
        joerg = self.mentor("joerg.albers", "Jörg", "Albers", registered=add_months(since, -2),
                            status=W.VERFUEGBAR, active_from=since)  # fmt: skip
        self.clear(joerg, since)
        FreigabeVerlust.objects.create(
            wegbegleiter=joerg, detected_on=self.today - timedelta(days=12),
            notified_at=_at(self.today - timedelta(days=12)),
        )  # fmt: skip


def _every(first: date, last: date, days: int) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=days)
