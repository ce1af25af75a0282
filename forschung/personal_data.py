"""The study's data of a volunteer or a young person (``wegbegleitung.personal_data``): the
research consents (volunteers) and the waves of their side of each match with their answers."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forschung.models import Antwort, Forschungseinwilligung, Jugendzugang, Welle
from wegbegleitung.erasure import Action, Step
from wegbegleitung.models import Benachrichtigung
from wegbegleitung.personal_data import Kind, Record, Section, Subject, readable, section
from wegbegleitung.services.account import anonymise_user


def collect(subject: Subject) -> list[Section]:
    if subject.kind == Kind.NUTZER:
        return []  # staff and coordinators take no part in the study
    if subject.kind == Kind.WEGBEGLEITER:
        waves = Welle.objects.filter(
            begleitung__wegbegleiter_id=subject.pk, seite=Welle.Seite.MENTOR
        )
        consents = Forschungseinwilligung.objects.filter(wegbegleiter_id=subject.pk)
        first = [section("research_consents", _("Research consents"), consents.order_by("pk"))]
    else:
        waves = Welle.objects.filter(
            begleitung__jugendliche_id=subject.pk, seite=Welle.Seite.MENTEE
        )
        first = []
    waves = waves.order_by("faellig_am", "pk")
    answers = Antwort.objects.filter(welle__in=waves).select_related("item").order_by("welle", "pk")
    return [
        *first,
        section("waves", _("Study waves"), waves, exclude=("scores",)),
        Section("answers", _("Study answers"), [
            Record(((str(_("wave")), str(a.welle_id)), (str(_("item")), str(a.item)),
                    (str(_("answer")), readable(a.wert))))
            for a in answers
        ]),
    ]  # fmt: skip


def _own_access(subject: Subject, *, execute: bool) -> list[Step]:
    """A young person's own access: the account is anonymised as a volunteer's is, and the
    invitations that made it forget the address they were sent to."""
    zugaenge = Jugendzugang.objects.filter(jugendliche_id=subject.pk).select_related(
        "einladung__accepted_by"
    )
    rows = list(zugaenge)
    if execute:
        for zugang in rows:
            einladung = zugang.einladung
            if einladung.accepted_by is not None and einladung.accepted_by.is_active:
                Benachrichtigung.objects.filter(recipient=einladung.accepted_by).delete()
                anonymise_user(einladung.accepted_by)
            einladung.email = f"geloescht-{einladung.pk}@invalid.invalid"
            einladung.save(update_fields=["email"])
    return [Step(_("Own access (name, email address, login)"), Action.ANONYMISE, len(rows))]


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    """The study holds no names: its answers are pseudonymous and kept for the study per the
    research consent (GDPR Art. 17(3)(d), Art. 89); a revoked consent stops new waves. A young
    person's own access is anonymised."""
    if subject.kind == Kind.NUTZER:
        return []
    own = [] if subject.kind == Kind.WEGBEGLEITER else _own_access(subject, execute=execute)
    if subject.kind == Kind.WEGBEGLEITER:
        waves = Welle.objects.filter(
            begleitung__wegbegleiter_id=subject.pk, seite=Welle.Seite.MENTOR
        )
        consents = Forschungseinwilligung.objects.filter(wegbegleiter_id=subject.pk).count()
    else:
        waves = Welle.objects.filter(
            begleitung__jugendliche_id=subject.pk, seite=Welle.Seite.MENTEE
        )
        consents = 0
    reason = _(
        "Pseudonymous study answers given with research consent (GDPR Art. 17(3)(d), Art. 89); "
        "the consent itself proves the answers were given lawfully (GDPR Art. 7(1))"
    )
    until = str(_("%(months)s months after the last wave (WB_RETENTION_STUDY_MONTHS)")) % {
        "months": settings.WB_RETENTION_STUDY_MONTHS
    }
    return [*own, Step(_("Study waves, answers and research consents"), Action.KEEP,
                       waves.count() + consents, reason, until)]  # fmt: skip
