"""The certificate made by a real Celery worker on Redis after the coordinator's sign-off, read
back with pdftotext, and the volunteer's notice mailed over real SMTP."""

from __future__ import annotations

import pytest

from nachweise import services
from nachweise.models import Nachweis
from schutzkonzept.pdf import private_path
from tests.conftest import mail_text, pdf_text, wait_for_worker_result
from tests.nachweise.conftest import YEAR


@pytest.mark.worker
def test_the_worker_makes_the_certificate_and_tells_the_volunteer(
    worker_private_files, celery_worker, smtp_server, designed, cast
):
    nachweis = services.nachweis_request(
        acting_user=designed.vera.user, wegbegleiter=designed.vera,
        period_from=YEAR[0], period_to=YEAR[1],
    )  # fmt: skip
    services.nachweis_sign(acting_user=cast["alice"], nachweis=nachweis,
                           signed_name="Alice Adler", signed_role="Koordinatorin")  # fmt: skip
    done = wait_for_worker_result(
        lambda: Nachweis.objects.filter(status=Nachweis.Status.FERTIG).first()
    )
    text = " ".join(pdf_text(private_path(done.pdf)).split())
    # the designed year: 90 + 120 + 45 + 60 + 150 = 465 min = 7,75 h -> 7,8
    assert "Insgesamt: 5 Treffen mit 7,8 Stunden" in text and "Vera Wagner" in text
    for name in ("Malik", "Leonie", "Lindenhof", "Kinderhaus"):
        assert name not in text
    # alice heard of the request, vera hears that her certificate is ready
    mails = {m["To"]: m for m in smtp_server.wait_for(2)}
    assert set(mails) == {"alice@example.org", "vera.wagner@example.org"}
    mail = mails["vera.wagner@example.org"]
    assert "Ehrenamtsnachweis" in mail["Subject"] and "Nachweis über Ihr Engagement" in mail_text(
        mail
    )
