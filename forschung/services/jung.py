"""The young person's own access: the invitation, and the consents they hold themselves.

Rules (issue 12 §4, docs/study.md "The young person's own access"):
- from the age of own consent of the region's country (``einrichtungen.einwilligungen``),
  facility staff (their facility, until the move-out) or a coordinator (her regions) invite the
  young person by email; the link is a staff-style invitation (single use, expiring, role
  ``Jugendliche``), and the account is tied to the young person's record here (``Jugendzugang``);
- one working account per young person: a new invitation is refused while one is open or used
  by an active account;
- the young person gives and revokes the consents they hold themselves: "the young person" from
  the age of own consent, "the young adult" from 18; a revocation runs the same hooks as one
  recorded by staff (the study withdraws open waves at once).
Audit events name the records, never answers or notes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from einrichtungen import consent_hooks
from einrichtungen import einwilligungen as rules
from einrichtungen.models import Einwilligung, Jugendliche
from einrichtungen.permissions import can_edit_jugendliche
from forschung import selectors
from forschung.models import Jugendzugang
from wegbegleitung.models import User
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.invitations import einladung_create

Inhaber = Einwilligung.Inhaber


def can_invite_jugendliche(user: User, jugendliche: Jugendliche) -> bool:
    """The region's coordinators, and the facility's staff until the move-out."""
    return can_edit_jugendliche(user, jugendliche)


def old_enough(jugendliche: Jugendliche) -> bool:
    return jugendliche.alter(timezone.localdate()) >= rules.consent_age_of(jugendliche)


@transaction.atomic
def jugendliche_einladen(
    *, acting_user: User, jugendliche: Jugendliche, email: str
) -> Jugendzugang:
    jugendliche = (
        Jugendliche.objects.select_for_update(of=("self",))
        .select_related("einrichtung__region")
        .get(pk=jugendliche.pk)
    )
    if not can_invite_jugendliche(acting_user, jugendliche):
        raise PermissionDenied
    if not old_enough(jugendliche):
        raise ValidationError(
            _("Young people can be invited from the age of own consent (%(age)s here).")
            % {"age": rules.consent_age_of(jugendliche)}
        )
    for zugang in selectors.zugaenge_of(jugendliche.pk):
        einladung = zugang.einladung
        if einladung.accepted_at is None and einladung.is_open:
            raise ValidationError(_("An invitation has been sent and is still valid."))
        if einladung.accepted_by is not None and einladung.accepted_by.is_active:
            raise ValidationError(_("This young person already has their own access."))
    einladung = einladung_create(
        acting_user=acting_user,
        email=email,
        role=Role.JUGENDLICHE,
        region=jugendliche.einrichtung.region,
        einrichtung=jugendliche.einrichtung,
    )
    zugang = Jugendzugang.objects.create(jugendliche=jugendliche, einladung=einladung)
    audit_log(actor=acting_user, action="jugendzugang.create", obj=zugang,
              details={"jugendliche": jugendliche.pk})  # fmt: skip
    return zugang


def own_holder(jugendliche: Jugendliche) -> str | None:
    """As whom the young person consents today: young adult from 18, young person from the
    age of own consent, nobody below."""
    today = timezone.localdate()
    if rules.holder_allowed(jugendliche, Inhaber.VOLLJAEHRIGE, today):
        return Inhaber.VOLLJAEHRIGE
    if rules.holder_allowed(jugendliche, Inhaber.JUGENDLICHE, today):
        return Inhaber.JUGENDLICHE
    return None


def _own_record(acting_user: User) -> Jugendliche:
    jugendliche = selectors.jugendliche_of(acting_user)
    if jugendliche is None:
        raise PermissionDenied
    return (
        Jugendliche.objects.select_for_update(of=("self",))
        .select_related("einrichtung__region")
        .get(pk=jugendliche.pk)
    )


@transaction.atomic
def eigene_einwilligung_geben(*, acting_user: User, bereich: str) -> Einwilligung:
    jugendliche = _own_record(acting_user)
    if bereich not in Einwilligung.Bereich.values:
        raise ValidationError(_("Please choose one of the offered answers for each question."))
    holder = own_holder(jugendliche)
    if holder is None:
        raise ValidationError(pgettext("du", "At your age the person with custody decides this."))
    if Einwilligung.objects.filter(jugendliche=jugendliche, bereich=bereich,
                                   inhaber__in=rules.OWN, widerrufen_am__isnull=True).exists():  # fmt: skip
        raise ValidationError(pgettext("du", "You have already agreed to this."))
    einwilligung = Einwilligung.objects.create(
        jugendliche=jugendliche, bereich=bereich, inhaber=holder,
        erteilt_am=timezone.localdate(), created_by=acting_user,
    )  # fmt: skip
    audit_log(actor=acting_user, action="einwilligung.create", obj=einwilligung,
              details={"jugendliche": jugendliche.pk, "bereich": bereich, "inhaber": holder,
                       "via": "jugendzugang"})  # fmt: skip
    return einwilligung


@transaction.atomic
def eigene_einwilligung_widerrufen(*, acting_user: User, einwilligung_id: int) -> Einwilligung:
    jugendliche = _own_record(acting_user)
    einwilligung = (
        Einwilligung.objects.select_for_update(of=("self",))
        .select_related("jugendliche__einrichtung__region")
        .filter(pk=einwilligung_id, jugendliche=jugendliche, inhaber__in=rules.OWN)
        .first()
    )
    if einwilligung is None:
        raise PermissionDenied  # not theirs, or held by the person with custody
    if einwilligung.widerrufen_am is not None:
        raise ValidationError(_("This consent has already been revoked."))
    einwilligung.widerrufen_am = timezone.now()
    einwilligung.save(update_fields=["widerrufen_am"])
    audit_log(actor=acting_user, action="einwilligung.revoke", obj=einwilligung,
              details={"jugendliche": jugendliche.pk, "bereich": einwilligung.bereich,
                       "via": "jugendzugang"})  # fmt: skip
    consent_hooks.revoked(acting_user=acting_user, einwilligung=einwilligung)
    return einwilligung
