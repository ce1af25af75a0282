"""The study's reminder and its section on the volunteer's portal start.

``study_wave_due_mentee`` (the young person with their own account): the same for their waves.

``study_wave_due`` (the volunteer, switchable): a wave of theirs is open and not yet submitted;
once per match, questionnaire and wave (period ``<code>-<number>``), recorded by the daily
reminder run on any day of the wave's window, so a missed run catches up. The row keeps
references only (the last day, the link); nothing about the answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext_lazy, pgettext_lazy

from forschung import selectors
from wegbegleitung.notifications import registry
from wegbegleitung.notifications.common import german_date, link
from wegbegleitung.notifications.registry import Due

BEGLEITUNG = "matching.begleitung"
KIND = "study_wave_due"
KIND_MENTEE = "study_wave_due_mentee"
# the young people's own accounts (issue 12 §4); not switchable in the volunteers' settings
AUDIENCE_MENTEE = "jugendliche"


def study_wave_due(day: date) -> Iterator[Due]:
    for due in selectors.waves_due_for_reminders(day):
        b = due.begleitung
        if not b.wegbegleiter.user.is_active:
            continue
        context = {"until": german_date(due.wave.laeuft_ab_am), "url": link("forschung:start")}
        yield Due(
            b.wegbegleiter.user_id, BEGLEITUNG, b.pk, f"{due.instrument.code}-{due.wave.nummer}",
            b.jugendliche.einrichtung.region_id, context,
        )  # fmt: skip


def study_wave_due_mentee(day: date) -> Iterator[Due]:
    """The same reminder for a young person with their own account (period ``<code>-<n>``)."""
    for item in selectors.mentee_waves_due_for_reminders(day):
        due, b = item.due, item.due.begleitung
        context = {"until": german_date(due.wave.laeuft_ab_am), "url": link("jung:start")}
        yield Due(
            item.recipient_id, BEGLEITUNG, b.pk, f"{due.instrument.code}-{due.wave.nummer}",
            b.jugendliche.einrichtung.region_id, context,
        )  # fmt: skip


def connect() -> None:
    """Called from ``ForschungConfig.ready()``."""
    if KIND not in registry.KINDS:
        registry.register(
            registry.Kind(
                KIND,
                gettext_lazy("A study questionnaire is waiting for you"),
                gettext_lazy("Study questionnaire open until %(until)s"),
                "forschung_wave_due",
                registry.Audience.VOLUNTEER,
                due=study_wave_due,
            )
        )
    if KIND_MENTEE not in registry.KINDS:
        registry.register(
            registry.Kind(
                KIND_MENTEE,
                gettext_lazy("A study questionnaire is waiting for you (young person)"),
                pgettext_lazy("du", "Questionnaire open until %(until)s"),
                "forschung_wave_due_mentee",
                AUDIENCE_MENTEE,
                due=study_wave_due_mentee,
            )
        )
    from forschung.portal import study_section
    from wegbegleitung import portal_sections

    portal_sections.register("forschung", study_section)
