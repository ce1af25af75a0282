"""What the accounts and volunteers app holds about a person (``wegbegleitung.personal_data``).

A volunteer: the account (name, email address, since when), the volunteer record and its path
(application, first interview, references without the referee's name and contact, training,
decisions, supervision invitations) and the notices sent to them. Other people's names (the
coordinator who held the interview, the referee) are left out: they are not the subject's data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wegbegleitung.models import Benachrichtigung, Bewerbung, User, Wegbegleiter
from wegbegleitung.personal_data import Kind, Record, Section, Subject, model_record, section

_USER_FIELDS = ("password", "last_login", "is_superuser", "is_staff")


def _account(subject: Subject) -> list[Section]:
    """Staff, coordinators, leads: the account, its roles and regions, the notices to them."""
    user = User.objects.filter(pk=subject.pk).prefetch_related("groups", "regions").first()
    if user is None:
        return []
    roles = Record((
        (str(_("Roles")), ", ".join(sorted(g.name for g in user.groups.all()))),
        (str(_("Regions")), ", ".join(sorted(r.name for r in user.regions.all()))),
    ))  # fmt: skip
    return [
        Section("account", _("Account"), [model_record(user, exclude=_USER_FIELDS)]),
        Section("roles", _("Roles and regions"), [roles]),
        _notifications(user.pk),
    ]


def _notifications(user_id: int) -> Section:
    return section(
        "notifications", _("Notifications to you"),
        Benachrichtigung.objects.filter(recipient=user_id).order_by("created_at"),
        exclude=("subject_type", "subject_id", "context", "last_error"),
    )  # fmt: skip


def collect(subject: Subject) -> list[Section]:
    if subject.kind == Kind.NUTZER:
        return _account(subject)
    if subject.kind != Kind.WEGBEGLEITER:
        return []
    person = Wegbegleiter.objects.select_related("user", "region").filter(pk=subject.pk).first()
    if person is None:
        return []
    bewerbung = Bewerbung.objects.filter(wegbegleiter=person).prefetch_related("interests")
    return [
        Section("account", _("Account"), [model_record(person.user, exclude=_USER_FIELDS)]),
        Section("volunteer", _("Volunteer record"), [
            model_record(person, exclude=("exit_requested_by",), include=("region__name",))
        ]),
        Section("application", _("Application"), [_application(b) for b in bewerbung]),
        section("interviews", _("First interviews"), person.erstgespraeche.all()),
        section(
            "references", _("References"), person.referenzen.all(), exclude=("name", "contact")
        ),
        section(
            "training", _("Training attendance"),
            person.schulungsteilnahmen.select_related("termin"),
            include=("termin__title", "termin__starts_at"),
        ),
        section("decisions", _("Decisions"), person.entscheidungen.all()),
        section(
            "supervision", _("Supervision invitations"),
            person.supervision_einladungen.select_related("supervision"),
        ),
        _notifications(person.user_id),
    ]  # fmt: skip


def _application(bewerbung: Bewerbung) -> Record:
    record = model_record(bewerbung)
    interests = ", ".join(sorted(i.name for i in bewerbung.interests.all()))
    label = str(Bewerbung._meta.get_field("interests").verbose_name)
    return Record((*record.fields, (label, interests)))
