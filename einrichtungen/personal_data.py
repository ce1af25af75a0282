"""What the facilities app holds about a young person or a family (``wegbegleitung.personal_data``):
the record, a family's parents and children, the consents, the requests for a mentor and the
help-plan conferences (or referral and review conversations). Who entered a record (staff) and
who took part in a conference are other people's data and left out."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from einrichtungen.models import (
    Anfrage,
    Einwilligung,
    Elternteil,
    Fassung,
    Hilfeplangespraech,
    Jugendliche,
)
from einrichtungen.models import Kind as Kindmodell
from wegbegleitung.erasure import Action, Step
from wegbegleitung.personal_data import Kind, Section, Subject, model_record, section


def collect(subject: Subject) -> list[Section]:
    if subject.kind != Kind.JUGENDLICHE:
        return []
    person = Jugendliche.objects.select_related("einrichtung").filter(pk=subject.pk).first()
    if person is None:
        return []
    return [
        Section("young_person", _("Record of the young person"), [
            model_record(person, include=("einrichtung__name",))
        ]),
        section("parents", _("Parents"), person.eltern.order_by("pk")),
        section("children", _("Children"), person.kinder.order_by("pk")),
        section("consents", _("Consents"), person.einwilligungen.order_by("erteilt_am", "pk")),
        section("requests", _("Requests for a mentor"), person.anfragen.order_by("pk")),
        section(
            "help_plan", _("Help-plan conferences"),
            person.hilfeplangespraeche.order_by("datum", "pk"), exclude=("teilnehmende",),
        ),
    ]  # fmt: skip


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    """The help-plan conferences, a family's parents and further children and every stored
    version of the record go; the record itself
    stays without any personal field (matches, consents and requests hang off it and are counted
    in the reports); the consents stay as proof that the processing was lawful (GDPR Art. 7(1))
    until the record goes by the schedule."""
    if subject.kind != Kind.JUGENDLICHE:
        return []
    conferences = Hilfeplangespraech.objects.filter(jugendliche_id=subject.pk)
    versions = Fassung.objects.filter(jugendliche_id=subject.pk)
    members = (
        Elternteil.objects.filter(familie_id=subject.pk),
        Kindmodell.objects.filter(familie_id=subject.pk),
    )
    requests = Anfrage.objects.filter(jugendliche_id=subject.pk)
    consents = Einwilligung.objects.filter(jugendliche_id=subject.pk).count()
    if execute:
        deleted = versions.delete()[0] + conferences.delete()[0]
        deleted += sum(qs.delete()[0] for qs in members)
        requests.update(bemerkung="")
        Jugendliche.objects.filter(pk=subject.pk).update(**_ANONYMOUS)
    else:
        deleted = versions.count() + conferences.count() + sum(qs.count() for qs in members)
    until = str(
        _("%(months)s months after leaving care and the end of the last match "
          "(WB_RETENTION_YOUNG_PEOPLE_MONTHS)")
    ) % {"months": settings.WB_RETENTION_YOUNG_PEOPLE_MONTHS}  # fmt: skip
    return [
        Step(_("Help-plan conferences, parents and children, earlier versions of the record"),
             Action.DELETE,
             deleted),
        Step(_("Record of the young person and the notes of the requests"), Action.ANONYMISE,
             1 + requests.count()),
        Step(_("Consents"), Action.KEEP, consents,
             _("GDPR Art. 7(1): the association must be able to show the consents it relied on"),
             until),
    ]  # fmt: skip


_ANONYMOUS = {
    "vorname": "—", "nachname": "", "sprachen": "", "interessen": "", "wuensche": "",
    "jugendamt": "",
}  # fmt: skip
