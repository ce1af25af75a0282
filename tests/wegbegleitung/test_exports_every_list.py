"""Every changelist of the admin exports on the demo data: one row per object the list shows,
one column per column it shows, and no internal codes or HTML in the cells."""

from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.management import call_command
from django.test import Client

from wegbegleitung.demo import DEMO_TOTP_SECRET, DOMAIN
from wegbegleitung.models import User


@pytest.fixture
def demo(db):
    call_command("demo", stdout=StringIO())


def _lists(client: Client) -> list[tuple[str, str]]:
    return [
        (
            f"/admin/{m._meta.app_label}/{m._meta.model_name}/",
            f"admin.{m._meta.app_label}.{m._meta.model_name}",
        )
        for m in admin.site._registry
    ]


@pytest.mark.parametrize("who", ["superuser", f"koordination@{DOMAIN}"])
def test_every_list_the_user_sees_downloads_with_its_rows(demo, who):
    if who == "superuser":
        user = User.objects.create_superuser(email="root@example.org", password="x-" * 8)
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": DEMO_TOTP_SECRET}
        )  # the admin asks staff for two-factor
    else:
        user = User.objects.get(email=who)
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    checked = 0
    for url, name in _lists(client):
        page = client.get(url)
        if page.status_code != 200:
            continue  # not a list of this user: the export is refused the same way
        response = client.get(f"/exporte/{name}/?format=csv")
        assert response.status_code == 200, url
        header, *rows = csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline=""),
            delimiter=";",
        )
        changelist = page.context["cl"]
        # the audit list also holds the event of this very export (written before the rows)
        own_event = 1 if name == "admin.wegbegleitung.auditevent" else 0
        assert len(rows) == changelist.result_count + own_event, url
        assert len(header) == len([n for n in changelist.list_display if n != "action_checkbox"])
        assert not any("<" in cell and ">" in cell for row in rows for cell in row), url
        checked += 1
    assert checked >= (20 if who == "superuser" else 10)
