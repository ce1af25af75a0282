"""The volunteer's notice of an approved expense, sent by a real Celery worker on Redis and
mailed over real SMTP."""

from __future__ import annotations

import pytest

from auslagen import services
from tests.auslagen.conftest import Cast, submit
from tests.conftest import mail_text


@pytest.mark.worker
def test_the_worker_mails_the_approval_to_the_volunteer(celery_worker, smtp_server, cast: Cast):
    auslage = submit(cast, betrag_cent=1234, zweck="Eintritt Kletterhalle")
    services.auslage_approve(acting_user=cast.alice, auslage=auslage)
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "vera.wagner@example.org"
    assert mail["Subject"] == "Ihre Auslage wurde genehmigt"
    text = mail_text(mail)
    assert "unter „Auslagen“" in text and "/auslagen/" in text
    assert "12,34" not in text and "Kletterhalle" not in text
