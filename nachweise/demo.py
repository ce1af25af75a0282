"""Demo data of the certificates (idempotent): one signed-off certificate of engagement for the
demo mentor Markus Neumann, made through the same services volunteer and coordinator use, so the
portal page and the admin show a certificate (its PDF is made by the worker, or at once when
tasks run in process)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from nachweise.models import Nachweis
from nachweise.services import nachweis_request, nachweis_sign
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User, Wegbegleiter


def load(*, out: Callable[[str], None]) -> None:
    markus = (
        Wegbegleiter.objects.select_related("user")
        .filter(user__email=f"begleiter@{DOMAIN}")
        .first()
    )
    koordination = User.objects.filter(email=f"koordination@{DOMAIN}").first()
    if markus is None or koordination is None or Nachweis.objects.filter(wegbegleiter=markus):
        return
    with transaction.atomic():
        nachweis = nachweis_request(acting_user=markus.user, wegbegleiter=markus)
        nachweis_sign(
            acting_user=koordination, nachweis=nachweis, signed_name="Katrin Koch",
            signed_role="Koordination Rhein-Main",
            appreciation="Mit Geduld und Humor waren Sie eine verlässliche Wegbegleitung.",
        )  # fmt: skip
    out(f"Certificate of engagement: signed off for Markus Neumann (begleiter@{DOMAIN}),")
    out("  portal: Nachweis über Ihr Engagement; admin: Ehrenamtsnachweise.")
