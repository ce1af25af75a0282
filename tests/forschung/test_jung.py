"""The young person's own access: invited by staff from the age of own consent, their own page
(match, meetings, questionnaires, consents, concern form), nothing of anyone else; who may open
which page; query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Einwilligung
from einrichtungen.services.jugendliche import jugendliche_auszug
from forschung.demo import CODE
from forschung.models import Jugendzugang, Welle
from forschung.notifications import study_wave_due_mentee
from matching.models import Treffen
from tests.einrichtungen.factories import HilfeplangespraechFactory, consent_all
from tests.factories import PASSWORD
from tests.forschung.factories import active_match, item_ids, published
from tests.matching.factories import make_anfrage, make_mentor
from wegbegleitung.models import AuditEvent, Einladung, User
from wegbegleitung.roles import Role
from wegbegleitung.services.invitations import einladung_token

pytestmark = pytest.mark.django_db
I = Einwilligung.Inhaber  # noqa: E741


@pytest.fixture
def instrument(alice):
    return published(alice)


def _sixteen(einrichtung, vorname):
    """16 in Germany: the age of own consent; every scope also by the young person."""
    anfrage = make_anfrage(einrichtung, vorname=vorname, nachname="Sommer", sixteen=True)
    consent_all(anfrage.jugendliche, I.JUGENDLICHE)
    return anfrage


@pytest.fixture
def malik(einrichtung_a):
    return _sixteen(einrichtung_a, "Malik")


@pytest.fixture
def match(alice, staff_a, malik, mentor_a, instrument, django_capture_on_commit_callbacks):
    return active_match(alice, staff_a, malik, mentor_a, django_capture_on_commit_callbacks)


def _invite(client, inviter, jugendliche, email, capture):
    client.force_login(inviter)
    with capture(execute=True):
        return client.post(reverse("forschung:jugend_einladen", args=[jugendliche.pk]),
                           {"email": email}, HTTP_ACCEPT_LANGUAGE="de")  # fmt: skip


def _account(jugendliche, email, inviter, capture) -> User:
    """Invited by ``inviter``, accepted through the link: the young person's account."""
    _invite(Client(), inviter, jugendliche, email, capture)
    einladung = Einladung.objects.get(email=email)
    page = Client()
    response = page.post(
        reverse("einladung_accept", args=[einladung_token(einladung)]),
        {"first_name": jugendliche.vorname, "last_name": "X", "password1": PASSWORD,
         "password2": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=email)


def test_staff_invite_the_young_person_who_signs_in_to_their_page(
    client, match, malik, staff_a, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    response = _invite(client, staff_a, malik.jugendliche, "malik@example.org", capture)
    assert response.status_code == 302
    einladung = Einladung.objects.get(email="malik@example.org")
    assert einladung.role == Role.JUGENDLICHE and einladung.expires_at > timezone.now()
    assert Jugendzugang.objects.get().jugendliche == malik.jugendliche
    assert len(mailoutbox) == 1 and "/einladung/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Deine eigene Seite bei Wegbegleitung"
    assert "wähle ein Passwort" in mailoutbox[0].body and "Zwei-Faktor" not in mailoutbox[0].body
    # a second invitation while the link is valid is refused with a message
    page = _invite(client, staff_a, malik.jugendliche, "malik2@example.org", capture)
    assert "noch gültig" in page.content.decode()
    # accepting: password, no second factor; lands on their own page
    young = Client(HTTP_ACCEPT_LANGUAGE="de")
    url = reverse("einladung_accept", args=[einladung_token(einladung)])
    assert "Zwei-Faktor" not in young.get(url).content.decode()  # not asked of young people
    response = young.post(url, {"first_name": "Malik", "last_name": "Sommer",
                                "password1": PASSWORD, "password2": PASSWORD}, follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == reverse("jung:start")
    page = response.content.decode()
    assert "Hallo Malik!" in page and "Mara" in page and "Berg" not in page
    assert young.get(url).status_code == 410  # used once
    young.logout()
    assert young.login(email="malik@example.org", password=PASSWORD)
    assert young.get(reverse("jung:start")).status_code == 200


def test_page_shows_meetings_without_notes_and_nothing_of_the_facility(
    client, match, malik, staff_a, django_capture_on_commit_callbacks
):
    user = _account(malik.jugendliche, "malik@example.org", staff_a,
                    django_capture_on_commit_callbacks)  # fmt: skip
    day = timezone.localdate() - timedelta(days=3)
    Treffen.objects.create(begleitung=match, datum=day, art="telefon", aktivitaet="Eis essen",
                           stimmung="gut", dauer_minuten=60, notiz="Vertraulich: Streit in der Gruppe")  # fmt: skip
    HilfeplangespraechFactory.create(jugendliche=malik.jugendliche, ziele="Ziel Geheimplan")
    client.force_login(user)
    page = client.get(reverse("jung:start"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f"{day:%d.%m.%Y} – Telefon" in page
    for hidden in ["Vertraulich", "Streit", "Geheimplan", "Fußball", "Jugendamt"]:
        assert hidden not in page, hidden
    assert reverse("schutzkonzept:jugend_meldung") in page


def test_below_the_age_of_own_consent_no_invitation(client, staff_a, einrichtung_a):
    young = make_anfrage(einrichtung_a, vorname="Lea").jugendliche  # 14
    client.force_login(staff_a)
    url = reverse("forschung:jugend_einladen", args=[young.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "ab dem Alter der eigenen Einwilligung" in page and 'name="email"' not in page
    response = client.post(url, {"email": "lea@example.org"}, HTTP_ACCEPT_LANGUAGE="de")
    assert "ab dem Alter der eigenen Einwilligung" in response.content.decode()
    assert not Einladung.objects.exists()


def test_fill_a_wave_save_continue_submit(client, match, malik, staff_a, instrument,
                                          django_capture_on_commit_callbacks):  # fmt: skip
    user = _account(malik.jugendliche, "malik@example.org", staff_a,
                    django_capture_on_commit_callbacks)  # fmt: skip
    client.force_login(user)
    url = reverse("jung:welle", args=[match.pk, CODE, 0])
    assert url in client.get(reverse("jung:start")).content.decode()
    ids = item_ids(instrument)
    assert client.post(url, {f"item_{ids[0]}": "5", "save": ""}).status_code == 302
    welle = Welle.objects.get(seite="mentee")
    assert welle.status == "offen" and welle.begleitung == match
    answers = {f"item_{pk}": v for pk, v in zip(ids, ["5", "4", "1", "2", "3", "3"], strict=True)}
    assert client.post(url, {**answers, "submit": ""}).status_code == 302
    welle.refresh_from_db()
    # zusammenarbeit 5, 4, 6-1=5 -> 14/3 = 4.67; zuversicht 2, 3, 6-3=3 -> 8/3 = 2.67;
    # total 5+4+5+2+3+3 = 22/6 = 3.67
    assert welle.scores == {"gesamt": "3.67", "beantwortet": 6,
                            "subskalen": {"zusammenarbeit": "4.67", "zuversicht": "2.67"}}  # fmt: skip
    assert client.get(url).status_code == 404  # sent


def test_revoking_research_consent_stops_collection(client, match, malik, staff_a, instrument,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    user = _account(malik.jugendliche, "malik@example.org", staff_a,
                    django_capture_on_commit_callbacks)  # fmt: skip
    client.force_login(user)
    url = reverse("jung:welle", args=[match.pk, CODE, 0])
    client.post(url, {f"item_{item_ids(instrument)[0]}": "5", "save": ""})
    own = Einwilligung.objects.get(jugendliche=malik.jugendliche, bereich="forschung",
                                   inhaber=I.JUGENDLICHE)  # fmt: skip
    response = client.post(reverse("jung:einwilligung_widerrufen", args=[own.pk]))
    assert response.status_code == 302
    assert Welle.objects.get(seite="mentee").status == "zurueckgezogen"
    page = client.get(reverse("jung:start"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert url not in page and "Gerade gibt es keinen Fragebogen für dich." in page
    assert client.get(url).status_code == 404
    # the custody holder's consent cannot be revoked here
    custody = Einwilligung.objects.get(jugendliche=malik.jugendliche, bereich="forschung",
                                       inhaber=I.SORGEBERECHTIGTE)  # fmt: skip
    assert (
        client.post(reverse("jung:einwilligung_widerrufen", args=[custody.pk])).status_code == 404
    )
    # agreeing again: offered again (a new wave row, the withdrawn one stays withdrawn)
    assert (
        client.post(reverse("jung:einwilligung_geben"), {"bereich": "forschung"}).status_code == 302
    )
    assert Einwilligung.objects.filter(jugendliche=malik.jugendliche, bereich="forschung",
                                       inhaber=I.JUGENDLICHE, widerrufen_am__isnull=True).exists()  # fmt: skip
    assert AuditEvent.objects.filter(action="einwilligung.revoke", actor=user).count() == 1


def test_after_leaving_care_still_their_way_in_and_staff_drop_out(
    client, match, malik, staff_a, alice, django_capture_on_commit_callbacks
):
    user = _account(malik.jugendliche, "malik@example.org", staff_a,
                    django_capture_on_commit_callbacks)  # fmt: skip
    jugendliche_auszug(acting_user=staff_a, jugendliche=malik.jugendliche,
                       auszug_am=timezone.localdate())  # fmt: skip
    client.force_login(user)
    assert client.get(reverse("jung:start")).status_code == 200
    url = reverse("forschung:jugend_einladen", args=[malik.jugendliche.pk])
    client.force_login(staff_a)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_permissions_of_the_invitation_page(client, malik, staff_a, staff_b, alice, bob,
                                            volunteer):  # fmt: skip
    url = reverse("forschung:jugend_einladen", args=[malik.jugendliche.pk])
    assert client.get(url).status_code == 302
    for user, status in [(staff_a, 200), (alice, 200), (staff_b, 404), (bob, 404),
                         (volunteer, 404)]:  # fmt: skip
        client.force_login(user)
        assert client.get(url).status_code == status, user.email
        assert client.post(url, {"email": "x@example.org"}).status_code in (status, 302)
    assert not Einladung.objects.filter(email="x@example.org").exclude(
        created_by__in=[staff_a, alice]
    )


def test_permissions_of_the_young_persons_pages(
    client,
    match,
    malik,
    staff_a,
    staff_b,
    bob,
    alice,
    einrichtung_a,
    region_a,
    instrument,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    user = _account(malik.jugendliche, "malik@example.org", staff_a, capture)
    other = _sixteen(einrichtung_a, "Nina")
    olga = make_mentor(region_a, email="olga@example.org", first_name="Olga")
    active_match(alice, staff_a, other, olga, capture)
    nina = _account(other.jugendliche, "nina@example.org", staff_a, capture)
    own = Einwilligung.objects.get(jugendliche=malik.jugendliche, bereich="forschung",
                                   inhaber=I.JUGENDLICHE)  # fmt: skip
    wave = reverse("jung:welle", args=[match.pk, CODE, 0])
    pages = [reverse("jung:start"), wave]
    for url in pages:
        assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(user)
    assert all(client.get(url).status_code == 200 for url in pages)
    for person in [nina, staff_a, staff_b, bob, alice, match.wegbegleiter.user]:
        client.force_login(person)
        expected = 200 if person == nina else 404
        assert client.get(pages[0]).status_code == expected, person.email
        assert client.get(wave).status_code == 404, person.email
        assert client.post(wave, {"submit": ""}).status_code == 404, person.email
        revoke = reverse("jung:einwilligung_widerrufen", args=[own.pk])
        assert client.post(revoke).status_code == 404, person.email
        if person != nina:
            give = client.post(reverse("jung:einwilligung_geben"), {"bereich": "hilfeplan"})
            assert give.status_code == 404, person.email
    client.force_login(nina)
    page = client.get(reverse("jung:start")).content.decode()
    assert "Nina" in page and "Malik" not in page and "Mara" not in page and "Olga" in page
    own.refresh_from_db()
    assert own.widerrufen_am is None and not Welle.objects.exists()


def test_mentee_reminder_once_per_wave(match, malik, staff_a, django_capture_on_commit_callbacks):
    user = _account(malik.jugendliche, "malik@example.org", staff_a,
                    django_capture_on_commit_callbacks)  # fmt: skip
    due = list(study_wave_due_mentee(timezone.localdate()))
    assert [(d.recipient_id, d.subject_id, d.period) for d in due] == [
        (user.pk, match.pk, f"{CODE}-0")
    ]


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return len(ctx.captured_queries)


def test_queries_constant(client, match, malik, staff_a, alice, einrichtung_a, region_a,
                          django_capture_on_commit_callbacks):  # fmt: skip
    capture = django_capture_on_commit_callbacks
    user = _account(malik.jugendliche, "malik@example.org", staff_a, capture)
    client.force_login(user)
    today = timezone.localdate()
    page = lambda: client.get(reverse("jung:start"))  # noqa: E731
    reminders = lambda: list(study_wave_due_mentee(today))  # noqa: E731
    few = (_queries(page), _queries(reminders))
    Treffen.objects.bulk_create(
        Treffen(begleitung=match, datum=today - timedelta(days=n), art="persoenlich",
                aktivitaet="x", stimmung="gut", dauer_minuten=30) for n in range(1, 15)
    )  # fmt: skip
    for n in range(3):
        other = _sixteen(einrichtung_a, f"J{n}")
        mentor = make_mentor(region_a, email=f"m{n}@example.org", first_name=f"M{n}")
        active_match(alice, staff_a, other, mentor, capture)
        _account(other.jugendliche, f"j{n}@example.org", staff_a, capture)
    assert len(reminders()) == 4
    assert (_queries(page), _queries(reminders)) == few


def test_the_young_person_downloads_their_own_data_without_the_help_plan(
    client, match, malik, staff_a, staff_b, alice, django_capture_on_commit_callbacks
):
    import json

    user = _account(malik.jugendliche, "malik@example.org", staff_a,
                    django_capture_on_commit_callbacks)  # fmt: skip
    HilfeplangespraechFactory.create(jugendliche=malik.jugendliche, ziele="Ziel Geheimplan")
    url = reverse("jung:meine_daten", args=["json"])
    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(user)
    page = client.get(reverse("jung:start")).content.decode()
    assert url in page and reverse("jung:meine_daten", args=["pdf"]) in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    text = json.dumps(data, ensure_ascii=False)
    assert malik.jugendliche.vorname in text  # their own record
    assert "Geheimplan" not in text  # the help plan is the facility's and the youth office's
    assert AuditEvent.objects.filter(action="personal_data.download", actor=user).count() == 1
    pdf = client.get(reverse("jung:meine_daten", args=["pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    for person in (staff_a, staff_b, alice, match.wegbegleiter.user):
        client.force_login(person)
        assert client.get(url).status_code == 404, person.email  # no young person's page
