"""The coordinators' weekly digest: their regions only, with links, once a week."""

from __future__ import annotations

from datetime import date, timedelta

from schutzkonzept.models import FreigabeVerlust
from tests.schutzkonzept.factories import FuehrungszeugnisFactory
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications import providers
from wegbegleitung.notifications.digest import digest_contexts, digest_due, digest_run, iso_week

S = Wegbegleiter.Status


def test_iso_week_at_the_turn_of_the_year():
    assert iso_week(date(2026, 12, 31)) == "2026-W53"
    assert iso_week(date(2027, 1, 4)) == "2027-W01"
    assert iso_week(date(2024, 12, 30)) == "2025-W01"


def test_each_coordinator_gets_their_regions_with_links(
    region_a, region_b, alice, bob, settings, mailoutbox, active_matches
):
    settings.SITE_URL = "https://wb.example"
    anna = make_volunteer(region_a, status=S.VERFUEGBAR, first_name="Anna", last_name="Acker")
    FuehrungszeugnisFactory(
        wegbegleiter=anna, issued_on=date(2021, 3, 1), inspected_on=date(2021, 3, 5)
    )
    make_volunteer(region_b, status=S.BEWORBEN, first_name="Bert", last_name="Bauer")
    Wegbegleiter.objects.filter(pk=anna.pk).update(activity_started_on=date(2025, 1, 1))
    active_matches.set({anna.pk})
    FreigabeVerlust.objects.create(wegbegleiter=anna, detected_on=date(2026, 1, 3))

    assert digest_run(day=date(2026, 1, 5)) == 2
    assert digest_run(day=date(2026, 1, 7)) == 0  # same week: nothing new
    by_recipient = {m.to[0]: m for m in mailoutbox}
    body_a = by_recipient["alice@example.org"].body
    subject_b = by_recipient["bob@example.org"].subject
    assert by_recipient["alice@example.org"].subject == (
        "Wochenübersicht 2026-W02: 3 Einträge brauchen Aufmerksamkeit"
    )
    assert subject_b == "Wochenübersicht 2026-W02: 1 Eintrag braucht Aufmerksamkeit"
    assert "Anna Acker" in body_a and "Bert" not in body_a
    assert "Supervision überfällig" in body_a
    assert "endet am 01.03.2026" in body_a
    assert "seit 03.01.2026" in body_a
    assert f"https://wb.example/admin/wegbegleitung/wegbegleiter/{anna.pk}/change/" in body_a
    body_b = by_recipient["bob@example.org"].body
    assert "Bert Bauer" in body_b and "Anna" not in body_b
    assert "Bewerbungen" in body_b
    assert Benachrichtigung.objects.get(recipient=alice).period == "2026-W02"
    assert digest_run(day=date(2026, 1, 5) + timedelta(weeks=1)) == 2


def test_no_digest_when_nothing_needs_attention(region_a, alice):
    make_volunteer(region_a, status=S.VERFUEGBAR)
    assert digest_due(date(2026, 1, 5)) == []


def test_matches_come_from_the_matching_app(region_a, alice, mailoutbox):
    item = providers.AttentionItem(region_a.pk, "Mila & Anna", "Kontakt überfällig", "https://x/1")
    with providers.override("matches_needing_attention", lambda regions, day: [item]):
        digest_run(day=date(2026, 1, 5))
    assert "Mila & Anna: Kontakt überfällig" in mailoutbox[0].body


def test_the_digest_reads_a_fixed_number_of_queries(region_a, alice, django_assert_max_num_queries):
    for _ in range(10):
        make_volunteer(region_a, status=S.BEWORBEN)
    # 8 of its own, 5 for the matches (matching.notifications.matches_needing_attention)
    with django_assert_max_num_queries(13):
        dues = digest_due(date(2026, 1, 5))
    assert len(dues) == 1 and set(dues[0].context) == {"week", "day", "url"}  # references only
    assert digest_contexts(date(2026, 1, 5))[alice.pk]["count"] == 10
