"""Every URL walked: each named URL of the site and every admin view, requested as the allowed
user, a user of another facility or region, a volunteer who is not the owner, and anonymous.

The table lives in ``tests/ops/url_walk.py`` (how to add a URL: docs/url-walk.md); the scene in
``tests/ops/url_walk_scene.py`` is built once for the module.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import models, transaction
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.urls import reverse
from django.views import static

from tests.ops import url_walk, url_walk_scene
from tests.ops.url_walk import OBJ, PUB, VOLUNTEER, Entry, Kind
from tests.ops.url_walk_scene import SECRETS, Scene

TABLE = url_walk.table()
WALKED = url_walk.walked_names()
LOGIN_PAGES = ("/konto/login/", "/admin/login/")
SCENE_USERS = {"root", "alice", "bob", "schutz_a", "schutz_b", "staff_a", "staff_b", "staff_park", "rita",
               "vera", "victor", "wanda", "jung"}  # fmt: skip
SESSIONS: dict[str, str] = {}
CLIENTS: dict[str, Client] = {}  # who -> session key, made once in ``scene``


@pytest.fixture(scope="module")
def scene(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Scene]:
    """Built once, with everyone logged in once: the walk makes about two thousand requests
    against the same records; each test's own transaction undoes what its requests changed."""
    private = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PRIVATE_FILES_ROOT=private,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        built = url_walk_scene.build()
        for who, user in built.users.items():
            client = Client()
            client.force_login(user)
            SESSIONS[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield built
        transaction.set_rollback(True)


# --- completeness -------------------------------------------------------------------------------


def test_every_url_and_admin_view_has_an_entry():
    missing = [name for name in WALKED if name not in TABLE]
    assert not missing, "URLs without an entry in tests/ops/url_walk.py:\n  " + "\n  ".join(missing)


def test_every_entry_still_names_a_url():
    gone = sorted(set(TABLE) - set(WALKED))
    assert not gone, "entries in tests/ops/url_walk.py whose URL no longer exists: " + ", ".join(
        gone
    )


def test_the_exemptions_are_few_and_explained():
    assert len(url_walk.EXEMPT_PREFIXES) <= 2
    assert all(len(why) > 40 for why in url_walk.EXEMPT_PREFIXES.values())
    exempt = [n for n in url_walk.url_names() if url_walk.exemption(n)]
    assert all(n.startswith(("account_", "mfa_")) for n in exempt)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_every_entry_covers_the_four_checks(name):
    """Each entry names an allowed user of the scene and a different user of another facility or
    region (the volunteer and anonymous are the same for all); an answer other than 200 for the
    allowed user, and every POST-only action, says why."""
    entry = TABLE[name]
    assert entry.allowed in SCENE_USERS or entry.kind is PUB, f"{name}: who is allowed?"
    assert entry.other_users, f"{name}: who is the other facility's or region's user?"
    assert set(entry.other_users) <= SCENE_USERS, f"{name}: {entry.other_users} not in the scene"
    assert not {entry.allowed, VOLUNTEER} & set(entry.other_users), f"{name}: a user twice"
    assert entry.ok, f"{name}: what does the allowed user get?"
    if entry.ok != {200} or entry.kind is Kind.ACTION:
        assert entry.note, f"{name}: a note must say why the allowed user gets {set(entry.ok)}"


# --- the walk -----------------------------------------------------------------------------------


def _body(response: HttpResponseBase) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content  # type: ignore[attr-defined]
    return content.decode("utf-8", errors="replace")


def _to_login(response: HttpResponseBase) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES)


def _refused(response: HttpResponseBase) -> bool:
    return response.status_code in {302, 403, 404}


def _snapshot(record: models.Model | None) -> Any:
    if record is None:
        return None
    return type(record)._base_manager.filter(pk=record.pk).values().first()


def _record(entry: Entry, scene: Scene) -> models.Model | None:
    if entry.record is not None:
        return entry.record(scene)
    source = getattr(entry.args, "record", None)
    return source(scene) if source else None


def _client(scene: Scene, who: str | None) -> Client:
    """``who``'s client with its session of the module (a logout in an earlier test is undone by
    that test's rollback; the cookies are set afresh). One client per person: each new client
    starts the middleware again, and WhiteNoise then reads every static file's details."""
    if (who or "") not in CLIENTS:
        CLIENTS[who or ""] = Client()
    client = CLIENTS[who or ""]
    client.cookies.clear()
    if who is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = SESSIONS[who]
    return client


def _answers(
    client: Client, url: str, extra: dict[str, str], *, post: bool = True
) -> list[tuple[str, Any]]:
    """GET and POST; a method the URL does not take (405) is no answer."""
    answered = [("GET", client.get(url, extra))]
    if post or answered[0][1].status_code == 405:
        answered.append(("POST", client.post(url, extra)))
    return [(m, r) for m, r in answered if r.status_code != 405]


