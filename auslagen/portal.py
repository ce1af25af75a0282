"""The expenses' link on the volunteer's portal start (``wegbegleitung.portal_sections``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy

from wegbegleitung import portal_sections
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.portal_sections import PortalSection

S = Wegbegleiter.Status


def expenses_link(wegbegleiter: Wegbegleiter, day: date) -> PortalSection | None:
    """Only a link (no query): for volunteers whose activity has started."""
    if not wegbegleiter.activity_started_on:
        return None
    label = gettext_lazy("Expenses")
    return PortalSection(key="auslagen", order=45, nav=(label, reverse("auslagen:list")))


def connect() -> None:
    portal_sections.register("auslagen", expenses_link)
