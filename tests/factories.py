"""factory_boy factories with traits for domain states. Services create what has rules."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from einrichtungen.models import Einrichtung
from einrichtungen.services import einrichtung_create
from wegbegleitung.models import Country, Region, User, Wegbegleiter
from wegbegleitung.roles import Role
from wegbegleitung.services.roles import user_grant_role

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Region {n}")
    country = Country.DE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:  # noqa: N805
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


def add_totp(user: User, secret: str = TOTP_SECRET) -> Authenticator:
    authenticator, _ = Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": secret}}
    )
    return authenticator


def make_user(
    role: str | None = None,
    *,
    region: Region | None = None,
    einrichtung: Einrichtung | None = None,
    totp: bool = True,
    **kwargs: Any,
) -> User:
    """A user in a role; staff roles get a TOTP device unless ``totp=False``."""
    user = UserFactory(**kwargs)
    if role is not None:
        user_grant_role(
            acting_user=None, user=user, role=role, region=region, einrichtung=einrichtung
        )
    if role == Role.WEGBEGLEITUNG:
        Wegbegleiter.objects.get_or_create(user=user, defaults={"region": region})
    if totp and role in {Role.KOORDINATION, Role.KINDERSCHUTZ, Role.EINRICHTUNG}:
        add_totp(user)
    return user


def make_einrichtung(region: Region, name: str = "Wohngruppe Lindenhof") -> Einrichtung:
    return einrichtung_create(acting_user=None, name=name, region=region)
