from __future__ import annotations

from typing import Any

import pytest

from tests.matching.factories import make_anfrage, make_mentor


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def mentor_a(region_a: Any) -> Any:
    return make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")


@pytest.fixture
def anfrage_a(einrichtung_a: Any) -> Any:
    return make_anfrage(einrichtung_a, vorname="Malik")
