"""Typing help for views behind login_required: their request.user is a real User."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from wegbegleitung.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


def acting_user(request: HttpRequest) -> User:
    """The logged-in user of a request that must have one (admin actions, services)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
