# ruff: noqa: F811 - the fixtures imported from tests.outage are parameters below
"""A concern filed while Redis is down: stored, thanked, and the leads told once it is back.

A real gunicorn, a real Celery worker with its beat and a redis-server of this test alone, which
is stopped and started again on the same port (never the machine's shared Redis).
"""

from __future__ import annotations

import time

import pytest

from schutzkonzept.models import Meldung
from tests.conftest import mail_text
from tests.factories import make_user
from tests.outage import (  # noqa: F401 - fixtures
    Browser,
    app_env,
    own_redis,
    start_app_worker,
    start_web_server,
)
from wegbegleitung.models import Benachrichtigung, OutboxTask
from wegbegleitung.roles import Role

FORM = "/schutz/sag-es-uns/"
SWEEP = 2


@pytest.mark.worker
def test_a_concern_filed_while_redis_is_down_reaches_the_leads_exactly_once(
    transactional_db, smtp_server, own_redis, start_web_server, start_app_worker, region_a
):
    lead = make_user(Role.KINDERSCHUTZ, region=region_a, email="lead@example.org")
    env = app_env(
        own_redis, smtp_server, f"outage-{time.monotonic_ns()}", WB_OUTBOX_SWEEP_SECONDS=str(SWEEP)
    )
    web = start_web_server(env)
    start_app_worker(env)
    browser = Browser(web.url)
    browser.request(FORM)

    own_redis.stop()
    status, page, _ = browser.submit(FORM, {"description": "Mein Betreuer schlägt mich."})
    assert status == 200, page[:3000]
    assert "Wir haben deine Nachricht bekommen" in page
    assert Meldung.objects.get().description == "Mein Betreuer schlägt mich."
    assert OutboxTask.objects.count() == 1  # the notice waits in the database
    time.sleep(2 * SWEEP)
    assert smtp_server.messages == []  # nobody could be told while Redis was down

    own_redis.start()
    messages = smtp_server.wait_for(1, timeout=90)
    time.sleep(3 * SWEEP)  # more sweeps and the redelivered fast path change nothing
    assert [m["To"] for m in smtp_server.messages] == ["lead@example.org"]
    assert "/schutz/meldungen/" in mail_text(messages[0])
    row = Benachrichtigung.objects.get(recipient=lead)
    assert row.status == Benachrichtigung.Status.GESENDET
    assert not OutboxTask.objects.exists()
