from __future__ import annotations

from typing import Any

import pytest
from guardian.shortcuts import assign_perm

from tests.einrichtungen.factories import JugendlicheFactory, consent_all
from tests.einrichtungen.familien import (
    make_family_programme,
    make_referring,
    make_referring_staff,
    record_family,
)
from tests.factories import make_user
from wegbegleitung.roles import Role


@pytest.fixture
def jugendliche_a(einrichtung_a: Any) -> Any:
    j = JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Amira")
    consent_all(j)
    return j


@pytest.fixture
def jugendliche_b(einrichtung_b: Any) -> Any:
    j = JugendlicheFactory.create(einrichtung=einrichtung_b, vorname="Boris")
    consent_all(j)
    return j


@pytest.fixture
def lead_a(einrichtung_a: Any) -> Any:
    """Staff of facility A who leads it (may invite staff)."""
    user = make_user(Role.EINRICHTUNG, einrichtung=einrichtung_a, email="lead-a@example.org")
    assign_perm("einrichtungen.invite_staff", user, einrichtung_a)
    return user


@pytest.fixture
def fruehe_hilfen_a(region_a: Any) -> Any:
    return make_referring(region_a)


@pytest.fixture
def nadine(fruehe_hilfen_a: Any) -> Any:
    """Staff of the early-help network coordination of region A: refers families."""
    return make_referring_staff(fruehe_hilfen_a)


@pytest.fixture
def familien_programm(db: Any) -> Any:
    return make_family_programme()


@pytest.fixture
def familie_a(nadine: Any, fruehe_hilfen_a: Any) -> Any:
    return record_family(nadine, fruehe_hilfen_a)
