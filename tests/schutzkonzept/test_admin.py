"""Admin pages for coordinators: region scoped, through services, lists without N+1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schutzkonzept.models import Antragsbestaetigung, Fuehrungszeugnis, Verhaltenskodex
from tests.schutzkonzept.factories import FuehrungszeugnisFactory, make_cleared, make_wegbegleiter

PAGES = [
    "admin:schutzkonzept_fuehrungszeugnis_changelist",
    "admin:schutzkonzept_fuehrungszeugnis_add",
    "admin:schutzkonzept_schutzschulung_changelist",
    "admin:schutzkonzept_antragsbestaetigung_changelist",
    "admin:schutzkonzept_unterzeichnung_changelist",
    "admin:schutzkonzept_verhaltenskodex_changelist",
    "admin:schutzkonzept_freigabe_changelist",
    "admin:schutzkonzept_freigabeverlust_changelist",
]


@pytest.mark.parametrize("page", PAGES)
def test_coordinators_open_the_pages_and_others_do_not(client, alice, staff_a, volunteer, page):
    url = reverse(page)
    client.force_login(alice)
    assert client.get(url).status_code == 200
    for user in (staff_a, volunteer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.logout()
    assert client.get(url).status_code == 302


def _inspection_post(wegbegleiter, issued_on, conviction=False):
    data = {
        "wegbegleiter": wegbegleiter.pk,
        "inspected_on": timezone.localdate().isoformat(),
        "issued_on": issued_on.isoformat(),
    }
    if conviction:
        data["relevant_conviction"] = "on"
    return data


def test_a_coordinator_records_an_inspection_for_their_region_only(client, alice, wb_a, wb_b):
    client.force_login(alice)
    url = reverse("admin:schutzkonzept_fuehrungszeugnis_add")
    issued = timezone.localdate() - timedelta(days=10)
    response = client.post(url, _inspection_post(wb_b, issued))
    assert response.status_code == 200 and not Fuehrungszeugnis.objects.exists()
    response = client.post(url, _inspection_post(wb_a, issued))
    assert response.status_code == 302
    zeugnis = Fuehrungszeugnis.objects.get()
    assert zeugnis.inspected_by == alice and zeugnis.wegbegleiter == wb_a


def test_an_old_certificate_is_refused_in_the_admin_with_a_message(client, alice, wb_a):
    client.force_login(alice)
    issued = timezone.localdate() - timedelta(days=200)
    response = client.post(
        reverse("admin:schutzkonzept_fuehrungszeugnis_add"), _inspection_post(wb_a, issued)
    )
    assert response.status_code == 200 and "errornote" in response.content.decode()
    assert not Fuehrungszeugnis.objects.exists()


def test_a_newer_inspection_replaces_the_older_one_and_a_backdated_one_is_refused(
    client, alice, wb_a
):
    client.force_login(alice)
    url = reverse("admin:schutzkonzept_fuehrungszeugnis_add")
    today = timezone.localdate()
    older = FuehrungszeugnisFactory(
        wegbegleiter=wb_a, inspected_on=today - timedelta(days=5),
        issued_on=today - timedelta(days=9),
    )  # fmt: skip
    backdated = _inspection_post(wb_a, today - timedelta(days=30))
    backdated["inspected_on"] = (today - timedelta(days=20)).isoformat()
    page = client.post(url, backdated).content.decode()
    assert "Nur die aktuelle Prüfung wird" in page
    assert list(Fuehrungszeugnis.objects.all()) == [older]
    assert client.post(url, _inspection_post(wb_a, today - timedelta(days=2))).status_code == 302
    [current] = Fuehrungszeugnis.objects.all()
    assert current != older and current.issued_on == today - timedelta(days=2)


def test_a_listed_conviction_shows_the_next_steps(client, alice, wb_a):
    client.force_login(alice)
    issued = timezone.localdate() - timedelta(days=10)
    response = client.post(
        reverse("admin:schutzkonzept_fuehrungszeugnis_add"),
        _inspection_post(wb_a, issued, conviction=True),
        follow=True,
    )
    body = response.content.decode()
    assert "Kinderschutz" in body or "child-protection lead" in body


def test_the_admin_offers_no_way_to_store_contents(client, alice):
    client.force_login(alice)
    body = client.get(reverse("admin:schutzkonzept_fuehrungszeugnis_add")).content.decode()
    assert 'type="file"' not in body and "<textarea" not in body


def test_the_clearance_overview_is_scoped_and_one_query_per_page(
    client, alice, region_a, region_b, kodex, django_assert_max_num_queries
):
    make_cleared(make_wegbegleiter(region_a, email="c0@example.org"), kodex=kodex)
    make_wegbegleiter(region_b, email="other@example.org")
    client.force_login(alice)
    url = reverse("admin:schutzkonzept_freigabe_changelist")
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(1, 8):
        w = make_wegbegleiter(region_a, email=f"c{n}@example.org")
        if n % 2:
            make_cleared(w, kodex=kodex)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    body = response.content.decode()
    emails = {w.user.email for w in response.context["cl"].result_list}
    assert "other@example.org" not in emails and len(emails) == 8
    assert body.count('alt="True"') == 5 and body.count('alt="False"') == 3


def test_publishing_a_new_version_asks_active_volunteers_to_sign(
    client, alice, region_a, kodex, mailoutbox, django_capture_on_commit_callbacks
):
    from wegbegleitung.models import Wegbegleiter

    active = make_wegbegleiter(region_a, email="active@example.org")
    make_cleared(active, kodex=kodex)
    make_wegbegleiter(region_a, email="left@example.org", status=Wegbegleiter.Status.AUSGESCHIEDEN)
    client.force_login(alice)
    client.post(
        reverse("admin:schutzkonzept_verhaltenskodex_add"),
        {"title": "Verhaltenskodex 2027", "text": "Neu.\n\nNoch neuer."},
    )
    draft = Verhaltenskodex.objects.get(title="Verhaltenskodex 2027")
    assert draft.version == kodex.version + 1 and draft.published_at is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:schutzkonzept_verhaltenskodex_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
        )
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert [m.to for m in mailoutbox] == [["active@example.org"]]
    assert "/schutz/verhaltenskodex/" in mailoutbox[0].body
    from schutzkonzept.clearance import clearance_for

    assert not clearance_for(active).cleared
    # published text is frozen
    response = client.post(
        reverse("admin:schutzkonzept_verhaltenskodex_change", args=[draft.pk]),
        {"title": "geändert", "text": "anders"},
    )
    draft.refresh_from_db()
    assert draft.title == "Verhaltenskodex 2027" and response.status_code == 403


def test_coordinators_create_letters_for_their_region(
    client, alice, wb_a, wb_b, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    url = reverse("admin:schutzkonzept_antragsbestaetigung_add")
    client.post(url, {"wegbegleiter": wb_b.pk})
    assert not Antragsbestaetigung.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"wegbegleiter": wb_a.pk})
    letter = Antragsbestaetigung.objects.get()
    assert letter.requested_by == alice and letter.pdf
    listing = client.get(reverse("admin:schutzkonzept_antragsbestaetigung_changelist"))
    assert reverse("schutzkonzept:bestaetigung_pdf", args=[letter.pk]) in listing.content.decode()


def test_a_coordinator_of_another_region_sees_none_of_the_records(client, bob, wb_a, alice):
    from schutzkonzept.services.certificates import fuehrungszeugnis_record

    zeugnis = fuehrungszeugnis_record(
        acting_user=alice,
        wegbegleiter=wb_a,
        issued_on=timezone.localdate() - timedelta(days=3),
        relevant_conviction=False,
    )
    client.force_login(bob)
    listing = client.get(reverse("admin:schutzkonzept_fuehrungszeugnis_changelist"))
    assert listing.status_code == 200 and str(wb_a) not in listing.content.decode()
    detail = client.get(reverse("admin:schutzkonzept_fuehrungszeugnis_change", args=[zeugnis.pk]))
    assert detail.status_code in {302, 403} and str(wb_a) not in detail.content.decode()
    overview = client.get(reverse("admin:schutzkonzept_freigabe_changelist"))
    assert str(wb_a) not in overview.content.decode()


LISTS = [
    "admin:schutzkonzept_fuehrungszeugnis_changelist",
    "admin:schutzkonzept_schutzschulung_changelist",
    "admin:schutzkonzept_antragsbestaetigung_changelist",
    "admin:schutzkonzept_unterzeichnung_changelist",
]


@pytest.mark.parametrize("page", LISTS)
def test_admin_lists_take_the_same_queries_for_one_row_or_many(
    client, alice, region_a, page, django_assert_max_num_queries
):
    from schutzkonzept.models import Antragsbestaetigung as Letter

    def add_rows(start, count):
        for n in range(start, start + count):
            w = make_wegbegleiter(region_a, email=f"row{n}@example.org")
            make_cleared(w)
            Letter.objects.create(wegbegleiter=w, country="DE", pdf="x.pdf", requested_by=alice)

    add_rows(0, 1)
    client.force_login(alice)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(page))
    add_rows(1, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(page))
    assert response.context["cl"].result_count == 7


def test_the_overview_filters_whose_certificate_must_be_renewed_soon(
    client, alice, region_a, kodex
):
    from schutzkonzept.dates import add_months
    from tests.schutzkonzept.factories import FuehrungszeugnisFactory, SchutzschulungFactory, sign

    today = timezone.localdate()
    soon = make_wegbegleiter(region_a, email="soon@example.org")
    issued = add_months(today, -58)  # expires in two months
    FuehrungszeugnisFactory(wegbegleiter=soon, issued_on=issued, inspected_on=issued)
    sign(soon, kodex)
    SchutzschulungFactory(wegbegleiter=soon)
    make_cleared(make_wegbegleiter(region_a, email="fresh@example.org"), kodex=kodex)
    make_wegbegleiter(region_a, email="none@example.org")
    client.force_login(alice)
    url = reverse("admin:schutzkonzept_freigabe_changelist")

    def shown(value):
        rows = client.get(url, {"freigabe": value}).context["cl"].result_list
        return {w.user.email.split("@")[0] for w in rows}

    assert shown("bald") == {"soon"}
    assert shown("ja") == {"soon", "fresh"}
    assert shown("nein") == {"none"}
