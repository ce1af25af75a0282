"""Run against a restored copy (by tests/ops/test_backup_restore.py, in its own process):
log in as the coordinator (password and TOTP, through allauth) and the mentor, open the match
in the admin, download the agreement. Prints what a person would have seen, as JSON.

    DATABASE_URL=<restored> PRIVATE_FILES_ROOT=<restored dir> python tests/ops/restored_client.py \
        <coordinator email> <mentor email> <password> <totp secret> <match pk> <pdf out>
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")

import django  # noqa: E402

django.setup()

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value  # noqa: E402
from django.test import Client  # noqa: E402


def main() -> None:
    coordinator, mentor, password, secret, pk, pdf_out = sys.argv[1:7]
    result: dict[str, object] = {}
    staff = Client()
    login = staff.post("/konto/login/", {"login": coordinator, "password": password})
    result["login"] = [login.status_code, login.get("Location", "")]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    second = staff.post("/konto/2fa/authenticate/", {"code": code})
    result["second_factor"] = [second.status_code, second.get("Location", "")]
    change = staff.get(f"/admin/matching/begleitung/{pk}/change/")
    result["admin_match"] = [change.status_code, change.content.decode()]
    download = staff.get(f"/begleitung/{pk}/vereinbarung.pdf")
    result["download"] = [download.status_code, download.get("Content-Type", "")]
    if download.status_code == 200:
        Path(pdf_out).write_bytes(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    volunteer = Client()
    portal = volunteer.post("/konto/login/", {"login": mentor, "password": password})
    result["mentor_login"] = [portal.status_code, portal.get("Location", "")]
    result["mentor_portal"] = volunteer.get("/portal/").status_code
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
