"""Demo data of the coordinator's home (idempotent): the coordinator's Monday morning in
Rhein-Main, so every tile of the board has something to count.

At Kinderhaus Am Park (the facility has no demo login, so the facility's own to-do list stays as
the facilities' demo made it):

- Anke Seidel, moving away, asked in the portal to leave, for her certificate of engagement and
  for her data to be erased: her running match with Finn is "ending requested" until the
  farewell, the certificate waits for the coordinator's sign-off, the erasure request for the
  coordinator's answer within a month;
- David König's match with Leni has gone quiet: no diary entry for weeks, the support contact is
  overdue;
- Miriam Roth's match with Can: the next support contact falls due in the next days;
- Lars Petersen was proposed to Selin this morning (waiting for an answer);
- Carla Meier met Luca, both said yes; the agreement waits for the facility and for Luca.

The running matches have a past, so they are written with their real dates by the reports'
history builder; the dates that decide "due soon" and "overdue" are worked out from the rules in
``matching.schedule`` (not from the calendar), so the board looks the same on any day. Every
later step goes through the services the volunteer and the coordinator use. Everything is created
in one transaction, and only when Anke Seidel does not exist yet.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from berichte.demo import PARK, Geschichte, _at, _History
from einrichtungen.models import Anfrage
from matching import schedule, services
from matching.models import Begleitung, Partei, Treffen, Unterstuetzungskontakt
from nachweise.services import nachweis_request
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.services.erasure_requests import loeschantrag_create
from wegbegleitung.services.volunteer_path import wegbegleiter_transition

S, W = Begleitung.Status, Wegbegleiter.Status
Kontakt = Unterstuetzungskontakt

LEAVING = Geschichte("anke.seidel", "Anke", "Seidel", "Finn", PARK, -11, None, S.AKTIV, 33)
SILENT = Geschichte("david.koenig", "David", "König", "Leni", PARK, -7, None, S.AKTIV, 24)
DUE_SOON = Geschichte("miriam.roth", "Miriam", "Roth", "Can", PARK, -3, None, S.AKTIV, 45)
# volunteers accepted and cleared, not matched yet (local part, first and last name, months ago)
PROPOSED = ("lars.petersen", "Lars", "Petersen", -3)
AGREEING = ("carla.meier", "Carla", "Meier", -4)


def load(*, out: Callable[[str], None]) -> None:
    if User.objects.filter(email=f"{LEAVING.local}@{DOMAIN}").exists():
        return
    with transaction.atomic():
        _Monday().write()
    out(f"Monday at koordination@{DOMAIN}: Anke Seidel leaves, her certificate waits to be signed;")
    out(
        "  Begleitungen: Finn ending, Leni silent + overdue, Can due, Selin proposed, Luca agreement."
    )


class _Monday(_History):
    def write(self) -> None:
        self.leaving()
        self.silent()
        self.due_soon()
        self.proposed()
        self.agreeing()

    def running(self, g: Geschichte) -> Begleitung:
        self.match(g)
        return Begleitung.objects.select_related("wegbegleiter__user").get(
            wegbegleiter__user__email=f"{g.local}@{DOMAIN}"
        )

    def leaving(self) -> None:
        """Anke moves away: she leaves in the portal (her match becomes "ending requested"),
        asks for her certificate of engagement and for her data to be erased."""
        anke = self.running(LEAVING).wegbegleiter
        wegbegleiter_transition(
            acting_user=anke.user, wegbegleiter=anke, action="leave",
            reason="Ich ziehe beruflich nach Hamburg.",
        )  # fmt: skip
        nachweis_request(acting_user=anke.user, wegbegleiter=anke)
        assert anke.region_id is not None
        loeschantrag_create(
            acting_user=anke.user, subject=Subject(Kind.WEGBEGLEITER, anke.pk),
            region_id=anke.region_id,
            message="Bitte löscht meine Daten, wenn der Abschied von Finn geschafft ist.",
        )  # fmt: skip

    def silent(self) -> None:
        """No diary entry for longer than WB_DIARY_SILENCE_WEEKS, the support contact overdue."""
        begleitung = self.running(SILENT)
        silence = timedelta(weeks=settings.WB_DIARY_SILENCE_WEEKS + 2)
        Treffen.objects.filter(begleitung=begleitung, datum__gt=self.today - silence).delete()
        contacts = Kontakt.objects.filter(begleitung=begleitung).order_by("-datum", "-id")
        # drop the latest contacts until the next one was due at least ten days ago
        while (last := contacts.first()) is not None and self.contact_due(
            begleitung, last.datum
        ) >= self.today - timedelta(days=10):
            last.delete()

    def due_soon(self) -> None:
        """The last support contact lies so far back that the next one is due within
        WB_SUPPORT_DUE_SOON_DAYS (two days from today, or today when that is 0), not overdue.
        The match started three months back, so that contact falls after its first month (the
        monthly rhythm) on any day; it was the review when the review would be overdue."""
        begleitung = self.running(DUE_SOON)
        start = begleitung.started_on
        assert start is not None
        target = self.today + timedelta(days=min(2, settings.WB_SUPPORT_DUE_SOON_DAYS))
        last = next(
            day
            for day in _back_from(self.today, start)
            if self.contact_due(begleitung, day) <= target
        )
        assert self.today <= self.contact_due(begleitung, last) <= target
        contacts = Kontakt.objects.filter(begleitung=begleitung)
        contacts.filter(datum__gt=last).delete()
        contact = contacts.filter(datum=last).first() or Kontakt(
            begleitung=begleitung, mit=Kontakt.Mit.WEGBEGLEITER, datum=last, dauer_minuten=20,
            kanal=Kontakt.Kanal.TELEFON, aktivitaeten="Schwimmbad, Hausaufgaben",
            beziehung="Can freut sich auf die Treffen", kinderschutz="Nichts Auffälliges",
            wirkung="Can traut sich mehr zu", created_by=self.coordinator,
        )  # fmt: skip
        reviewed = contacts.filter(ist_review=True).order_by("-datum").first()
        review_due = schedule.next_review_due(
            started_on=start,
            last_review=reviewed.datum if reviewed else None,
            rhythmus=schedule.Rhythmus.of(begleitung.programm),
        )
        contact.ist_review = contact.ist_review or review_due < self.today
        contact.save()

    def contact_due(self, begleitung: Begleitung, last: date) -> date:
        assert begleitung.started_on is not None
        return schedule.next_contact_due(
            started_on=begleitung.started_on,
            last_contact=last,
            care_leaver=False,
            rhythmus=schedule.Rhythmus.of(begleitung.programm),
        )

    def free_mentor(self, spec: tuple[str, str, str, int]) -> Wegbegleiter:
        local, first, last, months = spec
        registered = self.month(months, 3)
        accepted = registered + timedelta(days=45)
        mentor = self.mentor(
            local, first, last, registered=registered, status=W.VERFUEGBAR, active_from=accepted
        )
        self.clear(mentor, accepted - timedelta(days=10))
        return mentor

    def request(self, vorname: str, age: int, days: int) -> Anfrage:
        j = self.young(vorname, self.einrichtungen[PARK], age)
        asked = self.today - timedelta(days=days)
        return Anfrage.objects.create(
            jugendliche=j, angefragt_von=self.staff, angefragt_am=_at(asked, 9),
            status_seit=_at(asked, 9), bemerkung="Wünscht sich jemanden für Freizeit und Schule.",
        )  # fmt: skip

    def proposed(self) -> None:
        """Lars Petersen proposed to Selin this morning: the answer is still open."""
        lars = self.free_mentor(PROPOSED)
        anfrage = self.request("Selin", 13, 21)
        services.begleitung_propose(
            acting_user=self.coordinator, anfrage=anfrage, wegbegleiter=lars
        )

    def agreeing(self) -> None:
        """Carla Meier and Luca met and both said yes; Carla and the coordinator confirmed the
        agreement, the facility and Luca have not yet."""
        carla = self.free_mentor(AGREEING)
        anfrage = self.request("Luca", 15, 30)
        begleitung = services.begleitung_propose(
            acting_user=self.coordinator, anfrage=anfrage, wegbegleiter=carla
        )
        services.kennenlernen_record(
            acting_user=self.coordinator, begleitung=begleitung, datum=self.today,
            teilnehmende="Carla Meier, Luca, Bezugsbetreuer aus dem Kinderhaus Am Park",
            zusage_wegbegleiter="ja", zusage_jugendliche="ja",
        )  # fmt: skip
        services.begleitung_transition(
            acting_user=self.coordinator, begleitung=begleitung, action="to_agreement"
        )
        services.vereinbarung_save(
            acting_user=self.coordinator,
            begleitung=begleitung,
            **services.default_agreement_texts(),
        )
        for user, partei in [
            (carla.user, Partei.WEGBEGLEITER),
            (self.coordinator, Partei.KOORDINATION),
        ]:
            services.vereinbarung_confirm(
                acting_user=user, begleitung=begleitung, partei=partei, name=""
            )


def _back_from(today: date, first: date) -> list[date]:
    return [today - timedelta(days=n) for n in range((today - first).days + 1)]
