"""Short sessions for the staff roles (docs/accounts.md "Session lifetime").

Coordinators, child-protection leads, facility staff and superusers work with children's data,
often on shared office computers. Their session ends

- after ``WB_STAFF_SESSION_MINUTES`` (default 60) without a request (idle timeout), and
- ``WB_STAFF_SESSION_MAX_HOURS`` (default 10) after the login at the latest (absolute timeout),

whichever comes first. Volunteers keep Django's ``SESSION_COOKIE_AGE``.

Two clocks are kept in the session: the login time (set when the user logs in) and the time of
the last request (refreshed at most once a minute, so a page with many requests does not write
the session each time). The session row and the cookie expire with the idle timeout as well
(``set_expiry``), so a session nobody uses any more is gone from the database too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wegbegleitung.roles import TWO_FACTOR_ROLES

LOGIN_AT = "wb_login_at"
SEEN_AT = "wb_seen_at"
# the last-request time is written at most this often (seconds)
REFRESH_SECONDS = 60


def is_staff_session_user(user: Any) -> bool:
    """Superusers and the roles that must log in with a second factor."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or any(user.has_role(role) for role in TWO_FACTOR_ROLES))


def idle_seconds() -> int:
    return int(settings.WB_STAFF_SESSION_MINUTES) * 60


def max_seconds() -> int:
    return int(settings.WB_STAFF_SESSION_MAX_HOURS) * 60 * 60


def _start_clocks(request: HttpRequest, now: float) -> None:
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session.set_expiry(idle_seconds())


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Start both clocks when a staff user logs in (the login writes the session anyway)."""
    if request is None or not hasattr(request, "session"):
        return
    if is_staff_session_user(user):
        _start_clocks(request, timezone.now().timestamp())


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="wegbegleitung_staff_session")


class StaffSessionMiddleware:
    """Ends an expired staff session: logs out and sends to the login with a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(settings.STATIC_URL) or not is_staff_session_user(request.user):
            return self.get_response(request)
        session = request.session
        now = timezone.now().timestamp()
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if not isinstance(login_at, int | float) or not isinstance(seen_at, int | float):
            # a session from before this rule (or one made without a login): the clocks start now
            _start_clocks(request, now)
        elif now - seen_at > idle_seconds() or now - login_at > max_seconds():
            return self._expired(request)
        elif now - seen_at >= REFRESH_SECONDS:
            session[SEEN_AT] = now
            session.set_expiry(idle_seconds())
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        messages.info(
            request,
            _("Your session has ended for your safety. Please log in again."),
        )
        login_url = reverse("account_login")
        if request.method == "GET":
            login_url = f"{login_url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(login_url)
