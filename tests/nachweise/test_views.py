"""The portal page and the download: who may, who may not, the queries, a deleted account."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nachweise import services
from nachweise.models import Nachweis
from tests.nachweise.conftest import YEAR, Designed, match
from wegbegleitung.models import AuditEvent, User, Wegbegleiter
from wegbegleitung.services.account import delete_account_now

PORTAL = reverse("nachweise:portal")
St = Nachweis.Status


@pytest.fixture
def ready(designed: Designed, cast, django_capture_on_commit_callbacks) -> Nachweis:
    nachweis = services.nachweis_request(
        acting_user=designed.vera.user, wegbegleiter=designed.vera,
        period_from=YEAR[0], period_to=YEAR[1],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.nachweis_sign(acting_user=cast["alice"], nachweis=nachweis,
                               signed_name="Alice Adler", signed_role="Koordinatorin")  # fmt: skip
    nachweis.refresh_from_db()
    assert nachweis.status == St.FERTIG
    return nachweis


def _download(nachweis: Nachweis) -> str:
    return reverse("nachweise:download", args=[nachweis.pk])


def test_the_portal_start_links_to_the_page_and_the_page_is_german(client, designed: Designed):
    client.force_login(designed.vera.user)
    start = client.get(reverse("portal:start"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f'href="{PORTAL}"' in start and "Nachweis über Ihr Engagement" in start
    page = client.get(PORTAL, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    # her engagement: from the first supervision (01.12.2024) to today
    assert f"Ihr Engagement bisher: 01.12.2024 bis {timezone.localdate():%d.%m.%Y}" in page


def test_an_applicant_without_activity_sees_no_link(client, volunteer):
    Wegbegleiter.objects.filter(user=volunteer).update(status="beworben")
    client.force_login(volunteer)
    assert f'href="{PORTAL}"' not in client.get(reverse("portal:start")).content.decode()


def test_the_volunteer_asks_for_a_period_and_sees_the_status(client, designed: Designed):
    client.force_login(designed.vera.user)
    response = client.post(PORTAL, {"period_from": "2025-01-01", "period_to": "2025-12-31"})
    assert response.status_code == 302
    nachweis = Nachweis.objects.get()
    assert (nachweis.period_from, nachweis.period_to, nachweis.requested_by) == (
        *YEAR,
        designed.vera.user,
    )
    page = client.get(response["Location"]).content.decode()
    assert "01.01.2025 bis 31.12.2025" in page and "Beantragt: wartet auf die Unterschrift" in page
    assert "Nachweis beantragen</button>" not in page  # one request at a time


def test_a_period_outside_is_refused_with_a_german_message(client, designed: Designed):
    client.force_login(designed.vera.user)
    response = client.post(PORTAL, {"period_from": "2020-01-01", "period_to": "2025-12-31"})
    assert response.status_code == 200 and not Nachweis.objects.exists()
    assert (
        "Der Zeitraum muss innerhalb des Engagements liegen: vom 01.12.2024"
        in response.content.decode()
    )


def test_others_have_no_certificate_page(client, designed: Designed, cast, charlie):
    assert client.get(PORTAL).status_code == 302  # anonymous: to the login
    assert client.get(PORTAL)["Location"].startswith(reverse("account_login"))
    for someone in (cast["staff_a"], cast["alice"], charlie):
        client.force_login(someone)
        assert client.get(PORTAL).status_code == 403
        assert client.post(PORTAL, {}).status_code == 403
    assert not Nachweis.objects.exists()


def test_the_volunteer_downloads_her_own_and_it_is_audited(client, designed: Designed, ready):
    client.force_login(designed.vera.user)
    page = client.get(PORTAL).content.decode()
    assert _download(ready) in page and "Bereit zum Herunterladen" in page
    response = client.get(_download(ready))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="nachweis.download")
    assert (event.actor_id, event.details) == (designed.vera.user_id, {})


def test_the_download_matrix(client, designed: Designed, cast, charlie, ready):
    url = _download(ready)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(
        reverse("account_login")
    )
    for someone in (designed.otto.user, cast["staff_a"], cast["bob"], charlie):
        client.force_login(someone)
        assert client.get(url).status_code == 403, someone.email
    client.force_login(cast["alice"])  # the coordinator of her region
    assert client.get(url).status_code == 200
    assert list(
        AuditEvent.objects.filter(action="nachweis.download").values_list("actor", flat=True)
    ) == [cast["alice"].pk]


def test_a_certificate_not_yet_made_cannot_be_downloaded(client, designed: Designed):
    nachweis = services.nachweis_request(acting_user=designed.vera.user, wegbegleiter=designed.vera)
    client.force_login(designed.vera.user)
    assert client.get(_download(nachweis)).status_code == 404


def test_after_the_account_is_deleted_only_coordinators_within_retention(
    client, designed: Designed, cast, ready, settings
):
    settings.WB_NACHWEIS_RETENTION_MONTHS = 12
    vera = Wegbegleiter.objects.select_related("user").get(pk=designed.vera.pk)
    delete_account_now(vera)  # she left today: the retention runs for 12 months from today
    vera.refresh_from_db()
    url = _download(ready)
    client.force_login(User.objects.get(pk=vera.user_id))  # a session that was still open
    assert client.get(url).status_code == 302  # an account switched off is logged out
    client.force_login(cast["bob"])
    assert client.get(url).status_code == 403
    client.force_login(cast["alice"])
    assert client.get(url).status_code == 200
    Wegbegleiter.objects.filter(pk=vera.pk).update(
        activity_ended_on=timezone.localdate() - timedelta(days=370)
    )
    assert client.get(url).status_code == 403  # the retention is over: nobody


def test_the_portal_page_takes_the_same_queries_for_2_and_for_12_certificates(
    client, designed: Designed, einrichtung_a
):
    client.force_login(designed.vera.user)

    def add(n: int) -> None:
        for _ in range(n):
            Nachweis.objects.create(wegbegleiter=designed.vera, period_from=date(2025, 1, 1),
                                    period_to=date(2025, 2, 1), status=St.FERTIG,
                                    signed_at=timezone.now(), pdf="nachweise/x.pdf")  # fmt: skip

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(PORTAL).status_code == 200
    add(10)
    match(designed.vera, einrichtung_a, "Jonas", date(2024, 12, 20), date(2025, 1, 5), [])
    with CaptureQueriesContext(connection) as many:
        page = client.get(PORTAL).content.decode()
    assert page.count("PDF herunterladen") == 12
    assert len(many) == len(few)


def test_after_the_retention_the_certificate_of_a_deleted_account_is_purged(
    designed: Designed, cast, ready, settings, django_capture_on_commit_callbacks
):
    from nachweise.services import nachweis_issue, nachweise_purge
    from schutzkonzept.pdf import private_path

    settings.WB_NACHWEIS_RETENTION_MONTHS = 12
    path = private_path(ready.pdf)
    vera = Wegbegleiter.objects.select_related("user").get(pk=designed.vera.pk)
    delete_account_now(vera)
    vera.refresh_from_db()
    with pytest.raises(Exception, match="gelöscht"):  # no new certificate for a deleted account
        nachweis_issue(acting_user=cast["alice"], wegbegleiter=vera, signed_name="Alice Adler",
                       signed_role="Koordinatorin")  # fmt: skip
    left = vera.activity_ended_on
    assert nachweise_purge(today=left + timedelta(days=365)) == 0  # 12 months: still kept
    with django_capture_on_commit_callbacks(execute=True):
        assert nachweise_purge(today=left + timedelta(days=367)) == 1
    assert not Nachweis.objects.exists() and not path.exists()
    assert AuditEvent.objects.get(action="nachweis.purge").details == {"count": 1}
