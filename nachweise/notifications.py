"""The notice "your certificate is ready" (volunteer), registered from ``NachweiseConfig.ready()``.

The logged row keeps a reference only (the certificate's id and the portal link); the mail says
that a certificate is ready, never a figure or a name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from nachweise.models import Nachweis
from wegbegleitung.notifications import delivery, registry
from wegbegleitung.notifications.common import link
from wegbegleitung.notifications.registry import Due

NACHWEIS = "nachweise.nachweis"
KIND = "nachweis_ready"


def nachweis_ready_notify(*, nachweis_id: int) -> int:
    """Tell the volunteer once (per certificate) that it can be downloaded."""
    nachweis = (
        Nachweis.objects.select_related("wegbegleiter__user")
        .filter(pk=nachweis_id, status=Nachweis.Status.FERTIG)
        .first()
    )
    if nachweis is None or not nachweis.wegbegleiter.user.is_active:
        return 0
    w = nachweis.wegbegleiter
    due = Due(w.user_id, NACHWEIS, nachweis.pk, "fertig", w.region_id,
              {"url": link("nachweise:portal")})  # fmt: skip
    return delivery.notify(KIND, [due])


def connect() -> None:
    if KIND not in registry.KINDS:
        registry.register(
            registry.Kind(
                KIND,
                gettext_lazy("Your certificate of engagement is ready"),
                gettext_lazy("Your certificate of engagement is ready to download"),
                "nachweis_ready",
                registry.Audience.VOLUNTEER,
            )
        )
