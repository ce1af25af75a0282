"""The backup round trip (docs/backup.md): a database with a real match and its agreement PDF
is backed up with bin/backup, restored with bin/restore into a fresh database and a fresh
private directory, and the platform works on the copy: the coordinator logs in (password and
second factor), opens the match in the admin and downloads the agreement, which pdftotext reads.

Runs in the normal suite; needs pg_dump/pg_restore/psql (skipped outside CI when missing,
failed with CI=true), and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from matching.models import Vereinbarung
from tests.conftest import REPO, need, need_postgresql, pdf_text
from tests.factories import PASSWORD, TOTP_SECRET
from tests.matching.factories import (
    confirm_all,
    make_anfrage,
    make_mentor,
    propose,
    to_agreement,
)

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _drop(url_of_server: str, name: str) -> None:
    subprocess.run(
        ["psql", url_of_server, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        capture_output=True,
        check=False,
    )


@pytest.fixture
def restored_name() -> Any:
    name = f"{connection.settings_dict['NAME']}_restored"
    _drop(_url("postgres"), name)
    yield name
    _drop(_url("postgres"), name)


def test_backup_restores_into_a_working_platform(
    settings, tmp_path, alice, staff_a, einrichtung_a, region_a, restored_name
):
    need_postgresql("pg_dump and pg_restore")
    for tool in ("pg_dump", "pg_restore", "psql", "createdb"):
        need(shutil.which(tool) is not None, f"{tool} is not installed (postgresql-client)")
    # the copy is used by a separate process with the production hasher: real password hashes
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    for user in (alice, mentor.user):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    begleitung = propose(alice, make_anfrage(einrichtung_a, vorname="Malik"), mentor)
    to_agreement(alice, begleitung)
    confirm_all(alice, staff_a, begleitung)  # autocommit: the PDF task ran at each commit
    original_pdf = Vereinbarung.objects.get(begleitung=begleitung).pdf
    assert (settings.PRIVATE_FILES_ROOT / original_pdf).is_file()

    base_env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    backups = tmp_path / "backups"
    backup = _run(
        [str(REPO / "bin" / "backup"), str(backups)],
        {
            **base_env,
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
            "PRIVATE_FILES_ROOT": str(settings.PRIVATE_FILES_ROOT),
        },
    )
    backup_dir = Path(backup.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in backup_dir.iterdir()) == [
        "MANIFEST",
        "SHA256SUMS",
        "db.dump",
        "private.tar.gz",
    ]
    # the backup holds personal data: nobody but its owner may read it
    assert (backup_dir / "db.dump").stat().st_mode & 0o077 == 0

    restored_private = tmp_path / "restored-private"
    restored_env = {
        **base_env,
        "DATABASE_URL": _url(restored_name),
        "PRIVATE_FILES_ROOT": str(restored_private),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_POOL": "false",
    }
    _run([str(REPO / "bin" / "restore"), str(backup_dir)], restored_env)
    assert (restored_private / original_pdf).read_bytes() == (
        settings.PRIVATE_FILES_ROOT / original_pdf
    ).read_bytes()
    # the restored schema is the release's: migrate has nothing left to do
    migrate = _run(
        [sys.executable, str(REPO / "manage.py"), "migrate", "--check", "--no-input"],
        restored_env,
    )
    assert migrate.returncode == 0

    # a second restore into the now filled database is refused, nothing is overwritten
    again = subprocess.run(
        [str(REPO / "bin" / "restore"), str(backup_dir)],
        env=restored_env,
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0
    assert "is not empty" in again.stderr

    pdf_out = tmp_path / "downloaded.pdf"
    seen = json.loads(
        _run(
            [
                sys.executable,
                str(REPO / "tests" / "ops" / "restored_client.py"),
                alice.email,
                mentor.user.email,
                PASSWORD,
                TOTP_SECRET,
                str(begleitung.pk),
                str(pdf_out),
            ],
            restored_env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert seen["login"] == [302, "/konto/2fa/authenticate/"]
    assert seen["second_factor"][0] == 302
    status, page = seen["admin_match"]
    assert status == 200
    assert "Mara Berg" in page and "Malik" in page
    assert seen["download"] == [200, "application/pdf"]
    text = " ".join(pdf_text(pdf_out).split())
    assert "Mara Berg" in text and "Malik" in text and "Wohngruppe Lindenhof" in text
    assert "Von allen Beteiligten bestätigt." in text
    assert seen["mentor_login"] == [302, "/start/"]
    assert seen["mentor_portal"] == 200
