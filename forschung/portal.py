"""The study on the volunteer's portal start, served through ``wegbegleitung.portal_sections``."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from forschung import selectors
from matching.models import Begleitung
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.portal_sections import PortalSection


def study_section(wegbegleiter: Wegbegleiter, day: date) -> PortalSection | None:
    """Shown once a match has begun (five queries at most, however many waves)."""
    wegbegleiter_id = wegbegleiter.pk
    if not Begleitung.objects.filter(
        wegbegleiter_id=wegbegleiter_id, started_on__isnull=False
    ).exists():
        return None
    consent = selectors.consent_in_force(wegbegleiter_id)
    due = (
        selectors.due_waves_for_mentor(wegbegleiter_id=wegbegleiter_id, day=day) if consent else []
    )
    return PortalSection(
        key="studie",
        template="forschung/portal_section.html",
        context={"consent": consent, "due": due},
        order=10,
        nav=(_("Study"), reverse("forschung:start")),
    )
