"""The kinds of import: the columns of each, how a row is checked and what it creates.

Each kind checks all rows with a fixed number of queries (existing records are fetched once per
file, not per row), and creates through the services of the app that owns the record, so every
rule, permission and audit event of the platform applies. Natural keys (re-importing the same
file creates nothing twice):

- volunteers: the email address;
- facilities: name and postal code within the region (providers: their name);
- young people: facility, first name, year and month of birth;
- matches: the volunteer and the young person (an open match of the pair exists).

Safeguarding facts are never read from a file: no certificate, no clearance, no decision. A
volunteer is imported at most "in screening" (see ``wegbegleiter_stage``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from uebernahme.arten.begleitungen import begleitung_uebernehmen, check_matches
from uebernahme.arten.common import Art
from uebernahme.arten.einrichtungen import check_facilities, einrichtung_uebernehmen
from uebernahme.arten.jugendliche import check_young, jugendliche_uebernehmen
from uebernahme.arten.wegbegleiter import check_volunteers, wegbegleiter_uebernehmen

__all__ = ["ARTEN", "Art"]

ARTEN: dict[str, Art] = {
    art.key: art
    for art in [
        Art(
            "wegbegleiter", gettext_lazy("Volunteers"),
            ("E-Mail", "Vorname", "Nachname", "Telefon", "PLZ", "Ort", "Stufe"),
            ("maria.muster@example.org", "Maria", "Muster", "0151 2345678", "60311",
             "Frankfurt am Main", "interessent"),
            check_volunteers, wegbegleiter_uebernehmen,
        ),
        Art(
            "einrichtungen", gettext_lazy("Facilities and providers"),
            ("Name", "Träger", "Art", "Straße", "PLZ", "Ort", "Ansprechperson",
             "E-Mail Ansprechperson", "Telefon Ansprechperson"),
            ("Wohngruppe Sonnenhof", "", "wohngruppe", "Hauptstraße 1", "60311",
             "Frankfurt am Main", "Frau Beispiel", "leitung@example.org", "069 123456"),
            check_facilities, einrichtung_uebernehmen,
        ),
        Art(
            "jugendliche", gettext_lazy("Young people"),
            ("Einrichtung", "Einrichtung PLZ", "Vorname", "Geburtsmonat", "Geburtsjahr",
             "Geschlecht", "Sprachen"),
            ("Wohngruppe Sonnenhof", "60311", "Sam", "4", "2010", "keine_angabe", "Deutsch"),
            check_young, jugendliche_uebernehmen,
        ),
        Art(
            "begleitungen", gettext_lazy("Running matches"),
            ("E-Mail Wegbegleiter:in", "Einrichtung", "Einrichtung PLZ", "Vorname",
             "Geburtsmonat", "Geburtsjahr", "Beginn"),
            ("maria.muster@example.org", "Wohngruppe Sonnenhof", "60311", "Sam", "4", "2010",
             "01.03.2025"),
            check_matches, begleitung_uebernehmen,
        ),
    ]
}  # fmt: skip
