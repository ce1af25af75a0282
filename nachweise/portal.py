"""The certificate's link on the volunteer's portal start (``wegbegleitung.portal_sections``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wegbegleitung import portal_sections
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.portal_sections import PortalSection

S = Wegbegleiter.Status


def shows_link(wegbegleiter: Wegbegleiter) -> bool:
    """Accepted volunteers, and everyone whose activity has started (also after leaving)."""
    return wegbegleiter.status in (S.VERFUEGBAR, S.PAUSIERT) or bool(
        wegbegleiter.activity_started_on
    )


def certificate_link(wegbegleiter: Wegbegleiter, day: date) -> PortalSection | None:
    """Only a link (no query: it reads the volunteer row the start page holds)."""
    if not shows_link(wegbegleiter):
        return None
    label = gettext_lazy("Certificate of your engagement")
    return PortalSection(key="nachweis", order=50, nav=(label, reverse("nachweise:portal")))


def connect() -> None:
    portal_sections.register("nachweis", certificate_link)
