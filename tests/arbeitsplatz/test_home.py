"""The coordinator's home: a to-do board for her regions, every count linking to its list."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arbeitsplatz.selectors import board_for
from auslagen.models import Auslage
from einrichtungen.models import Anfrage
from matching import services
from matching.models import Begleitung, Partei
from nachweise.models import Nachweis
from schutzkonzept.dates import add_months
from schutzkonzept.models import Fuehrungszeugnis, Meldung
from tests.factories import add_totp, make_user
from tests.matching.factories import make_active, make_anfrage, make_mentor, propose, to_agreement
from tests.schutzkonzept.factories import FuehrungszeugnisFactory, make_kodex, make_wegbegleiter
from tests.wegbegleitung.factories import record_screening
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.roles import Role
from wegbegleitung.services.erasure_requests import loeschantrag_create, loeschantrag_withdraw

pytestmark = pytest.mark.django_db
S = Wegbegleiter.Status

# Region A's designed data, counted by hand (see ``designed``).
EXPECTED_A = {
    "beworben": 2,
    "erstgespraech": 2,  # stage0 (references only), stage1; stage2 had a positive interview
    "referenzen": 2,  # stage1 (none), stage2 (personal only); stage0 has both
    "zeugnis_pruefen": 2,  # stage0, stage2; stage1's certificate is inspected
    "zeugnis_endet": 1,  # issued 59 months ago: ends in about a month
    "kodex": 5,  # stage0-3 and the one leaving; the mentors signed the current code
    "supervision": 1,  # the mentor of the old match: activity began 200 days ago, no session
    "ausstieg": 1,
    "anfragen": 2,  # two untouched requests; the six with a match are in progress
    "vorgeschlagen": 1,
    "vereinbarung": 1,  # the mentor confirmed; facility and young person still to confirm
    "faellig": 1,  # the old match: first contact and first review long past
    "ueberfaellig": 1,
    "tagebuch": 1,  # the old match: no diary entry in 200 days
    "ende": 1,
    "nachweise": 1,  # the old match's mentor asked for a certificate; the fresh one's is signed
    "auslagen": 1,  # one ticket submitted in the old match; one approved
    "loeschantraege": 1,  # stage0 asked for erasure; a withdrawn request is not counted
}


def _old(begleitung: Begleitung, days: int = 200) -> None:
    start = timezone.localdate() - timedelta(days=days)
    Begleitung.objects.filter(pk=begleitung.pk).update(started_on=start)
    Wegbegleiter.objects.filter(pk=begleitung.wegbegleiter_id).update(activity_started_on=start)


def _region_data(region: Any, einrichtung: Any, coordinator: Any, staff: Any, tag: str) -> None:
    """One of each thing to do, plus the extra rows EXPECTED_A names."""
    stages = [
        make_wegbegleiter(region, status=status, email=f"{tag}-stage{n}@example.org")
        for n, status in enumerate([S.BEWORBEN, S.BEWORBEN, S.IN_PRUEFUNG, S.VERFUEGBAR])
    ]
    record_screening(stages[0], coordinator, interview=False, hours=Decimal(0))
    FuehrungszeugnisFactory(wegbegleiter=stages[1])
    record_screening(stages[2], coordinator, references=("persoenlich",), hours=Decimal(0))
    leaving = make_wegbegleiter(region, email=f"{tag}-leaving@example.org")
    Wegbegleiter.objects.filter(pk=leaving.pk).update(
        exit_requested="leave", exit_requested_at=timezone.now()
    )
    expiring = make_mentor(region, email=f"{tag}-expiring@example.org")
    Fuehrungszeugnis.objects.filter(wegbegleiter=expiring).update(
        issued_on=add_months(timezone.localdate(), -59)
    )
    old = make_active(coordinator, staff, make_anfrage(einrichtung),
                      make_mentor(region, email=f"{tag}-old@example.org"))  # fmt: skip
    _old(old)
    fresh = make_active(coordinator, staff, make_anfrage(einrichtung),
                        make_mentor(region, email=f"{tag}-fresh@example.org"))  # fmt: skip
    ending = make_active(coordinator, staff, make_anfrage(einrichtung),
                         make_mentor(region, email=f"{tag}-ending@example.org"))  # fmt: skip
    Begleitung.objects.filter(pk=ending.pk).update(status=Begleitung.Status.ENDE_ANGEFRAGT)
    propose(coordinator, make_anfrage(einrichtung), make_mentor(region, email=f"{tag}-p@x.org"))
    agreement = propose(
        coordinator, make_anfrage(einrichtung), make_mentor(region, email=f"{tag}-v@x.org")
    )
    to_agreement(coordinator, agreement)
    services.vereinbarung_save(
        acting_user=coordinator, begleitung=agreement, **services.default_agreement_texts()
    )
    services.vereinbarung_confirm(
        acting_user=agreement.wegbegleiter.user, begleitung=agreement, partei=Partei.WEGBEGLEITER
    )
    # an agreement not written yet waits for the coordinator, not for a party
    to_agreement(coordinator, propose(coordinator, make_anfrage(einrichtung),
                                      make_mentor(region, email=f"{tag}-w@x.org")))  # fmt: skip
    make_anfrage(einrichtung)
    waited = make_anfrage(einrichtung)
    Anfrage.objects.filter(pk=waited.pk).update(angefragt_am=timezone.now() - timedelta(days=12))
    for status in (Nachweis.Status.BEANTRAGT, Nachweis.Status.FERTIG):
        mentor = old.wegbegleiter if status == Nachweis.Status.BEANTRAGT else fresh.wegbegleiter
        signed = {} if status == Nachweis.Status.BEANTRAGT else {
            "signed_name": "Alice", "signed_role": "Koordination", "signed_by": coordinator,
            "signed_at": timezone.now(),
        }  # fmt: skip
        Nachweis.objects.create(
            wegbegleiter=mentor, period_from=old.started_on, period_to=timezone.localdate(),
            status=status, requested_by=mentor.user, **signed,
        )  # fmt: skip
    for status in (Auslage.Status.EINGEREICHT, Auslage.Status.GENEHMIGT):
        Auslage.objects.create(
            begleitung=old, art=Auslage.Art.TICKET, datum=timezone.localdate(), zweck="Bus",
            betrag_cent=420, status=status, submitted_by=old.wegbegleiter.user,
            **({} if status == Auslage.Status.EINGEREICHT
               else {"decided_at": timezone.now(), "decided_by": coordinator}),
        )  # fmt: skip
    Meldung.objects.create(kanal=Meldung.Kanal.KOORDINATION, region=region, description="x")
    for n, stage in enumerate(stages[:2]):
        antrag = loeschantrag_create(
            acting_user=stage.user, subject=Subject(Kind.WEGBEGLEITER, stage.pk),
            region_id=region.pk,
        )  # fmt: skip
        if n:
            loeschantrag_withdraw(acting_user=stage.user, loeschantrag=antrag)
    Meldung.objects.create(
        kanal=Meldung.Kanal.KOORDINATION, region=region, description="y",
        status=Meldung.Status.ABGESCHLOSSEN,
    )  # fmt: skip


@pytest.fixture
def designed(alice, bob, einrichtung_a, einrichtung_b, staff_a, staff_b, region_a, region_b):
    make_kodex()  # the current code of conduct, published
    _region_data(region_a, einrichtung_a, alice, staff_a, "a")
    # region B: only one new application, so a count from B would show in A's numbers
    make_wegbegleiter(region_b, status=S.BEWORBEN, email="b-stage@example.org")
    make_anfrage(einrichtung_b)


def _counts(user: Any) -> dict[str, int]:
    return {tile.key: tile.count for tile in board_for(user=user)}


def test_each_tile_counts_the_designed_rows_of_the_coordinators_region(designed, alice):
    assert _counts(alice) == EXPECTED_A


def test_another_region_sees_only_its_own_rows(designed, bob):
    counts = {key: n for key, n in _counts(bob).items() if n}
    # B's one applicant: new, no interview, no references, no certificate, code not signed
    assert counts == {"beworben": 1, "erstgespraech": 1, "referenzen": 1, "zeugnis_pruefen": 1,
                      "kodex": 1, "anfragen": 1}  # fmt: skip


def test_a_superuser_sees_every_region(designed):
    admin = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    counts = _counts(admin)
    assert counts["beworben"] == 3
    assert counts["anfragen"] == 3
    assert counts["meldungen"] == 1


def test_each_tile_links_to_a_list_showing_exactly_the_counted_rows(designed, client, alice):
    client.force_login(alice)
    tiles = board_for(user=alice)
    assert len(tiles) == len(EXPECTED_A)
    for tile in tiles:
        response = client.get(tile.url)
        assert response.status_code == 200, tile.key
        assert response.context["cl"].result_count == tile.count, tile.key


def test_the_concerns_tile_is_for_the_child_protection_lead_only(designed, client, alice, region_a):
    lead = make_user(Role.KINDERSCHUTZ, region=region_a, email="lead@example.org")
    tiles = {tile.key: tile for tile in board_for(user=lead)}
    assert tiles["meldungen"].count == 1  # the open one; the closed one is done
    client.force_login(lead)
    listed = client.get(tiles["meldungen"].url)
    assert listed.context["cl"].result_count == 1
    assert "meldungen" not in _counts(alice)
    client.force_login(alice)
    assert "Offene Meldungen" not in client.get(reverse("admin:index")).content.decode()


def test_the_admin_start_page_is_the_board_in_german(designed, client, alice):
    client.force_login(alice)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for text in ["Neue Bewerbungen", "Supervision fällig", "Anfragen warten",
                 "der älteste wartet seit 12 Tagen", "Tagebücher still", "Alle Bereiche",
                 "Erstgespräche zu führen", "Führungszeugnisse laufen in 60 Tagen ab",
                 "Vereinbarungen warten auf eine Bestätigung", "Was zu tun ist"]:  # fmt: skip
        assert text in page
    assert f'href="{reverse("admin:matching_begleitung_uebersicht")}"' in page
    wb_list = reverse("admin:wegbegleitung_wegbegleiter_changelist")
    assert f'href="{wb_list}?stage=beworben"' in page


@pytest.mark.parametrize("who", ["charlie", "volunteer", "staff_a"])
def test_people_without_the_admin_get_no_board(designed, client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "Neue Bewerbungen" not in response.content.decode()


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "login" in client.get(reverse("admin:uebersicht"))["Location"]


@pytest.fixture
def not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The counts as the first visit after a write reads them (later visits: the cache)."""
    monkeypatch.setattr("arbeitsplatz.selectors.remembered", lambda _key, compute: compute())


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(ctx.captured_queries)


