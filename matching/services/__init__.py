"""Writes of the matching app; see the modules' docstrings for the rules they enforce."""

from matching.services.lifecycle import (
    TRANSITIONS,
    TransitionRefused,
    allowed_actions,
    begleitung_propose,
    begleitung_transition,
)
from matching.services.records import (
    begleitung_close,
    default_agreement_texts,
    gewichtung_save,
    kapazitaet_set,
    kennenlernen_record,
    kontakt_create,
    treffen_correctable,
    treffen_create,
    treffen_update,
    vereinbarung_confirm,
    vereinbarung_render,
    vereinbarung_save,
    vorschlag_reject,
    wunsch_save,
)

__all__ = [
    "TRANSITIONS",
    "TransitionRefused",
    "allowed_actions",
    "begleitung_close",
    "begleitung_propose",
    "begleitung_transition",
    "default_agreement_texts",
    "gewichtung_save",
    "kapazitaet_set",
    "kennenlernen_record",
    "kontakt_create",
    "treffen_correctable",
    "treffen_create",
    "treffen_update",
    "vereinbarung_confirm",
    "vereinbarung_render",
    "vereinbarung_save",
    "vorschlag_reject",
    "wunsch_save",
]
