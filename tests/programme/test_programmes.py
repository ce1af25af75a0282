"""Programmes: the default programme, its rules from the settings, who may change a programme."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from einrichtungen.models import Anfrage, Jugendliche
from programme import rules
from programme.models import Programm
from tests.factories import UserFactory, add_totp, make_einrichtung
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import AuditEvent, Programmteilnahme
from wegbegleitung.services.programmes import programm_save, programmteilnahmen_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    user = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    add_totp(user)  # the admin asks operators for a second factor
    return user


@pytest.fixture
def familien(db):
    return Programm.objects.create(
        name="Familienpatenschaften",
        begleitet=Programm.Begleitet.FAMILIEN,
        alter_max=2,
        schulung_min_stunden=10,
        schulung_ziel_stunden=12,
    )


def test_the_default_programme_holds_the_settings_values():
    standard = rules.standard()
    assert standard.standard
    assert standard.schulung_min_stunden == settings.WB_TRAINING_MIN_HOURS
    assert standard.supervision_wochen == settings.WB_SUPERVISION_INTERVAL_WEEKS
    assert standard.kontakt_jahr_eins_tage == settings.WB_SUPPORT_YEAR_ONE_DAYS
    assert standard.einwilligungen == ["teilnahme", "datenweitergabe"]
    assert Programm.objects.filter(standard=True).count() == 1


def test_a_request_without_a_programme_belongs_to_the_default(region_a):
    facility = make_einrichtung(region_a)
    young = Jugendliche.objects.create(
        einrichtung=facility, vorname="Mira", geburtsmonat=3, geburtsjahr=2010
    )
    anfrage = Anfrage.objects.create(jugendliche=young)
    assert anfrage.programm == rules.standard()


def test_a_new_programme_starts_with_the_settings_values(familien):
    assert familien.supervision_wochen == settings.WB_SUPERVISION_INTERVAL_WEEKS
    assert familien.mindestengagement_monate == settings.WB_MIN_COMMITMENT_MONTHS
    assert not familien.standard


@pytest.mark.parametrize(
    ("low", "high", "age", "allowed"),
    [(None, None, 30, True), (16, None, 15, False), (16, 27, 27, True), (None, 2, 3, False)],
)
def test_age_limits(low, high, age, allowed):
    programm = Programm(name="x", alter_min=low, alter_max=high)
    assert rules.age_allowed(programm, age) is allowed


def test_the_management_changes_a_programme_in_the_admin(client, root, familien):
    client.force_login(root)
    url = reverse("admin:programme_programm_change", args=[familien.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data.update(
        name="Familienpatenschaften (Frühe Hilfen)",
        kontakt_jahr_eins_tage=7,
        einwilligungen=["teilnahme", "datenweitergabe", "hilfeplan"],
    )
    response = client.post(url, {k: v for k, v in data.items() if v is not False})
    assert response.status_code == 302, response.context["adminform"].form.errors
    familien.refresh_from_db()
    assert familien.kontakt_jahr_eins_tage == 7
    assert familien.einwilligungen == ["teilnahme", "datenweitergabe", "hilfeplan"]
    assert AuditEvent.objects.filter(action="programm.change", object_id=str(familien.pk)).exists()


def test_an_absurd_age_range_is_refused_and_nothing_changes(root, familien):
    familien.alter_min, familien.alter_max = 20, 2
    with pytest.raises(Exception) as excinfo:
        programm_save(acting_user=root, programm=familien)
    assert "Mindestalter" in str(excinfo.value) or "minimum age" in str(excinfo.value)
    familien.refresh_from_db()
    assert (familien.alter_min, familien.alter_max) == (None, 2)


def test_coordinators_read_programmes_but_do_not_change_them(client, alice, familien):
    client.force_login(alice)
    assert client.get(reverse("admin:programme_programm_changelist")).status_code == 200
    url = reverse("admin:programme_programm_change", args=[familien.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # read only
    client.post(url, {"name": "Umbenannt"})
    familien.refresh_from_db()
    assert familien.name == "Familienpatenschaften"
    with pytest.raises(PermissionDenied):
        programm_save(acting_user=alice, programm=familien)


@pytest.mark.parametrize("who", ["volunteer", "staff_a", None])
def test_programmes_are_closed_to_volunteers_staff_and_anonymous(client, request, who, familien):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:programme_programm_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_nobody_deletes_a_programme(client, root, familien):
    client.force_login(root)
    url = reverse("admin:programme_programm_delete", args=[familien.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Programm.objects.filter(pk=familien.pk).exists()


def test_a_coordinator_sets_the_programmes_of_a_volunteer_of_her_region(
    alice, bob, region_a, familien
):
    wegbegleiter = make_volunteer(region_a)
    standard = rules.standard()
    programmteilnahmen_set(acting_user=alice, wegbegleiter=wegbegleiter, programme=[familien])
    assert list(wegbegleiter.programme.all()) == [familien]
    with pytest.raises(PermissionDenied):
        programmteilnahmen_set(acting_user=bob, wegbegleiter=wegbegleiter, programme=[standard])
    assert list(wegbegleiter.programme.all()) == [familien]
    programmteilnahmen_set(
        acting_user=alice, wegbegleiter=wegbegleiter, programme=[standard, familien]
    )
    assert Programmteilnahme.objects.filter(wegbegleiter=wegbegleiter).count() == 2
    assert AuditEvent.objects.filter(action="wegbegleiter.programmes").count() == 2
