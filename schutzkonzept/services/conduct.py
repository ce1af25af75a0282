"""The code of conduct (Verhaltenskodex / Selbstverpflichtungserklärung).

Rules (DOMAIN.md "Safeguarding"):
- the text is versioned; a published version never changes, because people signed it;
- the current version is the published one with the highest number; versions are published in
  order;
- a volunteer signs the current version with their typed full name and a confirmation; who,
  when and which version are stored, with a PDF of exactly what was signed (made after commit);
- a new version asks every active volunteer to sign again (mail after commit, through the
  notification log); until they do, they are not cleared (schutzkonzept.clearance).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from schutzkonzept.models import Unterzeichnung, Verhaltenskodex
from schutzkonzept.pdf import render_pdf, store_private
from schutzkonzept.permissions import can_manage_code_of_conduct
from wegbegleitung import outbox
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_log
from wegbegleitung.validation import DOCUMENT_MAX, check_text

# Volunteers who are not (or no longer) on the way to a match are not asked to sign again.
INACTIVE_STATUSES = [
    Wegbegleiter.Status.INTERESSENT,
    Wegbegleiter.Status.BEWORBEN,
    Wegbegleiter.Status.ZURUECKGESTELLT,
    Wegbegleiter.Status.ABGELEHNT,
    Wegbegleiter.Status.AUSGESCHIEDEN,
]


def current_verhaltenskodex() -> Verhaltenskodex | None:
    return Verhaltenskodex.objects.filter(published_at__isnull=False).order_by("-version").first()


def _check_may_manage(acting_user: User) -> None:
    if not can_manage_code_of_conduct(acting_user):
        raise PermissionDenied(_("You may not maintain the code of conduct."))


def _check_kodex_text(title: str, text: str) -> None:
    check_text(title, max_length=200, field="title")
    check_text(text, max_length=DOCUMENT_MAX, field="text")


@transaction.atomic
def verhaltenskodex_create(*, acting_user: User, title: str, text: str) -> Verhaltenskodex:
    """A new draft version, numbered after every existing one."""
    _check_may_manage(acting_user)
    _check_kodex_text(title, text)
    highest = Verhaltenskodex.objects.aggregate(v=Max("version"))["v"] or 0
    kodex = Verhaltenskodex.objects.create(
        version=highest + 1, title=title.strip(), text=text.strip(), created_by=acting_user
    )
    audit_log(actor=acting_user, action="verhaltenskodex.create", obj=kodex)
    return kodex


@transaction.atomic
def verhaltenskodex_update(
    *, acting_user: User, kodex: Verhaltenskodex, title: str, text: str
) -> Verhaltenskodex:
    _check_may_manage(acting_user)
    kodex = Verhaltenskodex.objects.select_for_update().get(pk=kodex.pk)
    if kodex.published_at is not None:
        raise ValidationError(
            _(
                "A published version cannot be changed, because people signed it. "
                "Create a new version instead."
            )
        )
    _check_kodex_text(title, text)
    kodex.title, kodex.text = title.strip(), text.strip()
    kodex.save(update_fields=["title", "text"])
    audit_log(actor=acting_user, action="verhaltenskodex.update", obj=kodex)
    return kodex


@transaction.atomic
def verhaltenskodex_publish(*, acting_user: User, kodex: Verhaltenskodex) -> Verhaltenskodex:
    _check_may_manage(acting_user)
    kodex = Verhaltenskodex.objects.select_for_update().get(pk=kodex.pk)
    if kodex.published_at is not None:
        raise ValidationError(_("This version has already been published."))
    current = current_verhaltenskodex()
    if current is not None and current.version > kodex.version:
        raise ValidationError(
            _("A later version (%(version)s) is already published.") % {"version": current.version}
        )
    kodex.published_at = timezone.now()
    kodex.save(update_fields=["published_at"])
    audit_log(actor=acting_user, action="verhaltenskodex.publish", obj=kodex)
    from schutzkonzept.tasks import ask_volunteers_to_sign

    outbox.enqueue(ask_volunteers_to_sign, kodex.pk)
    return kodex


def _normalise(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name).strip().casefold()


@transaction.atomic
def verhaltenskodex_sign(
    *,
    acting_user: User,
    wegbegleiter: Wegbegleiter,
    kodex: Verhaltenskodex,
    typed_name: str,
    confirmed: bool,
) -> Unterzeichnung:
    if wegbegleiter.user_id != acting_user.pk:
        raise PermissionDenied(_("Only the volunteer can sign for themselves."))
    current = current_verhaltenskodex()
    if current is None or current.pk != kodex.pk:
        raise ValidationError(
            _("This is not the current version of the code of conduct. Please reload the page.")
        )
    _validate_signature(acting_user, typed_name, confirmed)
    if Unterzeichnung.objects.filter(wegbegleiter=wegbegleiter, verhaltenskodex=kodex).exists():
        raise ValidationError(_("You have already signed this version."))
    try:
        with transaction.atomic():
            unterzeichnung = Unterzeichnung.objects.create(
                wegbegleiter=wegbegleiter, verhaltenskodex=kodex, typed_name=typed_name.strip()
            )
    except IntegrityError as exc:  # a double click won the race
        raise ValidationError(_("You have already signed this version.")) from exc
    audit_log(
        actor=acting_user,
        action="verhaltenskodex.sign",
        obj=unterzeichnung,
        details={"version": kodex.version},
    )
    from schutzkonzept.tasks import render_unterzeichnung

    outbox.enqueue(render_unterzeichnung, unterzeichnung.pk)
    return unterzeichnung


def _validate_signature(user: User, typed_name: str, confirmed: bool) -> None:
    errors: dict[str, str] = {}
    if not confirmed:
        errors["confirmed"] = _("Please confirm that you have read the code of conduct.")
    account_name = user.get_full_name()
    if len(_normalise(typed_name)) < 3:
        errors["typed_name"] = _("Please type your full name.")
    elif account_name and _normalise(typed_name) != _normalise(account_name):
        errors["typed_name"] = _("Please type your full name as in your account: %(name)s") % {
            "name": account_name
        }
    if errors:
        raise ValidationError(errors)


def unterzeichnung_render(*, unterzeichnung_id: int) -> bool:
    """Make the PDF of exactly what was signed, once."""
    with transaction.atomic():
        unterzeichnung = (
            Unterzeichnung.objects.select_for_update(of=("self",))
            .select_related("verhaltenskodex", "wegbegleiter__user", "wegbegleiter__region")
            .filter(pk=unterzeichnung_id)
            .first()
        )
        if unterzeichnung is None or unterzeichnung.pdf:
            return False
        content = render_pdf(
            "schutzkonzept/pdf/unterzeichnung.html",
            {
                "unterzeichnung": unterzeichnung,
                "kodex": unterzeichnung.verhaltenskodex,
                "person": unterzeichnung.wegbegleiter.user,
            },
        )
        unterzeichnung.pdf = store_private("unterzeichnung", content)
        unterzeichnung.save(update_fields=["pdf"])
        audit_log(actor=None, action="unterzeichnung.render", obj=unterzeichnung)
    return True


def volunteers_to_sign(kodex: Verhaltenskodex) -> QuerySet[Wegbegleiter]:
    """Active volunteers who have not signed ``kodex`` yet."""
    return (
        Wegbegleiter.objects.exclude(status__in=INACTIVE_STATUSES)
        .filter(user__is_active=True)
        .exclude(unterzeichnungen__verhaltenskodex=kodex)
        .select_related("user")
    )


def verhaltenskodex_send_request(*, kodex_id: int, wegbegleiter_id: int) -> bool:
    """Mail one volunteer to sign; skipped when they signed in the meantime."""
    kodex = Verhaltenskodex.objects.filter(pk=kodex_id, published_at__isnull=False).first()
    wegbegleiter = Wegbegleiter.objects.select_related("user").filter(pk=wegbegleiter_id).first()
    if kodex is None or wegbegleiter is None:
        return False
    if (
        kodex != current_verhaltenskodex()
        or not volunteers_to_sign(kodex).filter(pk=wegbegleiter.pk).exists()
    ):
        return False
    from schutzkonzept.notifications import conduct_due_for
    from wegbegleitung.notifications.delivery import notify

    # through the notification log: the daily reminder run asks for the same signature under
    # the same key, so the volunteer is asked once per version
    rows = [(wegbegleiter.pk, wegbegleiter.user_id, wegbegleiter.region_id)]
    notify("conduct_sign", conduct_due_for(kodex.version, rows))
    return True
