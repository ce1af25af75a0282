"""A family match runs from referral to closure through the same lifecycle as a young person's:
the same services, the same pages (docs/families.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Anfrage, Hilfeplangespraech, Jugendliche
from matching import services
from matching.models import Begleitung, Treffen, Unterstuetzungskontakt
from programme.models import Programm
from tests.einrichtungen.familien import make_family_programme, make_referring, make_referring_staff
from tests.matching.factories import FRANKFURT, confirm_all, make_mentor, propose, to_agreement
from wegbegleitung.services.programmes import programmteilnahmen_set

pytestmark = pytest.mark.django_db
S = Begleitung.Status


def _refer_family(client, nadine, einrichtung, programm) -> Jugendliche:
    """What the referring professional does in the staff area: family, parents, child,
    the parents' consents, the request in the family programme."""
    client.force_login(nadine)
    born = timezone.localdate().replace(day=1) - timedelta(days=200)
    client.post(
        reverse("einrichtungen:jugendliche_create"),
        {"einrichtung": einrichtung.pk, "vorname": "Familie K.", "geburtsmonat": born.month,
         "geburtsjahr": born.year, "interessen": "Fußball spielen, Musik",
         "sprachen": "Deutsch, Arabisch"},
    )  # fmt: skip
    familie = Jugendliche.objects.get(art=Jugendliche.Art.FAMILIE)
    client.post(
        reverse("einrichtungen:elternteil_create", args=[familie.pk]),
        {"vorname": "Selin", "rolle": "mutter", "sorgeberechtigt": "on"},
    )
    client.post(
        reverse("einrichtungen:kind_create", args=[familie.pk]),
        {"vorname": "Lina", "geburtsmonat": 5, "geburtsjahr": born.year - 3},
    )
    for bereich in ("teilnahme", "datenweitergabe", "hilfeplan"):
        response = client.post(
            reverse("einrichtungen:einwilligung_create", args=[familie.pk]),
            {"bereich": bereich, "inhaber": "sorgeberechtigte",
             "erteilt_am": timezone.localdate().isoformat()},
        )  # fmt: skip
        assert response.status_code == 302
    response = client.post(
        reverse("einrichtungen:anfrage_create", args=[familie.pk]),
        {"programm": programm.pk, "bemerkung": "Entlastung am Vormittag"},
    )
    assert response.status_code == 302
    return familie


def test_a_family_match_runs_from_referral_to_closure(client, alice, region_a):
    einrichtung = make_referring(region_a)
    nadine = make_referring_staff(einrichtung)
    programm = make_family_programme()
    familie = _refer_family(client, nadine, einrichtung, programm)
    anfrage = Anfrage.objects.get(jugendliche=familie)
    assert anfrage.programm == programm

    mentor = make_mentor(
        region_a, email="petra@example.org", first_name="Petra", last_name="Lang",
        at=FRANKFURT, mentee_age_min=0, mentee_age_max=3,
    )  # fmt: skip
    # the coordinator lets her serve in the family programme: only then is she a candidate
    programmteilnahmen_set(acting_user=alice, wegbegleiter=mentor, programme=[programm])
    begleitung = propose(alice, anfrage, mentor)
    assert begleitung.programm == programm
    to_agreement(alice, begleitung)
    confirm_all(alice, nadine, begleitung)
    begleitung = services.begleitung_transition(
        acting_user=alice, begleitung=begleitung, action="activate"
    )
    assert begleitung.status == S.AKTIV
    anfrage.refresh_from_db()
    assert anfrage.status == Anfrage.Status.VERMITTELT

    today = timezone.localdate()
    services.treffen_create(
        acting_user=mentor.user, begleitung=begleitung, datum=today, dauer_minuten=90,
        art="persoenlich", aktivitaet="Spaziergang mit dem Kinderwagen", stimmung="gut",
    )  # fmt: skip
    services.kontakt_create(
        acting_user=alice, begleitung=begleitung, mit="wegbegleiter", datum=today,
        dauer_minuten=20, kanal="telefon", aktivitaeten="Spaziergang", beziehung="gut",
        kinderschutz="nichts", wirkung="Entlastung",
    )  # fmt: skip
    assert Treffen.objects.filter(begleitung=begleitung).count() == 1
    assert Unterstuetzungskontakt.objects.filter(begleitung=begleitung).count() == 1

    # the referral and review conversation, recorded by the referring professional
    response = client.post(
        reverse("einrichtungen:hilfeplangespraech_create", args=[familie.pk]),
        {"datum": (today + timedelta(days=5)).isoformat(), "teilnehmende": "Eltern, Patin",
         "wegbegleiter_eingeladen": "on", "mit_wegbegleitung_geteilt": "on",
         "ziele": "Zwei Vormittage Entlastung"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Hilfeplangespraech.objects.get().art == Programm.Gespraech.VERMITTLUNG

    # what the users see: the staff area shows the family, the mentor's portal "Familie K."
    staff_page = client.get(reverse("einrichtungen:jugendliche_detail", args=[familie.pk]))
    text = staff_page.content.decode()
    assert "Familie K." in text and "Selin (Mutter)" in text and programm.name in text
    assert "Erst- und Auswertungsgespräch" in text
    client.force_login(mentor.user)
    portal = client.get(reverse("matching:portal")).content.decode()
    assert "Familie K." in portal and "Erst- und Auswertungsgespräch" in portal
    assert "Zwei Vormittage Entlastung" in portal

    services.begleitung_close(
        acting_user=alice, begleitung=begleitung, art="geplant", grund="ziel_erreicht",
        kontakt_danach="kein", wegbegleiter_danach="verfuegbar",
        gespraech_jugendliche="Abschiedstreffen mit der Familie im Park",
    )  # fmt: skip
    begleitung.refresh_from_db()
    assert begleitung.status == S.BEENDET
    assert begleitung.abschluss.gespraech_jugendliche.startswith("Abschiedstreffen")


def test_the_proposal_checks_the_programmes_consents_not_a_global_list(alice, region_a):
    """A programme that needs only the participation consent: the proposal checks the
    programme's list (the default programme's would also want data sharing)."""
    from einrichtungen.services import anfrage_create, einwilligung_create, jugendliche_create

    einrichtung = make_referring(region_a)
    nadine = make_referring_staff(einrichtung)
    programm = make_family_programme(einwilligungen=["teilnahme"])
    born = timezone.localdate().replace(day=1) - timedelta(days=100)
    familie = jugendliche_create(
        acting_user=nadine, einrichtung=einrichtung, art=Jugendliche.Art.FAMILIE,
        vorname="Familie L.", geburtsmonat=born.month, geburtsjahr=born.year,
    )  # fmt: skip
    einwilligung_create(
        acting_user=nadine, jugendliche=familie, bereich="teilnahme",
        inhaber="sorgeberechtigte", erteilt_am=timezone.localdate(),
    )  # fmt: skip
    anfrage = anfrage_create(acting_user=nadine, jugendliche=familie, programm=programm)
    mentor = make_mentor(region_a, at=FRANKFURT, mentee_age_min=0, mentee_age_max=3)
    programmteilnahmen_set(acting_user=alice, wegbegleiter=mentor, programme=[programm])
    assert propose(alice, anfrage, mentor).programm == programm