def test_the_board_renders_in_a_constant_number_of_queries(
    not_remembered,
    designed,
    client,
    alice,
    region_a,
    einrichtung_a,
    staff_a,
    django_assert_max_num_queries,
):
    client.force_login(alice)
    before = _queries(client)
    _region_data(region_a, einrichtung_a, alice, staff_a, "more")
    with django_assert_max_num_queries(40):
        client.get(reverse("admin:index"))
    assert _queries(client) == before
    assert _counts(alice) == {key: 2 * n for key, n in EXPECTED_A.items()}


def test_all_areas_lists_the_models_grouped_by_task(client, alice):
    client.force_login(alice)
    page = client.get(reverse("admin:uebersicht"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    groups = ["Freiwillige gewinnen", "Schutzkonzept", "Einrichtungen und junge Menschen",
              "Begleitungen", "Studie", "Verwaltung"]  # fmt: skip
    positions = [page.index(f"<caption>{g}</caption>") for g in groups]
    assert positions == sorted(positions)
    volunteers = page[positions[0] : positions[1]]
    assert reverse("admin:wegbegleitung_wegbegleiter_changelist") in volunteers
    assert reverse("admin:nachweise_nachweis_changelist") in volunteers
    study = page[positions[4] : positions[5]]
    assert reverse("admin:forschung_instrument_changelist") in study
    matches = page[positions[3] : positions[4]]
    assert reverse("admin:matching_begleitung_changelist") in matches
    # alice may not manage accounts: the page lists only what she may see
    assert reverse("admin:wegbegleitung_user_changelist") not in page


def test_the_ending_certificates_tile_warns_as_early_as_the_first_renewal_reminder(
    designed, alice, client, settings
):
    # The designed certificate was issued 59 months ago: it ends in about 30 days.
    tile = next(t for t in board_for(user=alice) if t.key == "zeugnis_endet")
    assert (tile.count, str(tile.label)) == (1, "Führungszeugnisse laufen in 60 Tagen ab")
    settings.WB_CERTIFICATE_REMINDER_FIRST_DAYS = 20
    settings.WB_CERTIFICATE_REMINDER_SECOND_DAYS = 10
    tile = next(t for t in board_for(user=alice) if t.key == "zeugnis_endet")
    assert (tile.count, str(tile.label)) == (0, "Führungszeugnisse laufen in 20 Tagen ab")
    client.force_login(alice)
    listed = client.get(tile.url)
    assert listed.status_code == 200 and listed.context["cl"].result_count == 0


# one reads the programmes for the programme chooser (shown with several); supervision due
# reads the programmes' intervals once and works out each volunteer's interval inside its
# count, whatever the number of volunteers; due contacts and silent diaries count from one read
@pytest.mark.parametrize(("who", "queries"), [("alice", 26), ("root", 24)])
def test_the_board_asks_an_exact_number_of_times_however_many_matches(
    not_remembered, designed, client, alice, region_a, einrichtung_a, staff_a, who, queries,
    django_assert_num_queries,
):  # fmt: skip
    """Coordinator and superuser: the tiles count in the database, never per match or per
    contact, so a region twice as busy costs not one query more."""
    root = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    add_totp(root)
    client.force_login(alice if who == "alice" else root)
    client.get(reverse("admin:index"))  # caches that fill once per process are warm
    with django_assert_num_queries(queries):
        assert client.get(reverse("admin:index")).status_code == 200
    _region_data(region_a, einrichtung_a, alice, staff_a, "more")
    with django_assert_num_queries(queries):
        assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db(transaction=True)  # what is remembered lives across committed requests
def test_the_board_is_remembered_until_the_next_write(
    designed, client, alice, region_a, einrichtung_a, staff_a
):
    """A second visit reads the counts from the cache; a committed write (here: more matches to
    look after) shows on the next visit, and another day counts afresh."""
    client.force_login(alice)
    first = _queries(client)
    assert _queries(client) < first
    before = {t.key: t.count for t in board_for(user=alice)}
    _region_data(region_a, einrichtung_a, alice, staff_a, "more")
    after = {t.key: t.count for t in board_for(user=alice)}
    assert after["vorgeschlagen"] == before["vorgeschlagen"] + 1
    later = board_for(user=alice, today=timezone.localdate() + timedelta(days=400))
    assert {t.key: t.count for t in later}["tagebuch"] > after["tagebuch"]
