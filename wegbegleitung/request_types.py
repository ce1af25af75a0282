"""Typing help for views behind login_required: their request.user is a real User."""

from __future__ import annotations

from django.conf import settings
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


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the address the outermost one saw.

    The same rule as allauth's rate limits (ALLAUTH_TRUSTED_PROXY_COUNT, from
    DJANGO_TRUSTED_PROXY_COUNT), so every limit counts the same client.
    """
    count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if count > 0 and len(forwarded) >= count and forwarded[-count]:
        return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))
