"""Whether a database already holds data the generator must not mix with."""

from __future__ import annotations

from django.db import models

from einrichtungen.models import Einrichtung, Jugendliche
from wegbegleitung.models import Region, User, Wegbegleiter

WATCHED: list[type[models.Model]] = [User, Region, Einrichtung, Jugendliche, Wegbegleiter]


def holds_data() -> str:
    """ "" when empty, else e.g. "12 users" for the message (the first model that has rows)."""
    for model in WATCHED:
        count = model._default_manager.count()
        if count:
            return f"{count} {model._meta.verbose_name_plural}"
    return ""
