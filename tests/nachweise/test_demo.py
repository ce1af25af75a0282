"""The demo has one signed-off certificate for the demo mentor, reachable from his portal start."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from nachweise.models import Nachweis
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User


def test_the_demo_certificate_is_there_once_and_reachable(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())  # idempotent
    # Markus's certificate, signed off; the coordinator's Monday (arbeitsplatz.demo) adds Anke
    # Seidel's request, waiting for the sign-off
    (nachweis,) = Nachweis.objects.filter(wegbegleiter__user__email=f"begleiter@{DOMAIN}")
    assert sorted(Nachweis.objects.values_list("wegbegleiter__user__email", "status")) == [
        (f"anke.seidel@{DOMAIN}", Nachweis.Status.BEANTRAGT),
        (f"begleiter@{DOMAIN}", Nachweis.Status.FERTIG),
    ]
    assert nachweis.status == Nachweis.Status.FERTIG and nachweis.signed_name == "Katrin Koch"
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(User.objects.get(email=f"begleiter@{DOMAIN}"))
    start = client.get(reverse("portal:start")).content.decode()
    assert f'href="{reverse("nachweise:portal")}"' in start
    page = client.get(reverse("nachweise:portal")).content.decode()
    assert "Nachweis über Ihr Engagement" in page
    assert reverse("nachweise:download", args=[nachweis.pk]) in page
