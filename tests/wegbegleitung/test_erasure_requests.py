"""The erasure request (GDPR Art. 17, answered within one month, Art. 12(3)): the volunteer and
the young person ask on their own pages, the coordinators of the region are told and find it on
their home and in the admin, carry it out through the erasure plan or refuse it with a reason,
and the person hears the answer in German. Who may open which page; query counts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from arbeitsplatz.selectors import board_for
from forschung.models import Jugendzugang
from matching.models import Begleitung
from tests.factories import make_user
from tests.wegbegleitung.data_subject_scene import MENTOR, close
from wegbegleitung.models import Einladung, Loeschantrag, User, Wegbegleiter
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.retention import kinds
from wegbegleitung.roles import Role
from wegbegleitung.services.erasure_requests import (
    loeschantrag_create,
    loeschantrag_refuse,
    one_month_after,
)
from wegbegleitung.services.retention import retention_apply, retention_preview

pytestmark = pytest.mark.django_db
ST = Loeschantrag.Status
LIST = "admin:wegbegleitung_loeschantrag_changelist"


def _ask(client: Client, capture: Any, url: str, message: str = "") -> Any:
    with capture(execute=True):
        return client.post(url, {"confirm": "on", "message": message})


def _to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


def _young_account(jugendliche: Any, email: str = "yasmina@example.org") -> User:
    user = make_user(Role.JUGENDLICHE, email=email, first_name="Yasmina")
    einladung = Einladung.objects.create(
        email=email, role=Role.JUGENDLICHE, einrichtung=jugendliche.einrichtung, key="k" * 40,
        expires_at=timezone.now() + timedelta(days=7), accepted_at=timezone.now(),
        accepted_by=user,
    )  # fmt: skip
    Jugendzugang.objects.create(jugendliche=jugendliche, einladung=einladung)
    return user


def test_one_month_is_counted_in_calendar_months() -> None:
    assert one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)


def test_the_volunteer_journey_from_request_to_erasure(
    client: Client, designed: dict[str, Any], alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    mentor, begleitung = designed["mentor"], designed["begleitung"]
    client.force_login(mentor.user)
    page = client.get(reverse("portal:erasure_request")).content.decode()
    assert 'id="erasure-running-match"' in page  # the match is ended first, never silently
    assert "§ 72a SGB VIII" in page and "innerhalb eines Monats" in page
    assert "Protokoll" in page or "Audit" in page  # what is kept, with its reason

    response = _ask(client, capture, reverse("portal:erasure_request"), "Bitte alles löschen")
    assert response.status_code == 302
    antrag = Loeschantrag.objects.get()
    assert antrag.due_on == one_month_after(timezone.localdate())
    [notice] = _to(alice.email)
    assert "Löschantrag" in notice.subject and f"{antrag.due_on:%d.%m.%Y}" in notice.subject
    mine = client.get(reverse("portal:my_data")).content.decode()
    assert f"{antrag.due_on:%d.%m.%Y}" in mine and "zurückziehen" in mine

    tile = next(t for t in board_for(user=alice) if t.key == "loeschantraege")
    assert tile.count == 1 and f"{antrag.due_on:%d.%m.%Y}" in tile.note
    client.force_login(alice)
    listed = client.get(tile.url)
    assert listed.context["cl"].result_count == 1
    plan_url = reverse("admin:wegbegleitung_wegbegleiter_erasure", args=[mentor.pk])
    assert plan_url in listed.content.decode()
    assert "Löschanträge" in client.get(plan_url).content.decode()  # the plan keeps them

    client.post(plan_url, {"confirm": "yes"})
    begleitung.refresh_from_db()
    assert begleitung.status == Begleitung.Status.ENDE_ANGEFRAGT  # the leaving rule first
    antrag.refresh_from_db()
    assert antrag.status == ST.OFFEN  # nothing erased yet
    client.force_login(mentor.user)
    refused = client.post(reverse("portal:erasure_request_withdraw"), follow=True)
    assert "bereits begonnen" in refused.content.decode()

    mail.outbox.clear()
    with capture(execute=True):
        close(alice, begleitung)  # the farewell: the erasure completes
    antrag.refresh_from_db()
    mentor = Wegbegleiter.objects.select_related("user").get(pk=mentor.pk)
    assert (antrag.status, antrag.message, antrag.decided_by) == (ST.ERLEDIGT, "", alice)
    assert not mentor.user.is_active and MENTOR["email"] not in mentor.user.email
    assert mentor.user.first_name == "" and mentor.status == Wegbegleiter.Status.AUSGESCHIEDEN
    [done] = _to(MENTOR["email"])
    assert "gelöscht" in done.subject and "§ 72a SGB VIII" in done.body
    assert Loeschantrag.objects.filter(message__icontains="löschen").count() == 0


def test_a_coordinator_refuses_and_the_volunteer_reads_why(
    client: Client, volunteer: Any, alice: Any, bob: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    client.force_login(volunteer)
    _ask(client, capture, reverse("portal:erasure_request"))
    antrag = Loeschantrag.objects.get()
    url = reverse("admin:wegbegleitung_loeschantrag_refuse", args=[antrag.pk])
    client.force_login(bob)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(alice)
    assert client.post(url, {"reason": "  "}).status_code == 200  # a reason is needed
    assert Loeschantrag.objects.get().status == ST.OFFEN
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(url, {"reason": "Laufendes Verfahren nach § 8a SGB VIII"})
    assert response.status_code == 302
    antrag.refresh_from_db()
    assert (antrag.status, antrag.decided_by) == (ST.ABGELEHNT, alice)
    [told] = _to(volunteer.email)
    assert "Löschantrag" in told.subject and "§ 8a SGB VIII" in told.body
    client.force_login(volunteer)
    page = client.get(reverse("portal:my_data")).content.decode()
    assert "Laufendes Verfahren" in page
    assert Wegbegleiter.objects.get(user=volunteer).user.is_active  # nothing erased


def test_the_volunteer_withdraws_and_may_ask_again(
    client: Client, volunteer: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    client.force_login(volunteer)
    _ask(client, capture, reverse("portal:erasure_request"))
    response = client.post(reverse("portal:erasure_request_withdraw"), follow=True)
    assert "zurückgezogen" in response.content.decode()
    assert Loeschantrag.objects.get().status == ST.ZURUECKGEZOGEN
    assert not any(t.count for t in board_for(user=alice) if t.key == "loeschantraege")
    _ask(client, capture, reverse("portal:erasure_request"))
    assert Loeschantrag.objects.filter(status=ST.OFFEN).count() == 1


def test_one_open_request_per_person(volunteer: Any, region_a: Any) -> None:
    person = Wegbegleiter.objects.get(user=volunteer)
    subject = Subject(Kind.WEGBEGLEITER, person.pk)
    loeschantrag_create(acting_user=volunteer, subject=subject, region_id=region_a.pk)
    with pytest.raises(Exception, match="bereits|already"):
        loeschantrag_create(acting_user=volunteer, subject=subject, region_id=region_a.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loeschantrag.objects.create(subject_kind="wegbegleiter", subject_id=person.pk,
                                    region=region_a, due_on=timezone.localdate())  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():  # a refusal names its reason
        Loeschantrag.objects.filter(pk=Loeschantrag.objects.get().pk).update(
            status=ST.ABGELEHNT, decided_at=timezone.now()
        )


def test_the_young_person_asks_and_the_facilitys_region_answers(
    client: Client, designed: dict[str, Any], alice: Any, bob: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    capture = django_capture_on_commit_callbacks
    young = designed["jugendliche"]
    user = _young_account(young)
    client.force_login(user)
    assert 'id="erasure-request-link"' in client.get(reverse("jung:start")).content.decode()
    page = client.get(reverse("jung:loeschantrag")).content.decode()
    assert 'id="erasure-running-match"' in page and "Einwilligungen" in page
    _ask(client, capture, reverse("jung:loeschantrag"), "Ich will raus")
    antrag = Loeschantrag.objects.get()
    assert (antrag.subject_kind, antrag.subject_id, antrag.region) == (
        "jugendliche",
        young.pk,
        young.einrichtung.region,
    )
    assert _to(alice.email) and not _to(bob.email)
    start = client.get(reverse("jung:start")).content.decode()
    assert f"{antrag.due_on:%d.%m.%Y}" in start
    client.force_login(alice)
    plan = reverse("admin:einrichtungen_jugendliche_erasure", args=[young.pk])
    assert plan in client.get(reverse(LIST)).content.decode()
    close(alice, designed["begleitung"])
    mail.outbox.clear()
    with capture(execute=True):
        client.post(plan, {"confirm": "yes"})
    antrag.refresh_from_db()
    assert antrag.status == ST.ERLEDIGT
    assert _to(user.email)


def _requests(volunteer: Any, region: Any, n: int) -> None:
    first = Loeschantrag.objects.count() + 1000
    for i in range(n):
        Loeschantrag.objects.create(
            subject_kind="wegbegleiter", subject_id=first + i, requested_by=volunteer,
            region=region, due_on=timezone.localdate(),
        )  # fmt: skip


def test_the_admin_list_takes_the_same_queries_for_1_and_for_10_requests(
    client: Client, volunteer: Any, alice: Any, region_a: Any
) -> None:
    client.force_login(alice)
    _requests(volunteer, region_a, 1)
    client.get(reverse(LIST))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(LIST))
    _requests(volunteer, region_a, 9)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(reverse(LIST))
    assert response.context["cl"].result_count == 10
    assert len(ten) == len(one)


def test_the_volunteers_pages_take_a_fixed_number_of_queries(
    client: Client, volunteer: Any, region_a: Any, django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    client.force_login(volunteer)
    _ask(client, django_capture_on_commit_callbacks, reverse("portal:erasure_request"))
    with django_assert_max_num_queries(20):
        client.get(reverse("portal:my_data"))
    with django_assert_max_num_queries(30):
        client.get(reverse("portal:erasure_request"))


# --- who may open which page --------------------------------------------------------------------


@pytest.fixture
def cast(volunteer: Any, alice: Any, bob: Any, region_a: Any, designed: dict[str, Any]) -> Any:
    person = Wegbegleiter.objects.get(user=volunteer)
    antrag = loeschantrag_create(
        acting_user=volunteer, subject=Subject(Kind.WEGBEGLEITER, person.pk), region_id=region_a.pk
    )
    other = make_user(Role.WEGBEGLEITUNG, region=region_a, email="otto@example.org")
    young = _young_account(designed["jugendliche"])
    return {"antrag": antrag, "other": other, "young": young}


def _status(client: Client, user: Any, method: str, url: str) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return (client.post(url) if method == "post" else client.get(url)).status_code


def test_permission_matrix_of_every_new_page(
    client: Client, cast: dict[str, Any], volunteer: Any, alice: Any, bob: Any
) -> None:
    antrag, other, young = cast["antrag"], cast["other"], cast["young"]
    refuse = reverse("admin:wegbegleitung_loeschantrag_refuse", args=[antrag.pk])
    change = reverse("admin:wegbegleitung_loeschantrag_change", args=[antrag.pk])
    pages = {
        # url: (method, the allowed user, {who: status})
        "portal_request": ("get", reverse("portal:erasure_request"), volunteer,
                           {alice: 403, young: 403}),
        "portal_withdraw": ("post", reverse("portal:erasure_request_withdraw"), None,
                            {other: 403, alice: 403}),
        "jung_request": ("get", reverse("jung:loeschantrag"), young, {volunteer: 404, alice: 404}),
        "jung_withdraw": ("post", reverse("jung:loeschantrag_zurueckziehen"), None,
                          {volunteer: 404, young: 403}),
        "admin_refuse": ("get", refuse, alice, {bob: 403, volunteer: 302}),
        "admin_change": ("get", change, alice, {bob: 302, volunteer: 302}),
        "admin_list": ("get", reverse(LIST), alice, {volunteer: 302}),
    }  # fmt: skip
    for name, (method, url, allowed, others) in pages.items():
        if allowed is not None:
            assert _status(client, allowed, method, url) == 200, name
        for who, expected in others.items():
            assert _status(client, who, method, url) == expected, (name, who)
        assert _status(client, None, method, url) == 302, name  # anonymous: to the login
    client.force_login(bob)  # the other region's coordinator sees none of A's requests
    assert client.get(reverse(LIST)).context["cl"].result_count == 0
    assert Loeschantrag.objects.get().status == ST.OFFEN  # nobody else could withdraw it


# --- retention ----------------------------------------------------------------------------------


def test_answered_requests_go_after_their_period_open_ones_stay(
    settings: Any, volunteer: Any, alice: Any, region_a: Any
) -> None:
    settings.WB_RETENTION_ERASURE_REQUEST_MONTHS = 36
    person = Wegbegleiter.objects.get(user=volunteer)
    subject = Subject(Kind.WEGBEGLEITER, person.pk)
    antrag = loeschantrag_create(acting_user=volunteer, subject=subject, region_id=region_a.pk)
    loeschantrag_refuse(acting_user=alice, loeschantrag=antrag, reason="Rechtsstreit")
    loeschantrag_create(acting_user=volunteer, subject=subject, region_id=region_a.pk)
    answered = timezone.localdate()
    assert "erasure_requests" in {k.key for k in kinds()}
    day_before = date(answered.year + 3, answered.month, 1) - timedelta(days=1)
    if answered.day > 1:
        day_before = answered.replace(year=answered.year + 3) - timedelta(days=1)
    due = {o.key: o.count for o in retention_preview(today=day_before)}
    assert due["erasure_requests"] == 0
    later = answered.replace(day=1) + timedelta(days=40)
    later = later.replace(year=later.year + 3)
    assert {o.key: o.count for o in retention_apply(today=later)}["erasure_requests"] == 1
    assert list(Loeschantrag.objects.values_list("status", flat=True)) == [ST.OFFEN]
