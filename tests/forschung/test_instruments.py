"""Versions: a published version is frozen (service, admin and database); "new version" copies
it into an editable draft; publishing the draft replaces the old version for new waves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from forschung.models import Instrument, Item, Skalenpunkt
from forschung.services.instruments import (
    instrument_new_version,
    instrument_publish,
    instrument_save,
)
from tests.conftest import need_postgresql
from tests.forschung.factories import published

pytestmark = pytest.mark.django_db


def test_published_version_refuses_changes_in_the_service(alice):
    instrument = published(alice)
    instrument.name = "Anders"
    with pytest.raises(ValidationError, match="veröffentlicht|published"):
        instrument_save(acting_user=alice, instrument=instrument)
    assert Instrument.objects.get(pk=instrument.pk).name == "Zusammenarbeit und Zuversicht"


def test_database_refuses_changes_to_a_published_version(alice):
    need_postgresql("the freeze trigger")
    instrument = published(alice)
    item = instrument.items.first()
    for change in (
        lambda: Item.objects.filter(pk=item.pk).update(text="geändert"),
        lambda: Item.objects.filter(pk=item.pk).delete(),
        lambda: Skalenpunkt.objects.create(instrument=instrument, wert=6, label="x"),
        lambda: Instrument.objects.filter(pk=instrument.pk).update(gesamt_min_items=1),
        lambda: Instrument.objects.filter(pk=instrument.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert Item.objects.get(pk=item.pk).text == item.text


def test_new_version_is_an_editable_copy_and_publishing_replaces_the_old(alice):
    v1 = published(alice)
    v2 = instrument_new_version(acting_user=alice, instrument=v1)
    assert (v2.version, v2.status) == (2, Instrument.Status.ENTWURF)
    assert [i.text for i in v2.items.order_by("position")] == [
        i.text for i in v1.items.order_by("position")
    ]
    assert {i.subskala.instrument_id for i in v2.items.all()} == {v2.pk}
    Item.objects.filter(instrument=v2, position=1).update(text="Neue Formulierung")
    with pytest.raises(ValidationError):
        instrument_new_version(acting_user=alice, instrument=v1)  # one draft at a time
    instrument_publish(acting_user=alice, instrument=v2)
    statuses = dict(Instrument.objects.values_list("version", "status"))
    assert statuses == {1: "abgeloest", 2: "veroeffentlicht"}
    assert v1.items.get(position=1).text == "In unseren Treffen fühle ich mich ernst genommen."


def test_publishing_needs_items_and_a_scale(alice):
    empty = instrument_save(acting_user=alice, instrument=Instrument(code="leer", name="Leer"))
    with pytest.raises(ValidationError) as exc:
        instrument_publish(acting_user=alice, instrument=empty)
    # no items, no scale, and a total needing 1 answered item of none
    assert len(exc.value.messages) == 3


def test_only_coordinators_manage_instruments(volunteer, staff_a, alice):
    draft = Instrument(code="x", name="X")
    for user in (volunteer.user if hasattr(volunteer, "user") else volunteer, staff_a):
        with pytest.raises(PermissionDenied):
            instrument_save(acting_user=user, instrument=draft)


def test_admin_opens_published_version_read_only(client, alice, bob, staff_a):
    instrument = published(alice)
    url = reverse("admin:forschung_instrument_change", args=[instrument.pk])
    client.force_login(alice)
    html = client.get(url).content.decode()
    assert "Zusammenarbeit und Zuversicht" in html
    assert 'name="_save"' not in html and 'name="name"' not in html
    assert client.post(url, {"name": "Anders"}).status_code == 403
    assert Instrument.objects.get(pk=instrument.pk).name == "Zusammenarbeit und Zuversicht"
    listing = client.get(reverse("admin:forschung_instrument_changelist")).content.decode()
    assert "Veröffentlicht" in listing
    # coordinators of another region see the association's instruments too (not regional)
    client.force_login(bob)
    assert client.get(url).status_code == 200
    client.force_login(staff_a)
    assert client.get(url).status_code == 302  # no admin access: to the admin login
    client.logout()
    assert client.get(url).status_code == 302


def test_admin_publish_and_new_version_actions(client, alice):
    instrument = published(alice)
    client.force_login(alice)
    changelist = reverse("admin:forschung_instrument_changelist")
    client.post(changelist, {"action": "new_version", "_selected_action": [instrument.pk]})
    draft = Instrument.objects.get(version=2)
    assert draft.status == Instrument.Status.ENTWURF
    assert (
        client.get(reverse("admin:forschung_instrument_change", args=[draft.pk])).status_code == 200
    )
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert Instrument.objects.get(pk=draft.pk).status == Instrument.Status.VEROEFFENTLICHT


def test_admin_refuses_a_second_questionnaire_with_the_same_code(client, alice):
    published(alice)
    client.force_login(alice)
    response = client.post(
        reverse("admin:forschung_instrument_add"),
        {
            "code": "zusammenarbeit-zuversicht", "name": "Doppelt", "zielgruppe": "beide",
            "gesamt_regel": "mittel", "gesamt_min_items": "1",
            **{f"{prefix}-{key}": "0" for prefix in ("subskalen", "skalenpunkte", "items")
               for key in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "neue Version" in response.content.decode()
    assert Instrument.objects.count() == 1
