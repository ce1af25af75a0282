from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.factories import RegionFactory, make_user
from tests.schutzkonzept.factories import VerhaltenskodexFactory, make_wegbegleiter
from wegbegleitung.models import Country
from wegbegleitung.roles import Role


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    # the cast is made of many accounts; a slow password hash only slows the tests down
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kodex(db: Any) -> Any:
    return VerhaltenskodexFactory()


@pytest.fixture
def wb_a(region_a: Any) -> Any:
    """A volunteer of region A (with a name, as the code of conduct asks for it)."""
    return make_wegbegleiter(
        region_a, email="wiebke@example.org", first_name="Wiebke", last_name="Wagner"
    )


@pytest.fixture
def wb_b(region_b: Any) -> Any:
    return make_wegbegleiter(
        region_b, email="stefan@example.org", first_name="Stefan", last_name="Mayer"
    )


@pytest.fixture
def schutz_a(region_a: Any) -> Any:
    """Child-protection lead of region A."""
    return make_user(Role.KINDERSCHUTZ, region=region_a, email="sabine@example.org")


@pytest.fixture
def schutz_b(region_b: Any) -> Any:
    return make_user(Role.KINDERSCHUTZ, region=region_b, email="kim@example.org")


@pytest.fixture
def region_at(db: Any) -> Any:
    return RegionFactory(name="Graz", country=Country.AT)


@pytest.fixture
def region_ch(db: Any) -> Any:
    return RegionFactory(name="Zürich", country=Country.CH)
