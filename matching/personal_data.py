"""What the matching app holds about a volunteer or a young person (``wegbegleitung.personal_data``):
the matches, the meeting-up and agreement, the diary, the coordinators' support contacts and the
closure. The other party of a match is not named (their data is theirs); what the young person
or the facility said at the closure is left out of the volunteer's download and the volunteer's
part out of the young person's."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from matching.models import Abschluss, Begleitung, Treffen, Unterstuetzungskontakt, Vereinbarung
from wegbegleitung.erasure import Action, Step
from wegbegleitung.personal_data import Kind, Section, Subject, section

_MATCH_INTERNAL = ("resume_status", "slot", "score", "score_parts", "ending_from")


def _matches(subject: Subject) -> Q:
    if subject.kind == Kind.WEGBEGLEITER:
        return Q(wegbegleiter_id=subject.pk)
    return Q(jugendliche_id=subject.pk)


def collect(subject: Subject) -> list[Section]:
    if subject.kind == Kind.NUTZER:
        return []  # staff and coordinators are no side of a match
    mine = _matches(subject)
    matches = list(Begleitung.objects.filter(mine).order_by("proposed_at", "pk"))
    ids = [m.pk for m in matches]
    other_side = (
        ("gespraech_jugendliche", "gespraech_einrichtung")
        if subject.kind == Kind.WEGBEGLEITER
        else ("gespraech_wegbegleiter",)
    )
    sections = [
        section("matches", _("Matches"), matches, exclude=_MATCH_INTERNAL),
        section(
            "agreements", _("Agreements"),
            Vereinbarung.objects.filter(begleitung_id__in=ids).order_by("pk"),
            exclude=("kontakt", "pdf", "pdf_confirmations"),
        ),
        section(
            "diary", _("Diary of the meetings"),
            Treffen.objects.filter(begleitung_id__in=ids).order_by("datum", "pk"),
        ),
        section(
            "support_contacts", _("Support contacts of the coordination"),
            Unterstuetzungskontakt.objects.filter(begleitung_id__in=ids).order_by("datum", "pk"),
        ),
        section(
            "closures", _("Closures"),
            Abschluss.objects.filter(begleitung_id__in=ids).order_by("pk"), exclude=other_side,
        ),
    ]  # fmt: skip
    if subject.kind == Kind.WEGBEGLEITER:
        return sections
    from matching.models import Wunsch

    wishes = Wunsch.objects.filter(jugendliche_id=subject.pk)
    return [*sections, section("wishes", _("Wishes for a mentor"), wishes)]


def _match_until() -> str:
    return str(_("%(months)s months after the match was closed (WB_RETENTION_MATCH_MONTHS)")) % {
        "months": settings.WB_RETENTION_MATCH_MONTHS
    }


_MATCH_REASON = _(
    "The match is also the other person's record, and the association must be able to show "
    "how a child's mentoring was agreed, accompanied and ended (§ 72a and § 8a SGB VIII, GDPR "
    "Art. 17(3)(e)); the agreement names who confirmed it"
)


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    """Capacity and discarded suggestions (volunteer) or the wishes (young person) go; the
    matches, their agreement, diary, contacts and closure stay until the closed-match deadline
    (``wegbegleitung.retention``: WB_RETENTION_MATCH_MONTHS)."""
    from matching.models import Kapazitaet, VorschlagVerworfen, Wunsch

    if subject.kind == Kind.NUTZER:
        return []
    if subject.kind == Kind.WEGBEGLEITER:
        own = [Kapazitaet.objects.filter(wegbegleiter_id=subject.pk),
               VorschlagVerworfen.objects.filter(wegbegleiter_id=subject.pk)]  # fmt: skip
        label = _("Capacity and discarded suggestions")
    else:
        _refuse_while_open(subject, execute=execute)
        own = [Wunsch.objects.filter(jugendliche_id=subject.pk)]
        label = _("Wishes for a mentor")
    deleted = sum(qs.delete()[0] if execute else qs.count() for qs in own)
    kept = Begleitung.objects.filter(_matches(subject)).count()
    return [
        Step(label, Action.DELETE, deleted),
        Step(_("Matches with agreement, diary, support contacts and closure"), Action.KEEP,
             kept, _MATCH_REASON, _match_until()),
    ]  # fmt: skip


def _refuse_while_open(subject: Subject, *, execute: bool) -> None:
    """A young person's record is not erased under a match that is still open."""
    closed = (Begleitung.Status.BEENDET, Begleitung.Status.ABGELEHNT)
    open_ = Begleitung.objects.filter(jugendliche_id=subject.pk).exclude(status__in=closed)
    if execute and open_.exists():
        raise ValidationError(
            gettext("A match of this young person is still open: end it first (with a "
                    "farewell), then erase the record.")
        )  # fmt: skip
