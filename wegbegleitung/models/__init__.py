from wegbegleitung.models.accounts import User
from wegbegleitung.models.application import (
    Bewerbung,
    Gender,
    GenderPreference,
    Interesse,
    Mobility,
    TimeOfDay,
    Weekday,
)
from wegbegleitung.models.audit import AuditEvent
from wegbegleitung.models.erasure_requests import Loeschantrag
from wegbegleitung.models.exports import Export
from wegbegleitung.models.geo import Postleitzahl
from wegbegleitung.models.invitations import Einladung
from wegbegleitung.models.notifications import Benachrichtigung, BenachrichtigungEinstellung
from wegbegleitung.models.outbox import OutboxTask
from wegbegleitung.models.regions import Country, Region
from wegbegleitung.models.screening import (
    Entscheidung,
    Erstgespraech,
    Referenz,
    Schulungsteilnahme,
    Schulungstermin,
)
from wegbegleitung.models.supervision import Supervision, SupervisionEinladung
from wegbegleitung.models.volunteers import Programmteilnahme, Wegbegleiter

__all__ = [
    "AuditEvent",
    "Benachrichtigung",
    "BenachrichtigungEinstellung",
    "Bewerbung",
    "Country",
    "Einladung",
    "Entscheidung",
    "Export",
    "Erstgespraech",
    "Gender",
    "GenderPreference",
    "Interesse",
    "Loeschantrag",
    "Mobility",
    "OutboxTask",
    "Postleitzahl",
    "Programmteilnahme",
    "Referenz",
    "Region",
    "Schulungsteilnahme",
    "Schulungstermin",
    "Supervision",
    "SupervisionEinladung",
    "TimeOfDay",
    "User",
    "Weekday",
    "Wegbegleiter",
]
