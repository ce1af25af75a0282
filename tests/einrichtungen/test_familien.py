"""Families in early help, two programmes side by side, Erziehungsstellen (docs/families.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from einrichtungen import einwilligungen as consent
from einrichtungen.models import Anfrage, Einrichtung, Einwilligung, Elternteil, Jugendliche, Kind
from einrichtungen.services import (
    anfrage_create,
    einrichtung_update,
    einwilligung_create,
    elternteil_create,
    hilfeplangespraech_create,
    jugendliche_auszug,
    jugendliche_create,
    kind_create,
)
from programme.models import Programm
from programme.rules import standard
from tests.einrichtungen.factories import JugendlicheFactory, consent_all
from tests.einrichtungen.familien import make_referring, make_referring_staff, record_family

pytestmark = pytest.mark.django_db
B = Einwilligung.Bereich
I = Einwilligung.Inhaber  # noqa: E741


def _young(einrichtung, age: int, **kw):
    today = timezone.localdate()
    j = JugendlicheFactory.create(
        einrichtung=einrichtung, geburtsmonat=12, geburtsjahr=today.year - age - 1, **kw
    )
    return j


# --- two programmes side by side: age limits and consents ------------------------------------


def test_a_15_year_old_is_refused_by_a_16_to_27_programme_with_the_limits_named(
    staff_a, einrichtung_a
):
    programm = Programm.objects.create(
        name="Übergang ins Erwachsenenleben", alter_min=16, alter_max=27
    )
    j = _young(einrichtung_a, 15)
    consent_all(j, I.SORGEBERECHTIGTE, I.JUGENDLICHE)
    with pytest.raises(ValidationError) as exc:
        anfrage_create(acting_user=staff_a, jugendliche=j, programm=programm)
    assert "von 16 bis 27 Jahren" in str(exc.value) and "15" in str(exc.value)
    assert not Anfrage.objects.exists()
    anfrage = anfrage_create(acting_user=staff_a, jugendliche=j, programm=standard())
    assert anfrage.programm == standard()


def test_a_programme_requiring_the_help_plan_consent_refuses_without_it(staff_a, einrichtung_a):
    strict = Programm.objects.create(
        name="Mit Hilfeplan", einwilligungen=[B.TEILNAHME, B.DATENWEITERGABE, B.HILFEPLAN]
    )
    j = _young(einrichtung_a, 12)
    for bereich in (B.TEILNAHME, B.DATENWEITERGABE):
        einwilligung_create(
            acting_user=staff_a, jugendliche=j, bereich=bereich, inhaber=I.SORGEBERECHTIGTE,
            erteilt_am=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="Mentor:in im Hilfeplangespräch|Hilfeplan"):
        anfrage_create(acting_user=staff_a, jugendliche=j, programm=strict)
    assert anfrage_create(acting_user=staff_a, jugendliche=j).programm == standard()


def test_a_closed_programme_takes_no_request(staff_a, jugendliche_a):
    closed = Programm.objects.create(name="Ausgelaufen", aktiv=False)
    with pytest.raises(ValidationError, match="nimmt keine neuen Anfragen"):
        anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a, programm=closed)


def test_a_young_person_cannot_be_requested_in_the_family_programme(
    staff_a, jugendliche_a, familien_programm
):
    with pytest.raises(ValidationError, match="begleitet"):
        anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a, programm=familien_programm)


def test_a_family_defaults_to_the_only_family_programme(nadine, familie_a, familien_programm):
    anfrage = anfrage_create(acting_user=nadine, jugendliche=familie_a)
    assert anfrage.programm == familien_programm


def test_a_family_whose_youngest_child_is_three_is_outside_0_to_2(
    nadine, fruehe_hilfen_a, familien_programm
):
    familie = record_family(nadine, fruehe_hilfen_a, months_old=40)
    with pytest.raises(ValidationError, match="von 0 bis 2 Jahren"):
        anfrage_create(acting_user=nadine, jugendliche=familie, programm=familien_programm)


def test_care_leaver_programmes_open_once_the_young_person_has_left(staff_a, alice, einrichtung_a):
    cl = Programm.objects.create(name="Care Leaver", begleitet=Programm.Begleitet.CARE_LEAVER)
    j = _young(einrichtung_a, 19)
    consent_all(j, I.VOLLJAEHRIGE)
    with pytest.raises(ValidationError):
        anfrage_create(acting_user=staff_a, jugendliche=j, programm=cl)
    j.created_at = timezone.now() - timedelta(days=30)
    j.save(update_fields=["created_at"])
    jugendliche_auszug(acting_user=staff_a, jugendliche=j, auszug_am=timezone.localdate())
    assert anfrage_create(acting_user=alice, jugendliche=j, programm=cl).programm == cl


# --- families: where they are recorded, who consents, the conversation -------------------------


def test_a_family_is_recorded_only_by_a_referring_organisation(staff_a, einrichtung_a):
    with pytest.raises(ValidationError, match="vermittelt"):
        jugendliche_create(
            acting_user=staff_a, einrichtung=einrichtung_a, art=Jugendliche.Art.FAMILIE,
            vorname="Familie M.", geburtsmonat=1, geburtsjahr=timezone.localdate().year,
        )  # fmt: skip
    assert not Jugendliche.objects.exists()


def test_a_referring_organisation_records_no_young_person(nadine, fruehe_hilfen_a):
    with pytest.raises(ValidationError, match="erfasst ihre Einrichtung"):
        jugendliche_create(
            acting_user=nadine, einrichtung=fruehe_hilfen_a, vorname="Tom",
            geburtsmonat=1, geburtsjahr=timezone.localdate().year - 14,
        )  # fmt: skip


def test_an_expected_child_is_allowed_for_a_family_only_up_to_nine_months(nadine, fruehe_hilfen_a):
    soon = timezone.localdate().replace(day=1) + timedelta(days=100)
    familie = jugendliche_create(
        acting_user=nadine, einrichtung=fruehe_hilfen_a, art=Jugendliche.Art.FAMILIE,
        vorname="Familie S.", geburtsmonat=soon.month, geburtsjahr=soon.year,
    )  # fmt: skip
    assert familie.kind_alter() == 0
    far = timezone.localdate().replace(day=1) + timedelta(days=400)
    with pytest.raises(ValidationError, match="höchstens 9 Monate"):
        jugendliche_create(
            acting_user=nadine, einrichtung=fruehe_hilfen_a, art=Jugendliche.Art.FAMILIE,
            vorname="Familie T.", geburtsmonat=far.month, geburtsjahr=far.year,
        )  # fmt: skip


def test_parents_hold_every_consent_of_a_family(nadine, familie_a):
    assert consent.scope_granted(familie_a, familie_a.einwilligungen.all(), B.TEILNAHME)
    assert consent.needed_from(familie_a) == "den sorgeberechtigten Eltern"
    with pytest.raises(ValidationError):
        einwilligung_create(
            acting_user=nadine, jugendliche=familie_a, bereich=B.FORSCHUNG,
            inhaber=I.JUGENDLICHE, erteilt_am=timezone.localdate(),
        )  # fmt: skip
    familie_a.einwilligungen.filter(bereich=B.TEILNAHME).update(widerrufen_am=timezone.now())
    assert not consent.scope_granted(familie_a, familie_a.einwilligungen.all(), B.TEILNAHME)


def test_parents_and_children_are_written_only_for_a_family(
    nadine, familie_a, staff_a, jugendliche_a
):
    elternteil_create(acting_user=nadine, familie=familie_a, vorname="Selin", rolle="mutter")
    kind_create(acting_user=nadine, familie=familie_a, vorname="", geburtsmonat=3,
                geburtsjahr=timezone.localdate().year - 4)  # fmt: skip
    assert Elternteil.objects.get().familie == familie_a and Kind.objects.count() == 1
    with pytest.raises(ValidationError, match="Nur der Datensatz einer Familie"):
        elternteil_create(acting_user=staff_a, familie=jugendliche_a, vorname="X", rolle="vater")


def test_the_family_conversation_is_the_referral_and_review_conversation(
    nadine, familie_a, familien_programm
):
    anfrage_create(acting_user=nadine, jugendliche=familie_a, programm=familien_programm)
    hpg = hilfeplangespraech_create(
        acting_user=nadine, jugendliche=familie_a, datum=timezone.localdate(),
        wegbegleiter_eingeladen=True,
    )  # fmt: skip
    assert hpg.art == Programm.Gespraech.VERMITTLUNG
    assert hpg.get_art_display() == "Erst- und Auswertungsgespräch mit der vermittelnden Fachkraft"


def test_a_young_persons_conversation_stays_the_help_plan_conference(staff_a, jugendliche_a):
    hpg = hilfeplangespraech_create(
        acting_user=staff_a, jugendliche=jugendliche_a, datum=timezone.localdate()
    )
    assert hpg.art == Programm.Gespraech.HILFEPLAN


# --- Erziehungsstellen ------------------------------------------------------------------------


def test_an_erziehungsstelle_is_one_household_with_few_places(settings, alice, einrichtung_a):
    settings.WB_ERZIEHUNGSSTELLE_MAX_PLAETZE = 2
    einrichtung_update(
        acting_user=alice, einrichtung=einrichtung_a, art=Einrichtung.Art.ERZIEHUNGSSTELLE
    )
    year = timezone.localdate().year
    for name in ("Ada", "Ben"):
        jugendliche_create(
            acting_user=alice, einrichtung=einrichtung_a, vorname=name, geburtsmonat=1,
            geburtsjahr=year - 10,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="höchstens 2 jungen Menschen"):
        jugendliche_create(
            acting_user=alice, einrichtung=einrichtung_a, vorname="Cem", geburtsmonat=1,
            geburtsjahr=year - 10,
        )  # fmt: skip
    assert Jugendliche.objects.count() == 2


def test_an_erziehungsstelle_keeps_no_street(alice, einrichtung_a):
    with pytest.raises(ValidationError, match="Privathaushalt"):
        einrichtung_update(
            acting_user=alice, einrichtung=einrichtung_a, art=Einrichtung.Art.ERZIEHUNGSSTELLE,
            strasse="Gartenweg 3",
        )  # fmt: skip
    einrichtung_a.refresh_from_db()
    assert einrichtung_a.art == Einrichtung.Art.WOHNGRUPPE


def test_the_admin_shows_the_household(client, alice, einrichtung_a):
    einrichtung_update(
        acting_user=alice, einrichtung=einrichtung_a, art=Einrichtung.Art.ERZIEHUNGSSTELLE
    )
    JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Ada")
    client.force_login(alice)
    page = client.get(
        reverse("admin:einrichtungen_einrichtung_change", args=[einrichtung_a.pk])
    ).content.decode()
    assert "Erziehungsstelle (Pflegefamilie)" in page and "Ada (1/4)" in page


# --- the staff area for families, and who may use it ------------------------------------------


def test_referring_staff_record_a_family_with_parents_and_child_in_the_staff_area(
    client, nadine, fruehe_hilfen_a, familien_programm
):
    client.force_login(nadine)
    page = client.get(reverse("einrichtungen:jugendliche_create")).content.decode()
    assert "Jüngstes Kind: Geburtsmonat" in page
    year = timezone.localdate().year
    response = client.post(
        reverse("einrichtungen:jugendliche_create"),
        {"einrichtung": fruehe_hilfen_a.pk, "vorname": "Familie K.", "geburtsmonat": 1,
         "geburtsjahr": year, "sprachen": "", "interessen": "", "wuensche": "", "jugendamt": ""},
    )  # fmt: skip
    familie = Jugendliche.objects.get()
    assert response.status_code == 302 and familie.art == Jugendliche.Art.FAMILIE
    client.post(
        reverse("einrichtungen:elternteil_create", args=[familie.pk]),
        {"vorname": "Selin", "rolle": "mutter", "sorgeberechtigt": "on"},
    )
    client.post(
        reverse("einrichtungen:kind_create", args=[familie.pk]),
        {"vorname": "Lina", "geburtsmonat": 5, "geburtsjahr": year - 4},
    )
    page = client.get(reverse("einrichtungen:jugendliche_detail", args=[familie.pk])).content
    text = page.decode()
    assert "Familie K." in text and "Selin (Mutter)" in text and "Lina" in text
    assert "Erst- und Auswertungsgespräch erfassen" in text
    start = client.get(reverse("einrichtungen:start")).content.decode()
    assert "Familie erfassen" in start and "Familie K." in start


def test_the_request_form_offers_the_family_programme(client, nadine, familie_a, familien_programm):
    client.force_login(nadine)
    url = reverse("einrichtungen:anfrage_create", args=[familie_a.pk])
    page = client.get(url).content.decode()
    assert familien_programm.name in page and standard().name not in page
    response = client.post(url, {"programm": familien_programm.pk, "bemerkung": ""})
    assert response.status_code == 302
    assert Anfrage.objects.get().programm == familien_programm


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("nadine", 200),
        ("alice", 200),
        ("staff_a", 404),
        ("bob", 404),
        ("other_referrer", 404),
        ("charlie", 403),
        ("volunteer", 403),
        (None, 302),
    ],
)
def test_family_member_pages_by_role(client, request, familie_a, region_a, who, expected):
    if who == "other_referrer":
        other = make_referring(region_a, "Familienhebammen Offenbach")
        user = make_referring_staff(other, "hebamme@example.org")
    else:
        user = request.getfixturevalue(who) if who else None
    if user is not None:
        client.force_login(user)
    for name in ("elternteil_create", "kind_create", "jugendliche_detail"):
        response = client.get(reverse(f"einrichtungen:{name}", args=[familie_a.pk]))
        assert response.status_code == expected, name
    response = client.post(
        reverse("einrichtungen:elternteil_create", args=[familie_a.pk]),
        {"vorname": "X", "rolle": "vater", "sorgeberechtigt": "on"},
    )
    assert Elternteil.objects.exists() == (expected == 200)


def test_a_young_persons_record_has_no_member_pages(client, staff_a, jugendliche_a):
    client.force_login(staff_a)
    url = reverse("einrichtungen:elternteil_create", args=[jugendliche_a.pk])
    assert client.get(url).status_code == 404


def test_referring_staff_see_only_their_own_families(
    client, nadine, familie_a, region_a, jugendliche_a
):
    other = make_referring(region_a, "Beratungsstelle Nord")
    hebamme = make_referring_staff(other, "beratung@example.org")
    client.force_login(hebamme)
    page = client.get(reverse("einrichtungen:start")).content.decode()
    assert "Familie K." not in page and "Amira" not in page
    client.force_login(nadine)
    page = client.get(reverse("einrichtungen:start")).content.decode()
    assert "Familie K." in page and "Amira" not in page
