"""The agreement: PDF made by the task, read back with pdftotext; confirmations by each party
where it works; only the parties download it, by any URL."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from matching import services
from matching.models import Partei, Vereinbarung
from tests.conftest import pdf_text
from tests.matching.factories import confirm_all, make_mentor, propose, to_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks):
    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF task runs after commit
        confirm_all(alice, staff_a, begleitung)
    return begleitung


def test_final_pdf_names_parties_rules_and_confirmations(agreed, settings):
    from schutzkonzept.pdf import private_path

    vereinbarung = Vereinbarung.objects.get()
    assert vereinbarung.pdf_confirmations == 4
    text = " ".join(pdf_text(private_path(vereinbarung.pdf)).split())
    assert "Mara Berg" in text and "Malik" in text and "Wohngruppe Lindenhof" in text
    assert "Keine Treffen in der Wohnung der Wegbegleiter:in in den ersten 3 Monaten" in text
    assert "wöchentlich" in text
    assert "Frau Sorge (Mutter)" in text
    for party in ("Wegbegleiter:in", "Einrichtung", "Koordination"):
        assert party in text
    assert "Von allen Beteiligten bestätigt." in text
    # only the latest file is kept
    assert len(list((settings.PRIVATE_FILES_ROOT / "matching" / "vereinbarung").iterdir())) == 1


def test_draft_pdf_says_it_is_not_confirmed(
    alice, anfrage_a, mentor_a, django_capture_on_commit_callbacks
):
    from schutzkonzept.pdf import private_path

    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    with django_capture_on_commit_callbacks(execute=True):
        services.vereinbarung_save(
            acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
        )
    text = pdf_text(private_path(Vereinbarung.objects.get().pdf))
    assert "Entwurf" in text and "noch nicht bestätigt" in text


def test_each_party_confirms_only_where_it_may(alice, bob, staff_a, staff_b, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    refused = [
        (staff_a, Partei.WEGBEGLEITER),
        (alice, Partei.EINRICHTUNG),
        (mentor_a.user, Partei.KOORDINATION),
        (bob, Partei.KOORDINATION),
        (staff_b, Partei.EINRICHTUNG),
    ]
    for user, partei in refused:
        with pytest.raises(PermissionDenied):
            services.vereinbarung_confirm(acting_user=user, begleitung=begleitung, partei=partei)
    services.vereinbarung_confirm(
        acting_user=staff_a, begleitung=begleitung, partei=Partei.EINRICHTUNG
    )
    with pytest.raises(ValidationError, match="bereits bestätigt"):
        services.vereinbarung_confirm(
            acting_user=staff_a, begleitung=begleitung, partei=Partei.EINRICHTUNG
        )
    with pytest.raises(ValidationError):
        services.vereinbarung_save(acting_user=alice, begleitung=begleitung, rollen="anders")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("mentor", 200),
        ("alice", 200),
        ("staff_a", 200),
        ("bob", 404),
        ("staff_b", 404),
        ("charlie", 404),
        ("other_mentor", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_parties_download_the_agreement(agreed, client, request, who, status, region_a):
    users = {
        "mentor": agreed.wegbegleiter.user,
        "other_mentor": make_mentor(region_a, email="otto@example.org").user,
        "anonymous": None,
    }
    user = users[who] if who in users else request.getfixturevalue(who)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("matching:vereinbarung_pdf", args=[agreed.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert response.get("Content-Type") != "application/pdf"


def test_no_other_url_serves_the_file(agreed, client, alice, bob):
    pdf = Vereinbarung.objects.get().pdf
    for user in (None, bob, alice):
        if user is not None:
            client.force_login(user)
        for url in (f"/media/{pdf}", f"/static/{pdf}", f"/{pdf}", f"/private/{pdf}"):
            response = client.get(url)
            assert response.status_code == 404, url


def test_after_the_move_out_the_facility_no_longer_downloads(agreed, alice, staff_a, client):
    from django.utils import timezone

    from einrichtungen.services import jugendliche_auszug

    jugendliche_auszug(
        acting_user=alice, jugendliche=agreed.jugendliche, auszug_am=timezone.localdate()
    )
    client.force_login(staff_a)
    assert client.get(reverse("matching:vereinbarung_pdf", args=[agreed.pk])).status_code == 404


def test_rendering_twice_changes_nothing(agreed):
    vereinbarung = Vereinbarung.objects.get()
    assert services.vereinbarung_render(vereinbarung_id=vereinbarung.pk) is False
    assert Vereinbarung.objects.get().pdf == vereinbarung.pdf
