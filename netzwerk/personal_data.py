"""The network in the data download, the erasure plan and the retention schedule
(``wegbegleitung.personal_data``, ``wegbegleitung.erasure``, ``wegbegleitung.retention``).

What the network holds about a person: their registrations for events (a volunteer's or a staff
member's) and, for staff, the standing-in requests and answers they posted (the text is the
provider's, the poster is the person's). No young person's data is held at all.

An erasure deletes the registrations (an attended training stays as training hours in the
volunteer's record, which ``wegbegleitung`` plans) and removes the person from the requests and
answers they posted, which stay for the provider until they expire. The schedule deletes standing-
in requests WB_RETENTION_NETWORK_REQUEST_DAYS after they expired (with their answers) and
registrations WB_RETENTION_NETWORK_REGISTRATION_MONTHS after their event.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netzwerk.models import Anmeldung, Einspringanfrage, Einspringantwort
from wegbegleitung import erasure, personal_data, retention
from wegbegleitung.erasure import Action, Step
from wegbegleitung.personal_data import Kind, Section, Subject, section


def _registrations(subject: Subject) -> QuerySet[Anmeldung]:
    if subject.kind == Kind.WEGBEGLEITER:
        return Anmeldung.objects.filter(wegbegleiter_id=subject.pk)
    if subject.kind == Kind.NUTZER:
        return Anmeldung.objects.filter(user_id=subject.pk)
    return Anmeldung.objects.none()


def collect(subject: Subject) -> list[Section]:
    rows = _registrations(subject).select_related("veranstaltung").order_by("angemeldet_am")
    found = [section("network_registrations", _("Registrations for network events"), rows,
                     include=("veranstaltung__titel", "veranstaltung__beginn"))]  # fmt: skip
    if subject.kind == Kind.NUTZER:
        anfragen = Einspringanfrage.objects.filter(erstellt_von_id=subject.pk).order_by("pk")
        antworten = Einspringantwort.objects.filter(erstellt_von_id=subject.pk).order_by("pk")
        found.append(section("network_requests", _("Standing-in requests posted"), anfragen))
        found.append(section("network_answers", _("Answers to standing-in requests"), antworten))
    return [s for s in found if s.records]


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    registrations = _registrations(subject)
    steps = []
    count = registrations.delete()[0] if execute else registrations.count()
    if count:
        steps.append(Step(_("Registrations for network events"), Action.DELETE, count))
    if subject.kind == Kind.NUTZER:
        posted = [Einspringanfrage.objects.filter(erstellt_von_id=subject.pk),
                  Einspringantwort.objects.filter(erstellt_von_id=subject.pk)]  # fmt: skip
        n = sum(qs.update(erstellt_von=None) if execute else qs.count() for qs in posted)
        if n:
            steps.append(Step(_("Standing-in requests and answers posted"), Action.ANONYMISE, n))
    return steps


def _expired_requests(today: date) -> QuerySet[Einspringanfrage]:
    cutoff = today - timedelta(days=settings.WB_RETENTION_NETWORK_REQUEST_DAYS)
    return Einspringanfrage.objects.filter(gueltig_bis__lt=cutoff)


def _old_registrations(today: date) -> QuerySet[Anmeldung]:
    cutoff = retention.months_back(today, settings.WB_RETENTION_NETWORK_REGISTRATION_MONTHS)
    moment = timezone.make_aware(datetime.combine(cutoff, time.min))
    return Anmeldung.objects.filter(Q(veranstaltung__ende__lt=moment))


def _purge_requests(today: date) -> int:
    """Requests with their answers; the count is of requests, as the schedule's due count."""
    ids = list(_expired_requests(today).values_list("pk", flat=True))
    Einspringanfrage.objects.filter(pk__in=ids).delete()
    return len(ids)


def connect() -> None:
    personal_data.register("netzwerk", collect)
    erasure.register("netzwerk", erase)
    retention.register(retention.Kind(
        "network_requests", _("Expired standing-in requests of the network"),
        "WB_RETENTION_NETWORK_REQUEST_DAYS", lambda today: _expired_requests(today).count(),
        _purge_requests, order=46,
    ))  # fmt: skip
    retention.register(retention.Kind(
        "network_registrations", _("Registrations for past network events"),
        "WB_RETENTION_NETWORK_REGISTRATION_MONTHS",
        lambda today: _old_registrations(today).count(),
        lambda today: _old_registrations(today).delete()[0], order=47,
    ))  # fmt: skip
