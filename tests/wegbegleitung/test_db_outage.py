# ruff: noqa: F811 - the fixtures imported from tests.outage are parameters below
"""PostgreSQL drops the connections of a running server (a restart, a failover): no request fails.

The connection pool checks a connection before lending it out (``ConnectionPool.check_connection``
in settings) and replaces a dead one. Only the connections of this test's own gunicorn are
terminated (by ``application_name``), never anyone else's and never the server itself.
"""

from __future__ import annotations

import time

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import PASSWORD, make_user
from tests.outage import Browser, app_env, own_redis, start_web_server  # noqa: F401 - fixtures
from wegbegleitung.roles import Role


def _terminate_backends_of(app_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database() "
            "AND pid <> pg_backend_pid()",
            [app_name],
        )
        return int(cursor.fetchone()[0])


def test_terminated_database_connections_cost_no_request(
    transactional_db, own_redis, start_web_server
):
    user = make_user(Role.WEGBEGLEITUNG, email="vera@example.org")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "outage-salt")
    user.save(update_fields=["password"])
    web = start_web_server(
        app_env(own_redis, None, f"pg-{time.monotonic_ns()}", DATABASE_POOL="true")
    )
    browser = Browser(web.url)
    login = browser.submit("/konto/login/", {"login": "vera@example.org", "password": PASSWORD})
    assert login[0] == 302, login[1][:2000]
    assert browser.request("/portal/")[0] == 200
    for _round in range(3):
        assert _terminate_backends_of(web.app_name) >= 1  # the pool held a live connection
        statuses = [browser.request("/portal/")[0] for _ in range(3)]
        assert statuses == [200, 200, 200], web.log.read_text(errors="replace")[-3000:]
