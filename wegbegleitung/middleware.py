from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from wegbegleitung.request_context import request_id_var
from wegbegleitung.roles import TWO_FACTOR_ROLES

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give each request an id (or keep a sane one from the proxy) for the audit trail and logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


# Pages a user without a second factor may still reach: the setup itself and the way out.
_ALLOWED_WITHOUT_2FA = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "account_confirm_email",
    "account_email_verification_sent",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    """Staff roles (coordination, child protection, facility staff) must use TOTP.

    allauth offers two-factor login but does not require it; until such a user has set it up,
    every page but the setup sends them there.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up(request):
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return False
        if not (user.is_superuser or any(user.has_role(role) for role in TWO_FACTOR_ROLES)):
            return False
        if _url_name(request.path_info) in _ALLOWED_WITHOUT_2FA:
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


class GermanFirstLocaleMiddleware:
    """German unless the person chose another language with the switcher (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a German association's
    platform speaks German to everyone by default, whatever the browser was set up with.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.setdefault("Vary", "Cookie")
        return response


# Browser features the platform never uses: no page (nor anything injected into one) may ask for
# them. `interest-cohort` is left out: current browsers no longer know it and log an error.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
# Anonymous pages whose content must not be kept either: the login and two-factor forms (a
# browser's back button must not show a filled-in form) and an invitation (its link is a token).
_NO_STORE_URL_PREFIXES = ("account_", "mfa_")
_NO_STORE_URL_NAMES = {"einladung_accept"}


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on personal pages.

    A page seen by a logged-in person holds personal data (of children, too): neither a shared
    proxy nor the browser's cache on a shared computer may keep it. Listed first in MIDDLEWARE,
    so the static files WhiteNoise answers get the policy as well.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _is_personal(request):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _is_personal(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    match = request.resolver_match
    name = (match.url_name or "") if match is not None else ""
    return name.startswith(_NO_STORE_URL_PREFIXES) or name in _NO_STORE_URL_NAMES


HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """``GET /healthz``: 200 "ok" while the database answers, 503 otherwise (container health
    checks, load balancers).

    Answered before host validation and the https redirect: a health check asks over plain
    http under whatever host name it knows. It reveals nothing but "ok" or "unavailable".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
        add_never_cache_headers(response)
        return response
