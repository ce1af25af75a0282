from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip as ratelimit_ip
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from wegbegleitung import outbox
from wegbegleitung.models import User
from wegbegleitung.services.accounts import wegbegleiter_register


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Sign-up makes a volunteer applicant; account mails go out through Celery after commit."""

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        with transaction.atomic():
            saved: User = super().save_user(request, user, form, commit=True)
            wegbegleiter_register(user=saved)
        return saved

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins count per client address *and* account (ACCOUNT_RATE_LIMITS
        "login_failed" ".../key"): someone who keeps typing wrong passwords for an account locks
        out only their own address, never the owner on theirs (docs/accounts.md). A password
        reset clears the count of the address it is done from (allauth calls this again)."""
        account_key: str = super()._get_login_attempts_cache_key(request, **credentials)
        # the address as allauth's per-IP limits count it (IPv6 by its /64 network)
        return f"{ratelimit_ip(request)}:{account_key}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from wegbegleitung.tasks import send_account_mail

        # allauth's own send_mail adds the site; ours renders without a request-bound site, so the
        # mails greet and sign with the association's name ("Hallo von Wegbegleitung e. V.!").
        message = self.render_mail(
            template_prefix, email, {"email": email, "current_site": _site(), **context}
        )
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "alternatives": [list(alt) for alt in getattr(message, "alternatives", [])],
        }
        # the row is stored even when Redis is down; the sweep mails it later (wegbegleitung.outbox)
        outbox.enqueue(send_account_mail, payload)


class _MailSite:
    """What allauth's mail templates read of a site: its name and domain."""

    def __init__(self, name: str, domain: str) -> None:
        self.name = name
        self.domain = domain


def _site() -> _MailSite:
    return _MailSite(settings.WB_ORGANISATION_NAME, urlsplit(settings.SITE_URL).netloc)
