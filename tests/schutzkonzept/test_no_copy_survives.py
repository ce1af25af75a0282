"""§ 72a(5) SGB VIII: once a certificate's data are deleted, no copy of its facts survives.

The database is filled through the real services: a certificate with a conviction (the clearance
lapses during a running match, both sides are told), a certificate near its end (renewal
reminders to the volunteer and the coordinator), the weekly digest, all mailed. Then the matches
end, the deletion runs, and every text, char and JSON column of every model is searched for the
facts of the deleted certificates.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from matching import services as matching
from matching.models import Abschluss
from schutzkonzept.dates import add_months
from schutzkonzept.models import FreigabeVerlust, Fuehrungszeugnis
from schutzkonzept.services.certificates import fuehrungszeugnis_record
from schutzkonzept.services.deletion import fuehrungszeugnis_purge
from schutzkonzept.services.lapses import clearance_lapses_check, freigabe_verlust_notify
from tests.matching.factories import make_active, make_anfrage, make_mentor
from wegbegleitung.models import Benachrichtigung
from wegbegleitung.notifications.delivery import deliver_due
from wegbegleitung.notifications.digest import digest_run
from wegbegleitung.notifications.reminders import reminders_run

CONVICTION_TEXTS = [
    "relevant conviction",
    "einschlägige Verurteilung",
]


def _formats(day: date) -> list[str]:
    return [day.isoformat(), f"{day:%d.%m.%Y}"]


def text_columns_containing(needle: str) -> list[str]:
    """``app.Model.field`` of every text, char and JSON column that contains ``needle``."""
    hits = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            found = model._default_manager.annotate(
                _as_text=Cast(field.name, models.TextField())
            ).filter(_as_text__icontains=needle)
            if found.exists():
                hits.append(f"{model._meta.label}.{field.name}")
    return hits


def _close(alice, begleitung):
    matching.begleitung_close(
        acting_user=alice, begleitung=begleitung, art=Abschluss.Art.GEPLANT,
        grund=Abschluss.Grund.ZIEL_ERREICHT, kontakt_danach=Abschluss.Kontakt.UEBER_VEREIN,
        wegbegleiter_danach=Abschluss.Danach.AUSSCHEIDEN, beendet_am=timezone.localdate(),
    )  # fmt: skip


def test_no_fact_of_a_deleted_certificate_survives_anywhere(
    alice, staff_a, einrichtung_a, region_a, mailoutbox
):
    today = timezone.localdate()
    conrad = make_mentor(region_a, email="conrad@example.org", first_name="Conrad")
    rita = make_mentor(region_a, email="rita@example.org", first_name="Rita")
    matches = [make_active(alice, staff_a, make_anfrage(einrichtung_a), m) for m in (conrad, rita)]

    # a conviction during a running match: clearance lapses, volunteer and coordinator are told
    issued_c = today - timedelta(days=52)
    fuehrungszeugnis_record(
        acting_user=alice, wegbegleiter=conrad, issued_on=issued_c, relevant_conviction=True
    )
    clearance_lapses_check()
    assert freigabe_verlust_notify(lapse_id=FreigabeVerlust.objects.get(wegbegleiter=conrad).pk)
    lapse_mails = [m.body for m in mailoutbox if "Conrad" in m.body or "conrad" in m.to[0]]
    assert any("einschlägige Verurteilung" in body for body in lapse_mails)  # rendered at sending

    # a renewed certificate 14 days before its end: reminders and the digest, mailed
    issued_r = today - timedelta(days=33)
    fuehrungszeugnis_record(
        acting_user=alice, wegbegleiter=rita, issued_on=issued_r, relevant_conviction=False
    )
    ends_r = add_months(issued_r, 60)
    reminder_day = ends_r - timedelta(days=14)
    reminders_run(day=reminder_day)
    digest_run(day=reminder_day)
    deliver_due()
    kinds = set(Benachrichtigung.objects.values_list("kind", flat=True))
    assert {"certificate_renewal", "certificate_renewal_coordination", "digest_weekly"} <= kinds
    assert {"clearance_lapse", "clearance_lapse_coordination"} <= kinds
    rendered = [m.body for m in mailoutbox if f"{ends_r:%d.%m.%Y}" in m.body]
    assert {m.to[0] for m in mailoutbox if m.body in rendered} >= {
        "rita@example.org", "alice@example.org"
    }  # fmt: skip

    # the scanner sees the columns: a reference the digest keeps, an e-mail address
    assert "wegbegleitung.Benachrichtigung.context" in text_columns_containing(
        reminder_day.isoformat()
    )
    assert "wegbegleitung.User.email" in text_columns_containing("rita@example.org")

    for begleitung in matches:
        _close(alice, begleitung)
    deleted = fuehrungszeugnis_purge(today=add_months(today, 6))
    assert {d.wegbegleiter_id for d in deleted} == {conrad.pk, rita.pk}
    assert not Fuehrungszeugnis.objects.exists()

    facts = [
        *CONVICTION_TEXTS,
        *_formats(issued_c), *_formats(add_months(issued_c, 60)),
        *_formats(issued_r), *_formats(ends_r),
    ]  # fmt: skip
    survivors = {fact: text_columns_containing(fact) for fact in facts}
    assert {fact: hits for fact, hits in survivors.items() if hits} == {}
