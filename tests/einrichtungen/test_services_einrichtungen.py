"""Facilities and their staff: creation, update, leads, invitations to exactly one facility."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from einrichtungen.models import Einrichtung
from einrichtungen.permissions import can_work_in, einrichtungen_for_staff
from einrichtungen.selectors import jugendliche_list_for
from einrichtungen.services import (
    einrichtung_create,
    einrichtung_lead_set,
    einrichtung_staff_invite,
    einrichtung_update,
)
from wegbegleitung.models import Einladung, User
from wegbegleitung.services.invitations import einladung_accept, einladung_token


def test_create_with_details_and_staff_group(alice, region_a):
    e = einrichtung_create(
        acting_user=alice,
        name="Heim Nord",
        region=region_a,
        art=Einrichtung.Art.HEIM,
        postleitzahl="60311",
        ort="Frankfurt",
    )
    assert e.art == "heim" and e.staff_group.name == f"Einrichtung {region_a.pk}/Heim Nord"


def test_coordinator_of_other_region_may_not_create_or_update(bob, region_a, einrichtung_a):
    with pytest.raises(PermissionDenied):
        einrichtung_create(acting_user=bob, name="X", region=region_a)
    with pytest.raises(PermissionDenied):
        einrichtung_update(acting_user=bob, einrichtung=einrichtung_a, name="X")


def test_postal_code_follows_the_country(alice, region_a, einrichtung_b):
    with pytest.raises(ValidationError, match="5 Ziffern"):
        einrichtung_create(acting_user=alice, name="X", region=region_a, postleitzahl="1010")
    einrichtung_b.region.country = "AT"
    einrichtung_b.region.save()
    updated = einrichtung_update(acting_user=None, einrichtung=einrichtung_b, postleitzahl="1010")
    assert updated.postleitzahl == "1010"
    assert not Einrichtung.objects.filter(name="X").exists()


def test_active_agreement_needs_date(alice, einrichtung_a):
    with pytest.raises(ValidationError, match="Datum der Unterzeichnung"):
        einrichtung_update(acting_user=alice, einrichtung=einrichtung_a, kooperation_status="aktiv")


def test_only_staff_can_lead(alice, staff_b, einrichtung_a):
    with pytest.raises(ValidationError):
        einrichtung_lead_set(
            acting_user=alice, einrichtung=einrichtung_a, user=staff_b, is_lead=True
        )


def test_lead_invites_only_to_own_facility(lead_a, staff_a, einrichtung_a, einrichtung_b):
    einladung = einrichtung_staff_invite(
        acting_user=lead_a, einrichtung=einrichtung_a, email="Neu@Example.org"
    )
    assert (einladung.email, einladung.role) == ("neu@example.org", "Einrichtung")
    with pytest.raises(PermissionDenied):
        einrichtung_staff_invite(
            acting_user=lead_a, einrichtung=einrichtung_b, email="x@example.org"
        )
    with pytest.raises(PermissionDenied):
        einrichtung_staff_invite(
            acting_user=staff_a, einrichtung=einrichtung_a, email="x@example.org"
        )
    assert Einladung.objects.count() == 1


def test_taking_back_the_lead_stops_invitations(alice, lead_a, einrichtung_a):
    einrichtung_lead_set(acting_user=alice, einrichtung=einrichtung_a, user=lead_a, is_lead=False)
    lead_a = User.objects.get(pk=lead_a.pk)
    with pytest.raises(PermissionDenied):
        einrichtung_staff_invite(
            acting_user=lead_a, einrichtung=einrichtung_a, email="x@example.org"
        )


def test_coordinator_of_region_invites_staff(alice, bob, einrichtung_a):
    einrichtung_staff_invite(acting_user=alice, einrichtung=einrichtung_a, email="a@example.org")
    with pytest.raises(PermissionDenied):
        einrichtung_staff_invite(acting_user=bob, einrichtung=einrichtung_a, email="b@example.org")


def test_invited_staff_join_exactly_their_facility(
    lead_a, einrichtung_a, einrichtung_b, jugendliche_a, jugendliche_b
):
    einladung = einrichtung_staff_invite(
        acting_user=lead_a, einrichtung=einrichtung_a, email="neu@example.org"
    )
    user = einladung_accept(
        token=einladung_token(einladung),
        user=None,
        first_name="Nele",
        last_name="Neu",
        password="ein-langes-passwort-2026",
    )
    assert list(einrichtungen_for_staff(user)) == [einrichtung_a]
    assert can_work_in(user, einrichtung_a) and not can_work_in(user, einrichtung_b)
    assert list(jugendliche_list_for(user=user)) == [jugendliche_a]
    # without a second factor the staff area is not reachable yet
    client = Client()
    client.force_login(user)
    response = client.get(reverse("einrichtungen:start"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
