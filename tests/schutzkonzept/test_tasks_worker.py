"""The task paths through a real Celery worker on Redis, with a real SMTP server."""

from __future__ import annotations

import time

import pytest

from schutzkonzept.models import Antragsbestaetigung
from schutzkonzept.pdf import private_path
from schutzkonzept.services.certificates import antragsbestaetigung_create
from schutzkonzept.services.concerns import meldung_report
from tests.conftest import mail_text
from tests.factories import make_user
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.models import Region
from wegbegleitung.roles import Role


@pytest.mark.worker
def test_a_concern_mails_the_lead_through_the_worker(celery_worker, smtp_server):
    region = Region.objects.create(name="Nord", country="DE")
    make_user(Role.KINDERSCHUTZ, region=region, email="lead@example.org")
    reporter = make_user(Role.WEGBEGLEITUNG, region=region, email="vol@example.org")
    meldung = meldung_report(acting_user=reporter, description="Streng vertraulich: blaue Flecken")
    messages = smtp_server.wait_for(1)
    assert len(messages) == 1
    assert messages[0]["To"] == "lead@example.org"
    body = mail_text(messages[0])
    assert f"/schutz/meldungen/{meldung.pk}/" in body and "blaue Flecken" not in body


@pytest.mark.worker
def test_the_letter_pdf_is_made_by_the_worker(worker_private_files, celery_worker, settings):
    region = Region.objects.create(name="Süd", country="DE")
    wegbegleiter = make_wegbegleiter(region, email="pdf@example.org")
    letter = antragsbestaetigung_create(acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        letter = Antragsbestaetigung.objects.get(pk=letter.pk)
        if letter.pdf:
            break
        time.sleep(0.2)
    assert letter.pdf.startswith("schutzkonzept/antragsbestaetigung/")
    assert private_path(letter.pdf).read_bytes().startswith(b"%PDF")
