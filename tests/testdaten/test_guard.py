"""The generator never mixes its data into a database that holds some, nor runs in production."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_user
from wegbegleitung.models import Region, User

pytestmark = pytest.mark.django_db


def test_refuses_a_database_with_data_unless_forced(settings: Any) -> None:
    settings.DEBUG = True
    make_user(email="someone@example.org")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("generate_data", "--scale", "0.001")
    assert not Region.objects.exists()
    # forced, a second set is added next to the data, under its own addresses
    call_command("generate_data", "--scale", "0.001", "--force")
    assert Region.objects.count() == 3
    assert User.objects.filter(email="someone@example.org").exists()
    assert not User.objects.filter(email__endswith="@testdaten.invalid").exists()


def test_refuses_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_data", "--scale", "0.001")
    assert not Region.objects.exists()
