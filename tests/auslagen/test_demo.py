"""The demo has two expenses of the demo mentor (one approved, one waiting), reachable from his
portal start and in the coordinators' queue."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from auslagen.models import Auslage
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User


def test_the_demo_expenses_are_there_once_and_reachable(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())  # idempotent
    statuses = sorted(Auslage.objects.values_list("status", "betrag_cent"))
    # 12,5 km × 30 ct = 375 ct (approved); the tickets 8,40 € (waiting)
    assert statuses == [("eingereicht", 840), ("genehmigt", 375)]
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(User.objects.get(email=f"begleiter@{DOMAIN}"))
    start = client.get(reverse("portal:start")).content.decode()
    assert f'href="{reverse("auslagen:list")}"' in start
    page = client.get(reverse("auslagen:list")).content.decode()
    assert "Genehmigt" in page and "Eingereicht: wartet auf die Koordination" in page
    client.force_login(User.objects.get(email=f"koordination@{DOMAIN}"))
    queue = client.get(reverse("admin:auslagen_auslage_changelist")).content.decode()
    assert "Bustickets zum Zoo" in queue and "Fahrt zum Kletterpark" in queue
