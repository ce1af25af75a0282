"""The network's part in the data download, the erasure and the retention schedule; reminders."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from netzwerk import notifications
from netzwerk.models import Anmeldung, Einspringanfrage, Veranstaltung
from netzwerk.personal_data import collect, erase
from netzwerk.services.netz import einspringanfrage_create, einspringantwort_create
from netzwerk.services.veranstaltungen import anmeldung_register
from tests.netzwerk.conftest import Cast
from tests.netzwerk.factories import make_event
from wegbegleitung import retention
from wegbegleitung.models import Benachrichtigung
from wegbegleitung.notifications import delivery
from wegbegleitung.personal_data import Kind, Subject


def _anfrage(cast: Cast) -> Einspringanfrage:
    return einspringanfrage_create(
        acting_user=cast.staff_a, region=cast.region_a, traeger=cast.nord, bezirk="Nord",
        bedarf="Zwei Nachtdienste", gueltig_bis=timezone.localdate() + timedelta(days=2),
    )  # fmt: skip


def test_the_download_holds_registrations_and_posts(cast: Cast):
    event = make_event(cast.alice, cast.region_a)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    _anfrage(cast)
    (vera,) = collect(Subject(Kind.WEGBEGLEITER, cast.vera.pk))
    assert vera.key == "network_registrations" and len(vera.records) == 1
    assert "Deeskalation im Alltag" in str(vera.records[0])
    keys = [s.key for s in collect(Subject(Kind.NUTZER, cast.staff_a.pk))]
    assert keys == ["network_registrations", "network_requests"]
    assert collect(Subject(Kind.NUTZER, cast.paul.pk)) == []


def test_an_erasure_deletes_registrations_and_unnames_posts(cast: Cast):
    event = make_event(cast.alice, cast.region_a)
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    anfrage = _anfrage(cast)
    einspringantwort_create(acting_user=cast.paul, anfrage=anfrage, traeger=cast.sonne, text="Ja")
    subject = Subject(Kind.NUTZER, cast.staff_a.pk)
    plan = erase(subject, execute=False)
    assert [(s.action, s.count) for s in plan] == [("delete", 1), ("anonymise", 1)]
    assert Anmeldung.objects.count() == 1
    erase(subject, execute=True)
    assert not Anmeldung.objects.exists()
    anfrage.refresh_from_db()
    assert anfrage.erstellt_von is None and anfrage.bedarf == "Zwei Nachtdienste"


def test_the_schedule_deletes_expired_requests_and_old_registrations(cast: Cast, settings):
    settings.WB_RETENTION_NETWORK_REQUEST_DAYS = 30
    settings.WB_RETENTION_NETWORK_REGISTRATION_MONTHS = 24
    kinds = {k.key: k for k in retention.kinds()}
    today = timezone.localdate()
    old, fresh = _anfrage(cast), _anfrage(cast)
    Einspringanfrage.objects.filter(pk=old.pk).update(gueltig_bis=today - timedelta(days=31))
    Einspringanfrage.objects.filter(pk=fresh.pk).update(gueltig_bis=today - timedelta(days=29))
    event = make_event(cast.alice, cast.region_a)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    requests, registrations = kinds["network_requests"], kinds["network_registrations"]
    assert (requests.due(today), registrations.due(today)) == (1, 0)
    assert requests.purge(today) == 1
    assert list(Einspringanfrage.objects.all()) == [fresh]
    long_ago = timezone.now() - timedelta(days=800)
    Veranstaltung.objects.filter(pk=event.pk).update(beginn=long_ago,
                                                     ende=long_ago + timedelta(hours=2))  # fmt: skip
    assert registrations.purge(today) == 1 and not Anmeldung.objects.exists()


def test_the_day_before_everyone_registered_is_reminded_once(cast: Cast, mailoutbox):
    tomorrow = timezone.now() + timedelta(days=1)
    event = make_event(cast.alice, cast.region_a, start=tomorrow, kapazitaet=2)
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    anmeldung_register(acting_user=cast.paul, veranstaltung=event)  # waiting list: no reminder
    later = make_event(cast.alice, cast.region_a, start=tomorrow + timedelta(days=2))
    anmeldung_register(acting_user=cast.paul, veranstaltung=later)
    today = timezone.localdate()
    due = list(notifications.reminders_due(today))
    assert {d.recipient_id for d in due} == {cast.vera.user_id, cast.staff_a.pk}
    delivery.record(notifications.REMINDER, due)
    delivery.record(notifications.REMINDER, notifications.reminders_due(today))  # a second run
    assert Benachrichtigung.objects.filter(kind=notifications.REMINDER).count() == 2
    delivery.deliver_due()
    mail = next(m for m in mailoutbox if m.to == [cast.vera.user.email])
    assert mail.subject == "Morgen: Deeskalation im Alltag"
    assert (
        "Bürgerhaus Bornheim" in mail.body
        and f"/netzwerk/veranstaltungen/{vera.veranstaltung_id}/" in mail.body
    )
