"""The accounts and volunteers app's part of an erasure (``wegbegleitung.erasure``).

A volunteer: the records of the path and the notices go, the account and the volunteer row
are anonymised (``services.account``: the row stays pseudonymous, the safeguarding records
hang off it until their own deadlines); the audit trail stays (GDPR Art. 5(2)). For every
subject: notifications about them go.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegbegleitung.erasure import Action, Step
from wegbegleitung.models import (
    AuditEvent,
    Benachrichtigung,
    BenachrichtigungEinstellung,
    Loeschantrag,
    User,
    Wegbegleiter,
)
from wegbegleitung.personal_data import Kind, Subject

_AUDIT_REASON = _(
    "GDPR Art. 5(2) and 32: the association must be able to show who did what and when; the "
    "trail names the volunteer only by the email address of their own actions"
)


def _audit_until() -> str:
    return str(_("%(months)s months after the event (WB_RETENTION_AUDIT_MONTHS)")) % {
        "months": settings.WB_RETENTION_AUDIT_MONTHS
    }


_REQUEST_REASON = _(
    "GDPR Art. 5(2) and 12(3): the association must be able to show that it answered the "
    "request in time; the request keeps its dates and state, not its message"
)


def _requests(subject: Subject) -> Step:
    count = Loeschantrag.objects.filter(
        subject_kind=str(subject.kind), subject_id=subject.pk
    ).count()
    until = str(_("%(months)s months after the answer (WB_RETENTION_ERASURE_REQUEST_MONTHS)")) % {
        "months": settings.WB_RETENTION_ERASURE_REQUEST_MONTHS
    }
    return Step(_("Erasure requests"), Action.KEEP, count, _REQUEST_REASON, until)


def _erase_account(subject: Subject, *, execute: bool) -> list[Step]:
    """Staff, coordinators, leads: the notices to them go, the account is anonymised (the
    records they wrote stay the association's; the trail names them by their address)."""
    from wegbegleitung.services.account import anonymise_user

    user = User.objects.get(pk=subject.pk)
    notices = Benachrichtigung.objects.filter(recipient=user.pk)
    settings_rows = BenachrichtigungEinstellung.objects.filter(user=user.pk)
    if execute:
        count = notices.delete()[0] + settings_rows.delete()[0]
        anonymise_user(user)
    else:
        count = notices.count() + settings_rows.count()
    audit = AuditEvent.objects.filter(actor=user.pk).count()
    return [
        Step(_("Notifications to the person and their choices"), Action.DELETE, count),
        Step(_("Account (name, email address, login, roles)"), Action.ANONYMISE, 1),
        Step(_("Audit trail"), Action.KEEP, audit, _STAFF_AUDIT_REASON, _audit_until()),
    ]


_STAFF_AUDIT_REASON = _(
    "GDPR Art. 5(2) and 32: the association must be able to show who did what and when; the "
    "trail names the person by the email address of their own actions"
)


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    if subject.kind == Kind.NUTZER:
        return _erase_account(subject, execute=execute)
    if subject.kind == Kind.JUGENDLICHE:
        notices = Benachrichtigung.objects.filter(
            subject_type="einrichtungen.jugendliche", subject_id=subject.pk
        )
        count = notices.delete()[0] if execute else notices.count()
        return [
            Step(_("Notifications about the young person"), Action.DELETE, count),
            _requests(subject),
        ]
    person = Wegbegleiter.objects.select_related("user").get(pk=subject.pk)
    from wegbegleitung.services.account import erase_volunteer_records, personal_records

    if execute:
        counts = erase_volunteer_records(person)
    else:
        counts = {name: qs.count() for name, qs in personal_records(person).items()}
    audit = AuditEvent.objects.filter(
        Q(actor=person.user_id) | Q(content_type__model="wegbegleiter", object_id=str(person.pk))
    ).count()
    return [
        Step(_("Application, interviews, references, training, decisions, supervision"),
             Action.DELETE, sum(v for k, v in counts.items() if not k.startswith("benach"))),
        Step(_("Notifications to and about the volunteer"), Action.DELETE,
             sum(v for k, v in counts.items() if k.startswith("benach"))),
        Step(_("Account (name, email address, login) and the volunteer record"),
             Action.ANONYMISE, 1),
        Step(_("Audit trail"), Action.KEEP, audit, _AUDIT_REASON, _audit_until()),
        _requests(subject),
    ]  # fmt: skip
