"""Records of a match, one module each: introduction meeting (kennenlernen), agreement and its
confirmations (vereinbarung), diary (treffen), support contacts (kontakt), closure (abschluss);
and the coordinators' settings: weights (gewichtung), capacity (kapazitaet), wishes (wunsch),
pairs left out of the region proposal (vorschlag). The rules are in each module's docstring."""

from matching.services.records.abschluss import begleitung_close
from matching.services.records.gewichtung import gewichtung_save
from matching.services.records.kapazitaet import kapazitaet_set
from matching.services.records.kennenlernen import kennenlernen_record
from matching.services.records.kontakt import kontakt_create
from matching.services.records.treffen import treffen_correctable, treffen_create, treffen_update
from matching.services.records.vereinbarung import (
    default_agreement_texts,
    vereinbarung_confirm,
    vereinbarung_render,
    vereinbarung_save,
)
from matching.services.records.vorschlag import vorschlag_reject
from matching.services.records.wunsch import wunsch_save

__all__ = [
    "begleitung_close",
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
