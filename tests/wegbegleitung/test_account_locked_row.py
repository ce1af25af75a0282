"""Deleting an account is decided on the locked volunteer row, not on the caller's instance."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import make_user
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.roles import Role
from wegbegleitung.services.account import wegbegleiter_delete_account

pytestmark = pytest.mark.django_db


def test_a_forged_owner_in_memory_cannot_delete_someone_elses_account(
    volunteer: Any, region_a: Any
) -> None:
    other = make_user(Role.WEGBEGLEITUNG, region=region_a, email="otto@example.org")
    forged = Wegbegleiter.objects.get(user=other)
    forged.user_id = volunteer.pk  # looks like vera's own record
    with pytest.raises(PermissionDenied):
        wegbegleiter_delete_account(acting_user=volunteer, wegbegleiter=forged)
    assert User.objects.get(pk=other.pk).email == "otto@example.org"
