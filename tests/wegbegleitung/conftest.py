from __future__ import annotations

from typing import Any

import pytest

from schutzkonzept import clearance
from schutzkonzept.clearance import Clearance
from tests.wegbegleitung.factories import make_volunteer


@pytest.fixture
def cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Safeguarding clearance granted (issue 4 builds the real records behind clearance_for)."""
    monkeypatch.setattr(clearance, "clearance_for", lambda wegbegleiter: Clearance(cleared=True))


@pytest.fixture
def vera(volunteer: Any) -> Any:
    """The volunteer of the fixed cast, as her Wegbegleiter record (region A)."""
    return volunteer.wegbegleiter


@pytest.fixture
def victor(region_a: Any) -> Any:
    """Another volunteer of region A: vera must never see his data."""
    return make_volunteer(region_a, email="victor@example.org")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Many users per test here; the slow production hasher adds nothing to what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
