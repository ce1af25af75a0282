"""The notice of a decided expense, registered from ``AuslagenConfig.ready()``:

``auslage_decided`` (the volunteer): her expense was approved or refused. The logged row keeps
references only (the expense's id, the decision, the link); the mail names neither the amount nor
the purpose nor the reason: the portal shows them after login.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from auslagen.models import Auslage
from wegbegleitung.notifications import delivery, registry
from wegbegleitung.notifications.common import link
from wegbegleitung.notifications.registry import Due

AUSLAGE = "auslagen.auslage"
KIND = "auslage_decided"


def auslage_decided_notify(*, auslage_id: int) -> int:
    """Tell the volunteer once per expense and decision."""
    auslage = (
        Auslage.objects.select_related("begleitung__wegbegleiter__user")
        .filter(pk=auslage_id)
        .exclude(status=Auslage.Status.EINGEREICHT)
        .first()
    )
    if auslage is None:
        return 0
    w = auslage.begleitung.wegbegleiter
    if not w.user.is_active:
        return 0
    context = {"decision": auslage.status, "url": link("auslagen:list")}
    due = Due(w.user_id, AUSLAGE, auslage.pk, auslage.status, w.region_id, context)
    return delivery.notify(KIND, [due])


def connect() -> None:
    if KIND not in registry.KINDS:
        registry.register(
            registry.Kind(
                KIND,
                gettext_lazy("Your expense was approved or refused"),
                gettext_lazy("Your coordinator has decided on an expense"),
                "auslage_decided",
                registry.Audience.VOLUNTEER,
            )
        )
