from wegbegleitung.models.accounts import User
from wegbegleitung.models.audit import AuditEvent
from wegbegleitung.models.invitations import Einladung
from wegbegleitung.models.regions import Country, Region
from wegbegleitung.models.volunteers import Wegbegleiter

__all__ = ["AuditEvent", "Country", "Einladung", "Region", "User", "Wegbegleiter"]
