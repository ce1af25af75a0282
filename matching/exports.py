"""The due lists of "Was fällig ist" (``BegleitungAdmin.uebersicht_view``) as export sources.

Each list is read from the same selector as the page (``uebersicht.uebersicht_for``), so the
download shows exactly the rows the coordinator sees there, for her regions only. Registered in
``MatchingConfig.ready``; the page renders the buttons with ``exports/_links.html``.

Every row about a match carries the match's programme; ``?programm=<id>`` keeps only that
programme's matches (the supervision list, about volunteers, is not narrowed).
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
from programme.models import Programm
from programme.selectors import PARAMETER, chosen, programme_list
from wegbegleitung.exports.registry import Tabelle, register_source
from wegbegleitung.models import User
from wegbegleitung.permissions import has_perm, is_coordinator


def may_see_due_lists(user: User) -> bool:
    """Who opens "Was fällig ist": coordinators and leads with the matches' view permission."""
    return is_coordinator(user) and user.is_staff and has_perm(user, "matching.view_begleitung")


class _Programmes:
    """The programmes' names (one query) and the one the download is narrowed to, if any."""

    def __init__(self, params: QueryDict) -> None:
        programmes = programme_list()
        self.names = {p.pk: p.name for p in programmes}
        self.only: Programm | None = chosen(programmes, params.get(PARAMETER))

    def keeps(self, programm_id: int | None) -> bool:
        return self.only is None or programm_id == self.only.pk

    def name(self, programm_id: int | None) -> str:
        return self.names.get(programm_id or 0, "")


Picked = tuple[list[str], Sequence[Sequence[Any]]]


def _ending(u: Uebersicht, p: _Programmes) -> Picked:
    columns = [_("Match"), _("Mentor asked to leave on"), _("Programme")]
    rows = [
        [str(b), b.status_since, p.name(b.programm_id)]
        for b in u.ende_angefragt
        if p.keeps(b.programm_id)
    ]
    return columns, rows


def _due(u: Uebersicht, p: _Programmes) -> Picked:
    columns = [
        _("Match"), _("Support contact due"), _("Support contact overdue"),
        _("Review due"), _("Review overdue"), _("Programme"),
    ]  # fmt: skip
    rows = [
        [str(f.begleitung), f.kontakt_due, f.kontakt_overdue, f.review_due, f.review_overdue,
         p.name(f.begleitung.programm_id)]
        for f in u.faellig
        if p.keeps(f.begleitung.programm_id)
    ]  # fmt: skip
    return columns, rows


def _silent(u: Uebersicht, p: _Programmes) -> Picked:
    columns = [_("Match"), _("Last meeting or start"), _("Programme")]
    rows = [
        [str(b), schedule.last_sign_of_life(b), p.name(b.programm_id)]
        for b in u.ohne_tagebuch
        if p.keeps(b.programm_id)
    ]
    return columns, rows


def _waiting(u: Uebersicht, p: _Programmes) -> Picked:
    labels = dict(Partei.choices)
    columns = [_("Agreement"), _("Confirmations missing"), _("Missing from"), _("Programme")]
    rows = [
        [str(v), len(missing), ", ".join(str(labels[m]) for m in missing),
         p.name(v.begleitung.programm_id)]
        for v, missing in u.vereinbarungen
        if p.keeps(v.begleitung.programm_id)
    ]  # fmt: skip
    return columns, rows


def _supervision(u: Uebersicht, p: _Programmes) -> Picked:
    return [_("Mentor")], [[str(w)] for w in u.supervision]


DUE_LISTS: dict[str, tuple[Any, Callable[[Uebersicht, _Programmes], Picked]]] = {
    "faellig-ende": (gettext_lazy("Ending requested: plan the farewell"), _ending),
    "faellig-kontakte": (gettext_lazy("Support contacts and reviews due"), _due),
    "faellig-ohne-tagebuch": (gettext_lazy("No diary entry for a while"), _silent),
    "faellig-vereinbarungen": (gettext_lazy("Agreements waiting for confirmations"), _waiting),
    "faellig-supervision": (gettext_lazy("Supervision due"), _supervision),
}


def _builder(label: Any, pick: Callable[[Uebersicht, _Programmes], Picked]) -> Any:
    def build(user: User, params: QueryDict) -> Tabelle:
        columns, rows = pick(uebersicht_for(user=user), _Programmes(params))
        return Tabelle(title=str(label), columns=columns, rows=rows, count=len(rows))

    return build


def register() -> None:
    for name, (label, pick) in DUE_LISTS.items():
        register_source(
            f"matching.{name}", label=label, build=_builder(label, pick), allowed=may_see_due_lists
        )
