"""The volunteer's safeguarding pages: overview, signing the code of conduct, documents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schutzkonzept.models import Antragsbestaetigung, Unterzeichnung
from schutzkonzept.services.certificates import antragsbestaetigung_create
from tests.schutzkonzept.factories import (
    make_cleared,
    make_kodex,
    make_wegbegleiter,
    sign,
)
from wegbegleitung.models import AuditEvent, Wegbegleiter

OVERVIEW = "/schutz/"
KODEX = "/schutz/verhaltenskodex/"


def test_the_overview_shows_what_is_missing(client, wb_a, kodex):
    client.force_login(wb_a.user)
    body = client.get(OVERVIEW).content.decode()
    assert "status-open" in body and body.count("<li>") >= 3


def test_the_overview_shows_clearance(client, wb_a, kodex):
    make_cleared(wb_a, kodex=kodex)
    client.force_login(wb_a.user)
    body = client.get(OVERVIEW).content.decode()
    assert "status-done" in body
    assert "Sie sind freigegeben" in body and "bis einschließlich" in body  # German by default


@pytest.mark.parametrize("who", ["alice", "staff_a", "charlie"])
def test_the_portal_pages_are_for_volunteers(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(OVERVIEW).status_code == 404
    assert client.get(KODEX).status_code == 404


def test_anonymous_users_are_sent_to_login(client, db):
    for url in (OVERVIEW, KODEX):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_overview_query_count_is_constant(client, wb_a, kodex, django_assert_max_num_queries):
    client.force_login(wb_a.user)
    with django_assert_max_num_queries(20) as few:
        client.get(OVERVIEW)
    for n in range(5):
        kodex_n = make_kodex(version=100 + n)
        Unterzeichnung.objects.filter(pk=sign(wb_a, kodex_n).pk).update(pdf="y.pdf")
        Antragsbestaetigung.objects.create(wegbegleiter=wb_a, country="DE", pdf="x.pdf")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(OVERVIEW).content.decode()
    assert body.count("/schutz/verhaltenskodex/") >= 6 and body.count("/schutz/bestaetigung/") >= 6


def test_signing_needs_the_typed_name_and_the_confirmation(client, wb_a, kodex):
    client.force_login(wb_a.user)
    assert kodex.title in client.get(KODEX).content.decode()
    no_confirm = client.post(KODEX, {"typed_name": "Wiebke Wagner"})
    wrong_name = client.post(KODEX, {"typed_name": "Max Mustermann", "confirmed": "on"})
    for response in (no_confirm, wrong_name):
        assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert "Wiebke Wagner" in wrong_name.content.decode()  # tells which name is expected
    assert not Unterzeichnung.objects.exists()


def test_signing_stores_who_when_which_version_and_a_pdf(
    client, wb_a, kodex, django_capture_on_commit_callbacks
):
    client.force_login(wb_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(KODEX, {"typed_name": "  wiebke   wagner ", "confirmed": "on"})
    assert response.status_code == 302
    unterzeichnung = Unterzeichnung.objects.get()
    assert unterzeichnung.wegbegleiter == wb_a and unterzeichnung.verhaltenskodex == kodex
    assert unterzeichnung.signed_at and unterzeichnung.pdf
    assert AuditEvent.objects.filter(action="verhaltenskodex.sign").count() == 1
    again = client.post(KODEX, {"typed_name": "Wiebke Wagner", "confirmed": "on"})
    assert again.status_code == 200 and Unterzeichnung.objects.count() == 1


def test_an_old_version_cannot_be_signed_once_a_new_one_is_out(client, wb_a, kodex):
    from django.core.exceptions import ValidationError

    from schutzkonzept.services.conduct import verhaltenskodex_sign

    make_kodex(version=kodex.version + 1)
    with pytest.raises(ValidationError):
        verhaltenskodex_sign(
            acting_user=wb_a.user,
            wegbegleiter=wb_a,
            kodex=kodex,
            typed_name="Wiebke Wagner",
            confirmed=True,
        )


@pytest.fixture
def documents(wb_a, kodex, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        letter = antragsbestaetigung_create(acting_user=wb_a.user, wegbegleiter=wb_a)
        from schutzkonzept.services.conduct import verhaltenskodex_sign

        signature = verhaltenskodex_sign(
            acting_user=wb_a.user,
            wegbegleiter=wb_a,
            kodex=kodex,
            typed_name="Wiebke Wagner",
            confirmed=True,
        )
    return [
        reverse("schutzkonzept:bestaetigung_pdf", args=[letter.pk]),
        reverse("schutzkonzept:unterzeichnung_pdf", args=[signature.pk]),
    ]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("owner", True),
        ("alice", True),
        ("schutz_a", True),
        ("bob", False),
        ("wb_b", False),
        ("staff_a", False),
        ("charlie", False),
    ],
)
def test_documents_are_downloaded_by_the_volunteer_and_the_regions_coordinators(
    client, request, documents, wb_a, who, allowed
):
    user = wb_a.user if who == "owner" else request.getfixturevalue(who)
    user = getattr(user, "user", user)  # a Wegbegleiter fixture
    client.force_login(user)
    for url in documents:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF")
        else:
            assert response.status_code == 404
    downloads = AuditEvent.objects.filter(action__endswith=".download")
    assert downloads.count() == (2 if allowed else 0)


def test_documents_need_a_login(client, documents):
    for url in documents:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_a_volunteer_requests_a_letter_but_an_applicant_not_yet(
    client, region_a, django_capture_on_commit_callbacks
):
    screening = make_wegbegleiter(
        region_a, email="s@example.org", status=Wegbegleiter.Status.IN_PRUEFUNG
    )
    applicant = make_wegbegleiter(
        region_a, email="a@example.org", status=Wegbegleiter.Status.BEWORBEN
    )
    client.force_login(screening.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/schutz/bestaetigung/")
    assert Antragsbestaetigung.objects.filter(wegbegleiter=screening).exclude(pdf="").count() == 1
    client.force_login(applicant.user)
    assert "/schutz/bestaetigung/" not in client.get(OVERVIEW).content.decode()
    client.post("/schutz/bestaetigung/")
    assert not Antragsbestaetigung.objects.filter(wegbegleiter=applicant).exists()


def test_the_code_of_conduct_page_query_count_is_constant(
    client, wb_a, django_assert_max_num_queries
):
    short = make_kodex(text="Eins.")
    client.force_login(wb_a.user)
    with django_assert_max_num_queries(15) as few:
        client.get(KODEX)
    make_kodex(version=short.version + 1, text="\n\n".join(f"Absatz {n}." for n in range(30)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(KODEX).content.decode()
    assert "Absatz 29." in body