def _leaks(body: str) -> list[str]:
    return [secret for secret in SECRETS if secret in body]


def _check_allowed(name: str, entry: Entry, scene: Scene, url: str) -> None:
    client = _client(scene, None if entry.allowed == "-" else entry.allowed)
    if entry.kind is Kind.ACTION:
        response = client.post(url, entry.extra)
        assert not _refused(response) or response.status_code in entry.ok, (
            f"{name}: {entry.allowed} was refused ({response.status_code})"
        )
        assert not _to_login(response), f"{name}: {entry.allowed} sent to the login"
        return
    response = client.get(url, entry.extra)
    if response.status_code == 405:
        response = client.post(url, entry.extra)
    assert response.status_code in entry.ok, (
        f"{name}: {entry.allowed} got {response.status_code}, the table says {set(entry.ok)}"
    )
    if entry.marker and response.status_code == 200:
        assert entry.marker in _body(response), f"{name}: {entry.marker!r} not on the page"


def _check_refused(name: str, entry: Entry, scene: Scene, url: str, who: str) -> None:
    """``who`` may not see region A's record: refused, or (lists, own pages) no name of A."""
    record = _record(entry, scene)
    before = _snapshot(record)
    strict = entry.kind in (OBJ, Kind.ACTION) or (who == VOLUNTEER and entry.kind is Kind.LIST)
    # a page that others may open (a list, their own page) is fetched; a record's page is also
    # posted to, as a form that answers GET with 403 must not take a POST either
    answers = _answers(_client(scene, who), url, entry.extra, post=strict or record is not None)
    assert answers, f"{name}: {who} got 405 for GET and POST"
    for method, response in answers:
        what = f"{name}: {method} as {who} answered {response.status_code}"
        assert response.status_code < 500, what
        if strict:
            assert _refused(response), f"{what}, must be refused"
        if response.status_code == 200:
            assert not _leaks(_body(response)), f"{what} with region A's {_leaks(_body(response))}"
    assert _snapshot(record) == before, f"{name}: {who}'s requests changed {record!r}"


def _check_anonymous(name: str, entry: Entry, scene: Scene, url: str) -> None:
    # both methods for actions; for pages test_anonymous_everywhere.py posts to every one
    answers = _answers(_client(scene, None), url, entry.extra, post=entry.kind is Kind.ACTION)
    assert answers, f"{name}: anonymous got 405 for GET and POST"
    for method, response in answers:
        what = f"{name}: anonymous {method} answered {response.status_code}"
        if entry.kind is PUB:
            assert response.status_code < 500, what
            if response.status_code == 200:
                assert not _leaks(_body(response)), what
        else:
            assert _to_login(response), f"{what}, not the login"


@pytest.mark.parametrize("name", WALKED)
def test_url(name, scene, db):
    entry = TABLE.get(name)
    if entry is None:
        pytest.fail(f"{name} has no entry in tests/ops/url_walk.py")
    url = reverse(name, kwargs=entry.args(scene))
    _check_allowed(name, entry, scene, url)
    for who in (*entry.other_users, VOLUNTEER):
        _check_refused(name, entry, scene, url, who)
    _check_anonymous(name, entry, scene, url)


# --- private files ------------------------------------------------------------------------------

# the views that hand out a private file (PDFs, receipts, exports); each checks permission
FILE_VIEWS = {
    "schutzkonzept:unterzeichnung_pdf",
    "schutzkonzept:bestaetigung_pdf",
    "matching:vereinbarung_pdf",
    "nachweise:download",
    "auslagen:receipt",
    "exporte:download",
    "admin:berichte_jahresbericht_pdf",
}


def test_no_url_serves_files_from_a_directory():
    direct = [name for name, view in url_walk.url_views() if view is static.serve]
    assert not direct, f"URLs serving a directory as it is: {direct}"


def test_private_files_only_through_the_walked_views(scene, db):
    for name in FILE_VIEWS:
        assert TABLE[name].ok == url_walk.FILE and TABLE[name].kind is OBJ, name
    client = _client(scene, "root")  # even the operators get no file by its path
    private = Path(settings.PRIVATE_FILES_ROOT)
    files = [p.relative_to(private).as_posix() for p in private.rglob("*") if p.is_file()]
    assert len(files) >= len(FILE_VIEWS)
    for relative in files:
        for prefix in ("/media/", "/static/", "/private/", "/var/private/", "/"):
            response = client.get(prefix + relative)
            assert response.status_code == 404, f"{prefix}{relative}: {response.status_code}"
