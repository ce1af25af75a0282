"""The certificate's link on the volunteer's portal start (``wegbegleitung.portal_links``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wegbegleitung.models import Wegbegleiter
from wegbegleitung.portal_links import register_link

S = Wegbegleiter.Status


def shows_link(wegbegleiter: Wegbegleiter) -> bool:
    """Accepted volunteers, and everyone whose activity has started (also after leaving)."""
    return wegbegleiter.status in (S.VERFUEGBAR, S.PAUSIERT) or bool(
        wegbegleiter.activity_started_on
    )


def connect() -> None:
    register_link(
        "nachweis", gettext_lazy("Certificate of your engagement"), "nachweise:portal", shows_link
    )
