"""The demo gives the coordinator's home something to show on every tile (issue 11 §5)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from arbeitsplatz.selectors import board_for
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User


@pytest.mark.django_db
def test_every_tile_of_the_demo_coordinators_home_counts_something():
    call_command("demo", stdout=StringIO())
    for local in ("koordination", "kinderschutz"):
        user = User.objects.get(email=f"{local}@{DOMAIN}")
        empty = [tile.key for tile in board_for(user=user) if tile.count == 0]
        assert empty == [], local
