"""Safeguarding notices keep references only: their text is rendered when shown, and they go
with the certificate they are about."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from schutzkonzept.services.deletion import fuehrungszeugnis_purge
from tests.schutzkonzept.factories import FuehrungszeugnisFactory
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications.delivery import deliver_due
from wegbegleitung.notifications.registry import get
from wegbegleitung.notifications.reminders import reminders_run

INBOX = reverse("benachrichtigungen:inbox")


def test_the_renewal_reminder_is_rendered_when_shown_and_goes_with_the_certificate(
    client, region_a, alice, mailoutbox
):
    wiebke = make_volunteer(
        region_a, status=Wegbegleiter.Status.VERFUEGBAR, email="wiebke@example.org"
    )
    FuehrungszeugnisFactory(
        wegbegleiter=wiebke, issued_on=date(2021, 3, 1), inspected_on=date(2021, 3, 5)
    )
    reminders_run(day=date(2026, 2, 15))  # valid until 28 February 2026: 14 days left
    rows = Benachrichtigung.objects.filter(kind__startswith="certificate_renewal")
    assert {(r.period, str(r.context)) for r in rows.all()} == {("stufe-14", "{'stage': 14}")}
    deliver_due()
    assert {m.to[0] for m in mailoutbox if "01.03.2026" in m.body} == {
        "wiebke@example.org", "alice@example.org",
    }  # fmt: skip
    client.force_login(wiebke.user)
    assert "01.03.2026" in client.get(INBOX).content.decode()
    client.force_login(alice)
    assert "01.03.2026" in client.get(INBOX).content.decode()

    # inspected in 2021 for an activity that never started: deleted, and its notices with it
    fuehrungszeugnis_purge(today=date(2026, 2, 15))
    assert not rows.exists()
    assert "01.03.2026" not in client.get(INBOX).content.decode()


def test_the_safeguarding_kinds_are_registered_by_their_app():
    assert get("certificate_renewal").render is not None
    assert get("clearance_lapse").render is not None
    assert get("hpg_upcoming").render is not None
    assert get("certificate_renewal").due.__module__ == "schutzkonzept.notifications"
    assert get("hpg_upcoming").due.__module__ == "einrichtungen.notifications"


def test_the_migration_turns_old_notices_into_references(region_a, alice):
    """Rows logged before notices kept references only lose their copies of the facts."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("schutzkonzept.migrations.0004_notices_references_only")
    wiebke = make_volunteer(region_a, email="wiebke@example.org")
    zeugnis = FuehrungszeugnisFactory(
        wegbegleiter=wiebke, issued_on=date(2021, 3, 1), inspected_on=date(2021, 3, 5)
    )
    old = {"expires": "01.03.2026", "stage": 14, "expired": False, "url": "https://x/"}
    about = {"subject_type": "wegbegleitung.wegbegleiter", "subject_id": wiebke.pk}
    kept = Benachrichtigung.objects.create(
        recipient=wiebke.user, kind="certificate_renewal", period="2026-03-01/14", context=old,
        **about,
    )  # fmt: skip
    gone = Benachrichtigung.objects.create(
        recipient=alice, kind="certificate_renewal_coordination", period="2020-01-01/60",
        context=old, **about,
    )  # fmt: skip
    lapse = Benachrichtigung.objects.create(
        recipient=alice, kind="clearance_lapse_coordination", subject_type="x", subject_id=1,
        period="neu", context={"missing": ["Das Führungszeugnis enthält eine einschlägige …"]},
    )  # fmt: skip
    migration.forward(apps, None)
    kept.refresh_from_db()
    assert (kept.subject_type, kept.subject_id, kept.period, kept.context) == (
        "schutzkonzept.fuehrungszeugnis", zeugnis.pk, "stufe-14", {"stage": 14},
    )  # fmt: skip
    assert not Benachrichtigung.objects.filter(pk=gone.pk).exists()
    lapse.refresh_from_db()
    assert lapse.context == {}
