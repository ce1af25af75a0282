from __future__ import annotations

import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegbegleitung.demo import DOMAIN


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email: str = options["email"].lower()
        if not email.endswith(f"@{DOMAIN}"):
            raise CommandError(f"only demo accounts (@{DOMAIN}) have a known secret")
        authenticator = Authenticator.objects.filter(
            user__email=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no two-factor login")
        secret = decrypt(authenticator.data["secret"])
        counter = int(time.time()) // getattr(settings, "MFA_TOTP_PERIOD", 30)
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
