"""The due lists of "Was fällig ist" (``BegleitungAdmin.uebersicht_view``) as export sources.

Each list is read from the same selector as the page (``uebersicht.uebersicht_for``), so the
download shows exactly the rows the coordinator sees there, for her regions only. Registered in
``MatchingConfig.ready``; the page renders the buttons with ``exports/_links.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import schedule
from matching.models import Partei
from matching.uebersicht import Uebersicht, uebersicht_for
from wegbegleitung.exports.registry import Tabelle, register_source
from wegbegleitung.models import User
from wegbegleitung.permissions import has_perm, is_coordinator


def may_see_due_lists(user: User) -> bool:
    """Who opens "Was fällig ist": coordinators and leads with the matches' view permission."""
    return is_coordinator(user) and user.is_staff and has_perm(user, "matching.view_begleitung")


def _ending(u: Uebersicht) -> tuple[list[str], Sequence[Sequence[Any]]]:
    columns = [_("Match"), _("Mentor asked to leave on")]
    return columns, [[str(b), b.status_since] for b in u.ende_angefragt]


def _due(u: Uebersicht) -> tuple[list[str], Sequence[Sequence[Any]]]:
    columns = [
        _("Match"), _("Support contact due"), _("Support contact overdue"),
        _("Review due"), _("Review overdue"),
    ]  # fmt: skip
    rows = [
        [str(f.begleitung), f.kontakt_due, f.kontakt_overdue, f.review_due, f.review_overdue]
        for f in u.faellig
    ]
    return columns, rows


def _silent(u: Uebersicht) -> tuple[list[str], Sequence[Sequence[Any]]]:
    columns = [_("Match"), _("Last meeting or start")]
    return columns, [[str(b), schedule.last_sign_of_life(b)] for b in u.ohne_tagebuch]


def _waiting(u: Uebersicht) -> tuple[list[str], Sequence[Sequence[Any]]]:
    labels = dict(Partei.choices)
    columns = [_("Agreement"), _("Confirmations missing"), _("Missing from")]
    rows = [
        [str(v), len(missing), ", ".join(str(labels[p]) for p in missing)]
        for v, missing in u.vereinbarungen
    ]
    return columns, rows


def _supervision(u: Uebersicht) -> tuple[list[str], Sequence[Sequence[Any]]]:
    return [_("Mentor")], [[str(w)] for w in u.supervision]


DUE_LISTS: dict[str, tuple[Any, Callable[[Uebersicht], Any]]] = {
    "faellig-ende": (gettext_lazy("Ending requested: plan the farewell"), _ending),
    "faellig-kontakte": (gettext_lazy("Support contacts and reviews due"), _due),
    "faellig-ohne-tagebuch": (gettext_lazy("No diary entry for a while"), _silent),
    "faellig-vereinbarungen": (gettext_lazy("Agreements waiting for confirmations"), _waiting),
    "faellig-supervision": (gettext_lazy("Supervision due"), _supervision),
}


def _builder(label: Any, pick: Callable[[Uebersicht], Any]) -> Any:
    def build(user: User, params: QueryDict) -> Tabelle:
        columns, rows = pick(uebersicht_for(user=user))
        return Tabelle(title=str(label), columns=columns, rows=rows, count=len(rows))

    return build


def register() -> None:
    for name, (label, pick) in DUE_LISTS.items():
        register_source(
            f"matching.{name}", label=label, build=_builder(label, pick), allowed=may_see_due_lists
        )
