"""Research consent: the volunteer's own, and what a revocation of either side's stops.

Rules (issue 12 §3, docs/study.md):
- taking part in the study is a consent of its own, separate from taking part in the programme;
  the volunteer gives and revokes it in the portal; the young person's is an
  ``einrichtungen.Einwilligung`` of scope "research" (holders and ages as for every consent,
  from the region's country), with the scope "research after the match has ended" for follow-up;
- without consent in force no wave is offered or answered; a revocation stops collection at
  once: waves begun and not submitted are withdrawn and their saved answers deleted;
- submitted answers stay, but a person without consent in force is left out of every export
  made from then on (the export reads the consent when it runs);
- dropping the follow-up consent withdraws begun waves that fell due after the match closed.
Every change is an audit event naming the person's record, never an answer.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen import einwilligungen as rules
from einrichtungen.models import Einwilligung
from forschung.models import Antwort, Forschungseinwilligung, Welle
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def forschung_einwilligung_set(
    *, acting_user: User, wegbegleiter: Wegbegleiter, teilnahme: bool, folgebefragung: bool
) -> Forschungseinwilligung | None:
    """The volunteer's own choice: take part (and after the match or not), or stop."""
    wegbegleiter = Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)
    if wegbegleiter.user_id != acting_user.pk:
        raise PermissionDenied  # only the volunteer consents for themself
    current = (
        Forschungseinwilligung.objects.select_for_update()
        .filter(wegbegleiter=wegbegleiter, widerrufen_am__isnull=True)
        .first()
    )
    if not teilnahme:
        if current is None:
            raise ValidationError(_("You are not taking part in the study."))
        _revoke(acting_user, current)
        return None
    if current is None:
        return _give(acting_user, wegbegleiter, folgebefragung)
    if current.folgebefragung != folgebefragung:
        current.folgebefragung = folgebefragung
        current.save(update_fields=["folgebefragung"])
        audit_log(actor=acting_user, action="forschungseinwilligung.change", obj=current,
                  details={"wegbegleiter": wegbegleiter.pk, "folgebefragung": folgebefragung})  # fmt: skip
        if not folgebefragung:
            _withdraw(acting_user, _after_closure(_mentor_waves(wegbegleiter.pk)))
    return current


def _give(
    acting_user: User, wegbegleiter: Wegbegleiter, folgebefragung: bool
) -> Forschungseinwilligung:
    einwilligung = Forschungseinwilligung.objects.create(
        wegbegleiter=wegbegleiter, folgebefragung=folgebefragung
    )
    audit_log(actor=acting_user, action="forschungseinwilligung.create", obj=einwilligung,
              details={"wegbegleiter": wegbegleiter.pk, "folgebefragung": folgebefragung})  # fmt: skip
    return einwilligung


def _revoke(acting_user: User, einwilligung: Forschungseinwilligung) -> None:
    einwilligung.widerrufen_am = timezone.now()
    einwilligung.save(update_fields=["widerrufen_am"])
    withdrawn = _withdraw(acting_user, _mentor_waves(einwilligung.wegbegleiter_id))
    audit_log(actor=acting_user, action="forschungseinwilligung.revoke", obj=einwilligung,
              details={"wegbegleiter": einwilligung.wegbegleiter_id, "withdrawn": withdrawn})  # fmt: skip


def _mentor_waves(wegbegleiter_id: int) -> QuerySet[Welle]:
    return Welle.objects.filter(
        begleitung__wegbegleiter_id=wegbegleiter_id, seite=Welle.Seite.MENTOR
    )


def _mentee_waves(jugendliche_id: int) -> QuerySet[Welle]:
    return Welle.objects.filter(begleitung__jugendliche_id=jugendliche_id, seite=Welle.Seite.MENTEE)


def _after_closure(waves: QuerySet[Welle]) -> QuerySet[Welle]:
    closed = Q(begleitung__ended_on__isnull=False)
    return waves.filter(closed, faellig_am__gt=F("begleitung__ended_on"))


def _withdraw(acting_user: User | None, waves: QuerySet[Welle]) -> int:
    """Begun waves end now, and what was saved of them is deleted (never submitted)."""
    ids = list(
        waves.filter(status=Welle.Status.OFFEN).select_for_update().values_list("pk", flat=True)
    )
    if not ids:
        return 0
    Antwort.objects.filter(welle_id__in=ids).delete()
    Welle.objects.filter(pk__in=ids).update(status=Welle.Status.ZURUECKGEZOGEN, scores={})
    for pk in ids:
        audit_log(actor=acting_user, action="welle.withdraw", obj=None,
                  details={"welle": pk})  # fmt: skip
    return len(ids)


def jugendliche_consent_revoked(*, acting_user: User, einwilligung: Einwilligung) -> None:
    """Hook of ``einrichtungen.consent_hooks``: runs inside the revocation's transaction."""
    Bereich = Einwilligung.Bereich
    if einwilligung.bereich not in (Bereich.FORSCHUNG, Bereich.FORSCHUNG_FOLGE):
        return
    jugendliche = einwilligung.jugendliche
    consents = list(jugendliche.einwilligungen.all())
    today = timezone.localdate()
    if not rules.scope_granted(jugendliche, consents, Bereich.FORSCHUNG, today):
        _withdraw(acting_user, _mentee_waves(jugendliche.pk))
    elif not rules.scope_granted(jugendliche, consents, Bereich.FORSCHUNG_FOLGE, today):
        _withdraw(acting_user, _after_closure(_mentee_waves(jugendliche.pk)))


def mentee_consent(jugendliche_id: int, day: date) -> tuple[bool, bool]:
    """(research in force, follow-up in force) for a young person on ``day``: for the young
    person's own access (issue 12 §4), which builds on the same rules."""
    from einrichtungen.models import Jugendliche

    jugendliche = (
        Jugendliche.objects.select_related("einrichtung__region")
        .prefetch_related("einwilligungen")
        .get(pk=jugendliche_id)
    )
    consents = list(jugendliche.einwilligungen.all())
    Bereich = Einwilligung.Bereich
    return (
        rules.scope_granted(jugendliche, consents, Bereich.FORSCHUNG, day),
        rules.scope_granted(jugendliche, consents, Bereich.FORSCHUNG_FOLGE, day),
    )
