"""The coordinators' admin for the mentor's path: permission matrix, pipeline, steps, counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.wegbegleitung.factories import complete_application, make_volunteer, record_screening
from wegbegleitung.models import (
    AuditEvent,
    Erstgespraech,
    Schulungsteilnahme,
    Schulungstermin,
    Supervision,
    SupervisionEinladung,
    Wegbegleiter,
)

S = Wegbegleiter.Status


@pytest.fixture
def applicant(region_a):
    wegbegleiter = make_volunteer(region_a, status=S.BEWORBEN, first_name="Anna", last_name="Ahorn")
    complete_application(wegbegleiter, submitted=True)
    return wegbegleiter


@pytest.fixture
def termin(region_a):
    return Schulungstermin.objects.create(
        region=region_a, title="Grundkurs", hours=3, starts_at=timezone.now()
    )


@pytest.fixture
def supervision(region_a):
    return Supervision.objects.create(
        region=region_a, starts_at=timezone.now() + timedelta(days=5), place="Raum 2",
        facilitator="Dr. F",
    )  # fmt: skip


def _pages(applicant, termin, supervision):
    return [
        reverse("admin:wegbegleitung_wegbegleiter_change", args=[applicant.pk]),
        reverse("admin:wegbegleitung_wegbegleiter_status", args=[applicant.pk]),
        reverse("admin:wegbegleitung_schulungstermin_change", args=[termin.pk]),
        reverse("admin:wegbegleitung_supervision_change", args=[supervision.pk]),
    ]


@pytest.mark.parametrize("page", range(4))
@pytest.mark.parametrize("who", ["alice", "bob", "volunteer", None])
def test_admin_object_pages_matrix(client, request, who, page, applicant, termin, supervision):
    url = _pages(applicant, termin, supervision)[page]
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url, follow=who == "bob")
    content = response.content.decode()
    if who == "alice":
        assert response.status_code == 200
        assert "Ahorn" in content or "Grundkurs" in content or "Raum 2" in content
    elif who == "bob":
        assert "Ahorn" not in content and "Raum 2" not in content and "Grundkurs" not in content
    else:
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize(
    "name",
    [
        "admin:wegbegleitung_wegbegleiter_changelist",
        "admin:wegbegleitung_schulungstermin_changelist",
        "admin:wegbegleitung_supervision_changelist",
    ],
)
def test_admin_lists_show_only_own_regions(
    client, alice, bob, name, applicant, termin, supervision
):
    client.force_login(alice)
    content = client.get(reverse(name)).content.decode()
    assert "Ahorn" in content or "Grundkurs" in content or "Raum 2" in content
    client.force_login(bob)
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ahorn" not in content and "Grundkurs" not in content and "Raum 2" not in content


@pytest.mark.parametrize("who", ["volunteer", None])
def test_admin_lists_refuse_volunteers_and_anonymous(client, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:wegbegleitung_wegbegleiter_changelist"))
    assert response.status_code == 302


def test_pipeline_counts_stages_and_days_waiting(client, alice, region_a, region_b):
    for status in (S.BEWORBEN, S.BEWORBEN, S.IN_PRUEFUNG):
        make_volunteer(region_a, status=status)
    make_volunteer(region_b, status=S.BEWORBEN)  # another region: not counted
    Wegbegleiter.objects.filter(status=S.IN_PRUEFUNG).update(
        status_since=timezone.now() - timedelta(days=9)
    )
    client.force_login(alice)
    response = client.get(reverse("admin:wegbegleitung_wegbegleiter_changelist"))
    content = response.content.decode()
    assert "Bewerbung eingereicht: <strong>2</strong>" in content
    assert "In Prüfung: <strong>1</strong>" in content
    assert '<td class="field-days_waiting">9</td>' in content
    filtered = client.get(
        reverse("admin:wegbegleitung_wegbegleiter_changelist"), {"stage": S.IN_PRUEFUNG}
    )
    assert filtered.context["cl"].result_count == 1


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("admin:wegbegleitung_wegbegleiter_changelist")).status_code == 200
    return len(ctx.captured_queries)


def test_pipeline_query_count_is_bounded(client, alice, region_a, django_assert_max_num_queries):
    client.force_login(alice)
    for _ in range(2):
        w = make_volunteer(region_a, status=S.IN_PRUEFUNG)
        complete_application(w, submitted=True)
        record_screening(w, alice)
    few = _list_queries(client)
    for _ in range(10):
        w = make_volunteer(region_a, status=S.IN_PRUEFUNG)
        complete_application(w, submitted=True)
        record_screening(w, alice)
    assert _list_queries(client) == few
    with django_assert_max_num_queries(25):
        client.get(reverse("admin:wegbegleitung_wegbegleiter_changelist"))


def _management(response):
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in ("INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        # the empty extra rows are left out: a test adds the rows it fills
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.management_form["INITIAL_FORMS"].value()
    return data


def test_interview_recorded_in_the_admin_starts_screening(client, alice, applicant):
    url = reverse("admin:wegbegleitung_wegbegleiter_change", args=[applicant.pk])
    client.force_login(alice)
    data = _management(client.get(url))
    data.update({
        "erstgespraeche-TOTAL_FORMS": "1",
        "erstgespraeche-0-held_on": date.today().strftime("%d.%m.%Y"),
        "erstgespraeche-0-in_person": "on",
        "erstgespraeche-0-outcome": "positiv",
        "erstgespraeche-0-notes": "Offen und zugewandt.",
        "_continue": "1",
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    interview = Erstgespraech.objects.get(wegbegleiter=applicant)
    assert interview.conducted_by == alice
    applicant.refresh_from_db()
    assert applicant.status == S.IN_PRUEFUNG
    assert AuditEvent.objects.filter(action="erstgespraech.create").exists()


def test_status_view_refuses_accept_with_reasons_and_changes_nothing(client, alice, applicant):
    Wegbegleiter.objects.filter(pk=applicant.pk).update(status=S.IN_PRUEFUNG)
    client.force_login(alice)
    url = reverse("admin:wegbegleitung_wegbegleiter_status", args=[applicant.pk])
    response = client.post(url, {"action": "accept", "reason": ""})
    assert response.status_code == 200
    assert "Die Bewerbung kann noch nicht angenommen werden" in response.content.decode()
    assert Wegbegleiter.objects.get(pk=applicant.pk).status == S.IN_PRUEFUNG


def test_status_view_declines_with_reason(client, alice, applicant):
    client.force_login(alice)
    url = reverse("admin:wegbegleitung_wegbegleiter_status", args=[applicant.pk])
    response = client.post(url, {"action": "decline", "reason": "Passt nicht."})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == S.ABGELEHNT
    assert applicant.entscheidungen.get().reason == "Passt nicht."


def test_status_view_of_another_region_is_not_found(client, bob, applicant):
    client.force_login(bob)
    url = reverse("admin:wegbegleitung_wegbegleiter_status", args=[applicant.pk])
    assert client.post(url, {"action": "decline", "reason": "x"}).status_code == 404
    assert Wegbegleiter.objects.get(pk=applicant.pk).status == S.BEWORBEN


def test_training_attendance_only_for_volunteers_of_the_region(client, alice, termin, region_b):
    outsider = make_volunteer(region_b, status=S.IN_PRUEFUNG)
    url = reverse("admin:wegbegleitung_schulungstermin_change", args=[termin.pk])
    client.force_login(alice)
    data = _management(client.get(url))
    local = timezone.localtime(termin.starts_at)
    data.update({
        "region": termin.region_id, "title": "Grundkurs", "module": "", "hours": "3",
        "starts_at_0": local.strftime("%d.%m.%Y"), "starts_at_1": local.strftime("%H:%M:%S"),
        "place": "", "teilnahmen-TOTAL_FORMS": "1", "teilnahmen-0-wegbegleiter": outsider.pk,
        "teilnahmen-0-attended": "on",
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200  # the form comes back with an error
    assert not Schulungsteilnahme.objects.exists()


def test_supervision_invite_action_and_attendance(client, alice, supervision, region_a):
    available = make_volunteer(region_a, status=S.VERFUEGBAR)
    make_volunteer(region_a, status=S.BEWORBEN)  # not yet a mentor: not invited
    client.force_login(alice)
    client.post(
        reverse("admin:wegbegleitung_supervision_changelist"),
        {"action": "invite_available", "_selected_action": [supervision.pk]},
    )
    einladung = SupervisionEinladung.objects.get()
    assert einladung.wegbegleiter == available


def test_opening_a_volunteer_in_the_admin_is_audited(client, alice, applicant):
    client.force_login(alice)
    client.get(reverse("admin:wegbegleitung_wegbegleiter_change", args=[applicant.pk]))
    event = AuditEvent.objects.get(action="wegbegleiter.view")
    assert (event.actor, event.object_id) == (alice, str(applicant.pk))


@pytest.mark.parametrize(
    "name",
    [
        "admin:wegbegleitung_interesse_changelist",
        "admin:wegbegleitung_interesse_add",
        "admin:wegbegleitung_postleitzahl_changelist",
        "admin:wegbegleitung_schulungstermin_add",
        "admin:wegbegleitung_supervision_add",
    ],
)
@pytest.mark.parametrize(("who", "expected"), [("alice", 200), ("volunteer", 302), (None, 302)])
def test_other_admin_pages_matrix(client, request, name, who, expected):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == expected


def test_session_choices_offer_only_own_regions(client, alice, region_b):
    client.force_login(alice)
    page = client.get(reverse("admin:wegbegleitung_schulungstermin_add")).content.decode()
    assert "Rhein-Main" in page and "Wien" not in page


@pytest.mark.parametrize(
    "name",
    [
        "admin:wegbegleitung_schulungstermin_changelist",
        "admin:wegbegleitung_supervision_changelist",
    ],
)
def test_session_lists_query_count_is_constant(client, alice, region_a, name):
    client.force_login(alice)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    def add():
        Schulungstermin.objects.create(
            region=region_a, title="T", hours=2, starts_at=timezone.now()
        )
        Supervision.objects.create(
            region=region_a, starts_at=timezone.now(), place="P", facilitator="F"
        )

    add()
    few = count()
    for _ in range(6):
        add()
    assert count() == few


def test_change_page_shows_the_application_in_words(client, alice, applicant):
    client.force_login(alice)
    page = client.get(
        reverse("admin:wegbegleitung_wegbegleiter_change", args=[applicant.pk])
    ).content.decode()
    assert "Montag, Mittwoch" in page
    assert "Nachmittag" in page
    assert "Öffentliche Verkehrsmittel, Fahrrad" in page
