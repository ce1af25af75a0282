"""The network's links: the volunteer's portal start (``wegbegleitung.portal_sections``) and the
staff area of member providers (``einrichtungen.staff_links``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy

from einrichtungen import staff_links
from einrichtungen.staff_links import Link
from netzwerk.permissions import can_use_network
from wegbegleitung import portal_sections
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.portal_sections import PortalSection

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser

_CLOSED = {Wegbegleiter.Status.ABGELEHNT, Wegbegleiter.Status.AUSGESCHIEDEN}


def events_link(wegbegleiter: Wegbegleiter, day: date) -> PortalSection | None:
    """Only a link (no query): trainings are open to applicants and mentors alike."""
    if wegbegleiter.status in _CLOSED:
        return None
    label = gettext_lazy("Network events")
    return PortalSection(key="netzwerk", order=50, nav=(label, reverse("netzwerk:veranstaltungen")))


def staff_link(user: AnyUser) -> Link | None:
    """The staff area's link, only for staff of a member provider (others would be refused)."""
    if not can_use_network(user):
        return None
    return gettext_lazy("Cooperation network"), reverse("netzwerk:start")


def connect() -> None:
    portal_sections.register("netzwerk", events_link)
    staff_links.register("netzwerk", staff_link)
