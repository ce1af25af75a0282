"""The demo command fills a believable demo, prints a working login per role, and is idempotent."""

from io import StringIO

from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from wegbegleitung.demo import DEMO_PASSWORD, USERS
from wegbegleitung.models import Region, User, Wegbegleiter
from wegbegleitung.roles import Role


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label
        in {
            "wegbegleitung",
            "einrichtungen",
            "schutzkonzept",
            "matching",
            "auth",
            "mfa",
            "account",
            "guardian",
        }
        and m._meta.label != "wegbegleitung.AuditEvent"
    }


def test_demo_prints_a_login_for_every_role_and_each_works(db):
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed
    for role in Role:
        assert any(spec.role == role and spec.email in printed for spec in USERS), role
    for spec in USERS:
        assert authenticate(email=spec.email, password=DEMO_PASSWORD) is not None, spec.email
    assert Region.objects.count() == 2
    statuses = set(Wegbegleiter.objects.values_list("status", flat=True))
    assert len(statuses) >= 4


def test_running_the_demo_twice_changes_nothing(db):
    call_command("demo", stdout=StringIO())
    before = _counts()
    call_command("demo", stdout=StringIO())
    assert _counts() == before


def test_demo_staff_have_two_factor(db):
    call_command("demo", stdout=StringIO())
    coordinator = User.objects.get(email="koordination@demo.wegbegleitung.org")
    assert coordinator.authenticator_set.filter(type="totp").exists()
    assert coordinator.authenticator_set.filter(type="recovery_codes").exists()
