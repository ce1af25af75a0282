"""Demo data of the expenses (idempotent): two expenses of the demo mentor Markus Neumann for his
running match, recorded and decided through the same services volunteer and coordinator use:
a trip by car (approved) and a ticket (waiting in the coordinators' queue)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from auslagen.models import Auslage
from auslagen.selectors import matches_for_expenses
from auslagen.services import auslage_approve, auslage_submit
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User, Wegbegleiter


def load(*, out: Callable[[str], None]) -> None:
    markus = (
        Wegbegleiter.objects.select_related("user")
        .filter(user__email=f"begleiter@{DOMAIN}")
        .first()
    )
    koordination = User.objects.filter(email=f"koordination@{DOMAIN}").first()
    if markus is None or koordination is None:
        return
    match = matches_for_expenses(markus).first()
    if match is None or match.started_on is None:
        return
    if Auslage.objects.filter(begleitung=match).exists():
        return
    today = timezone.localdate()
    day = max(match.started_on, today - timedelta(days=3))
    with transaction.atomic():
        trip = auslage_submit(
            acting_user=markus.user, begleitung=match, art=Auslage.Art.KILOMETER, datum=day,
            zweck="Fahrt zum Kletterpark", kilometer=Decimal("12.5"),
        )  # fmt: skip
        auslage_approve(acting_user=koordination, auslage=trip)
        auslage_submit(
            acting_user=markus.user, begleitung=match, art=Auslage.Art.TICKET, datum=today,
            zweck="Bustickets zum Zoo", betrag_cent=840,
        )  # fmt: skip
    out(f"Expenses: two of Markus Neumann (begleiter@{DOMAIN}), one approved, one waiting;")
    out("  portal: Auslagen; admin: Auslagen.")
