"""Demo data of the safeguarding app (idempotent): a code of conduct, volunteers in every
clearance state, and two concerns for the child-protection lead.

Made through the services, so the demo shows what the platform really records (and PDFs).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from schutzkonzept.dates import add_months
from schutzkonzept.models import (
    Fuehrungszeugnis,
    Meldung,
    Schutzschulung,
    Unterzeichnung,
    Verhaltenskodex,
)
from schutzkonzept.services.certificates import fuehrungszeugnis_record, schutzschulung_record
from schutzkonzept.services.concerns import meldung_report
from schutzkonzept.services.conduct import (
    current_verhaltenskodex,
    verhaltenskodex_create,
    verhaltenskodex_publish,
    verhaltenskodex_sign,
)
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User, Wegbegleiter

KODEX_TITLE = "Verhaltenskodex für Wegbegleiter:innen"
KODEX_TEXT = "\n\n".join(
    [
        ("Ich begegne jedem jungen Menschen mit Respekt und achte seine persönlichen Grenzen."),
        (
            "Ich treffe mich in den ersten drei Monaten nicht in meiner eigenen Wohnung und "
            "übernachte nie ohne Zustimmung der Einrichtung und der Koordination mit dem "
            "jungen Menschen."
        ),
        (
            "Ich nehme keinen privaten Kontakt über soziale Medien auf, den nicht der junge "
            "Mensch selbst wünscht und die Einrichtung kennt."
        ),
        (
            "Ich mache keine Geschenke von größerem Wert und verspreche keine Geheimhaltung, "
            "wenn es um das Wohl des jungen Menschen geht."
        ),
        (
            "Ich melde jeden Verdacht auf eine Gefährdung sofort der Koordination oder der "
            "Kinderschutzfachkraft und stelle keine eigenen Nachforschungen an."
        ),
    ]
)


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _wegbegleiter(local: str) -> Wegbegleiter:
    return Wegbegleiter.objects.select_related("region", "user").get(
        user__email=f"{local}@{DOMAIN}"
    )


def load(*, out: Callable[[str], None]) -> None:
    koordination, wien = _user("koordination"), _user("koordination.wien")
    kodex = current_verhaltenskodex()
    if kodex is None:
        draft = verhaltenskodex_create(acting_user=koordination, title=KODEX_TITLE, text=KODEX_TEXT)
        kodex = verhaltenskodex_publish(acting_user=koordination, kodex=draft)
    today = timezone.localdate()
    # cleared: valid certificate, signed, trained
    wiebke = _wegbegleiter("wegbegleiterin")
    _certificate(koordination, wiebke, inspected_on=today - timedelta(days=40))
    _sign(wiebke, kodex)
    _training(koordination, wiebke, today - timedelta(days=60))
    markus = _wegbegleiter("begleiter")  # the mentor of the demo's running match
    _certificate(koordination, markus, inspected_on=today - timedelta(days=200))
    _sign(markus, kodex)
    _training(koordination, markus, today - timedelta(days=210))
    petra = _wegbegleiter("familienpatin")  # the volunteer of the demo's family match
    _certificate(koordination, petra, inspected_on=today - timedelta(days=90))
    _sign(petra, kodex)
    _training(koordination, petra, today - timedelta(days=100))
    # screening: certificate inspected, training and signature still missing
    _certificate(koordination, _wegbegleiter("pruefung"), inspected_on=today - timedelta(days=5))
    # Vienna: the certificate expired after five years; signature and training are done
    stefan = _wegbegleiter("verfuegbar.wien")
    _certificate(wien, stefan, inspected_on=add_months(today, -62))
    _sign(stefan, kodex)
    _training(wien, stefan, add_months(today, -62))
    _concerns()
    out("Safeguarding: code of conduct published; Wiebke Wagner is cleared, Stefan Mayer's")
    out("  certificate has expired, Tobias Schmitt is in screening; two concerns for")
    out(f"  kinderschutz@{DOMAIN}. Young people's form: /schutz/sag-es-uns/")


def _certificate(coordinator: User, wegbegleiter: Wegbegleiter, *, inspected_on: date) -> None:
    if Fuehrungszeugnis.objects.filter(wegbegleiter=wegbegleiter).exists():
        return
    fuehrungszeugnis_record(
        acting_user=coordinator,
        wegbegleiter=wegbegleiter,
        inspected_on=inspected_on,
        issued_on=inspected_on - timedelta(days=21),
        relevant_conviction=False,
    )


def _sign(wegbegleiter: Wegbegleiter, kodex: Verhaltenskodex) -> None:
    if Unterzeichnung.objects.filter(wegbegleiter=wegbegleiter).exists():
        return
    verhaltenskodex_sign(
        acting_user=wegbegleiter.user,
        wegbegleiter=wegbegleiter,
        kodex=kodex,
        typed_name=wegbegleiter.user.get_full_name(),
        confirmed=True,
    )


def _training(coordinator: User, wegbegleiter: Wegbegleiter, day: date) -> None:
    if Schutzschulung.objects.filter(wegbegleiter=wegbegleiter).exists():
        return
    schutzschulung_record(
        acting_user=coordinator,
        wegbegleiter=wegbegleiter,
        attended_on=day,
        title="Schutzkonzept-Grundschulung",
    )


def _concerns() -> None:
    if Meldung.objects.exists():
        return
    meldung_report(
        acting_user=_user("wegbegleiterin"),
        description="Beim letzten Treffen wirkte M. sehr verängstigt und erzählte, dass ein "
        "älterer Jugendlicher in der Gruppe ihr regelmäßig das Taschengeld abnimmt.",
        concerns_whom="M.",
    )
    meldung_report(
        acting_user=None,
        description="Ich trau mich nicht mehr abends in die Küche, weil mich da immer jemand "
        "anschreit.",
    )
