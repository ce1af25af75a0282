"""The network's events on the volunteer's portal start (``wegbegleitung.portal_sections``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wegbegleitung import portal_sections
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.portal_sections import PortalSection

_CLOSED = {Wegbegleiter.Status.ABGELEHNT, Wegbegleiter.Status.AUSGESCHIEDEN}


def events_link(wegbegleiter: Wegbegleiter, day: date) -> PortalSection | None:
    """Only a link (no query): trainings are open to applicants and mentors alike."""
    if wegbegleiter.status in _CLOSED:
        return None
    label = gettext_lazy("Network events")
    return PortalSection(key="netzwerk", order=50, nav=(label, reverse("netzwerk:veranstaltungen")))


def connect() -> None:
    portal_sections.register("netzwerk", events_link)
