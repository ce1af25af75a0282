"""The notices of the certificates, registered from ``NachweiseConfig.ready()``:

- ``nachweis_ready`` (the volunteer): the certificate can be downloaded;
- ``nachweis_coordination`` (the coordinators of the volunteer's region): a certificate waits for
  the sign-off (``requested``), or its PDF could not be made (``failed``).

The logged rows keep references only (the certificate's id, the event, the link); the mails never
carry a figure or a name: the admin shows who it is.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from nachweise.models import Nachweis
from wegbegleitung.notifications import delivery, registry
from wegbegleitung.notifications.common import coordinators_by_region, link
from wegbegleitung.notifications.registry import Due

NACHWEIS = "nachweise.nachweis"
KIND = "nachweis_ready"
COORDINATION_KIND = "nachweis_coordination"


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


def nachweis_coordination_notify(*, nachweis_id: int, event: str) -> int:
    """Tell the region's coordinators once per certificate and event."""
    nachweis = Nachweis.objects.select_related("wegbegleiter").filter(pk=nachweis_id).first()
    if nachweis is None:
        return 0
    region_id = nachweis.wegbegleiter.region_id
    url = link("admin:nachweise_nachweis_change", nachweis.pk)
    dues = [
        Due(user_id, NACHWEIS, nachweis.pk, f"{event}-{nachweis.attempts}", region_id,
            {"event": event, "url": url})
        for user_id in coordinators_by_region([region_id]).get(region_id or 0, [])
    ]  # fmt: skip
    return delivery.notify(COORDINATION_KIND, dues)


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
    if COORDINATION_KIND not in registry.KINDS:
        registry.register(
            registry.Kind(
                COORDINATION_KIND,
                gettext_lazy("Certificates of engagement: waiting for the sign-off, or failed"),
                gettext_lazy("A certificate of engagement needs you"),
                "nachweis_coordination",
                registry.Audience.COORDINATION,
            )
        )
