"""The kinds of notification, in one registry.

A kind has a mail template (``mail/<template>_subject.txt``, ``.txt``, ``.html``), a title for the
inbox and, if it is a periodic reminder, a selector ``due(day) -> Iterable[Due]`` that answers
"what is due on ``day``" for everyone at once (a bounded number of queries, never one per person).
Other apps plug their kinds in from ``AppConfig.ready()`` with ``register`` or, for the kinds
registered here but waiting for their data, with ``attach_selector``.

Safeguarding-critical kinds (``critical``) are always mailed: users cannot switch them off.

A logged row keeps references only (recipient, subject, period key and small ids in ``context``),
never a person's facts: a kind with a ``render`` function builds what its mail and inbox line say
from the current records when they are shown (``context_for``), so deleting a record (e.g. the
data of a criminal-record certificate, § 72a(5) SGB VIII) leaves no copy in the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from wegbegleitung.models import Benachrichtigung


class Audience:
    VOLUNTEER = "wegbegleitung"
    COORDINATION = "koordination"
    CHILD_PROTECTION = "kinderschutz"


@dataclass(frozen=True)
class Due:
    """One notice that is due: to whom, about what, for which period, with what to say."""

    recipient_id: int
    subject_type: str
    subject_id: int
    period: str
    region_id: int | None = None
    context: dict[str, Any] = field(default_factory=dict)


Selector = Callable[[date], Iterable[Due]]
# rows of one kind -> row id -> what the mail and the inbox line say; a row whose record is gone
# is left out (there is nothing left to say about it)
Renderer = Callable[[Sequence["Benachrichtigung"]], dict[int, dict[str, Any]]]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    title: str | Promise  # the inbox line, formatted with the row's context
    template: str
    audience: str
    critical: bool = False
    due: Selector | None = None
    # registered, but its data (e.g. matches) does not exist yet: no selector attached
    waiting_for: str = ""
    render: Renderer | None = None
    # False: the inbox line needs only the stored references (rendering is costly, e.g. a digest)
    render_in_inbox: bool = True

    @property
    def periodic(self) -> bool:
        return self.due is not None

    def title_for(self, context: dict[str, Any]) -> str:
        try:
            return str(self.title) % context
        except (KeyError, TypeError, ValueError):
            return str(self.label)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def attach_selector(key: str, due: Selector, **changes: Any) -> None:
    """Give a waiting kind its selector (the matching app does so for its kinds); ``changes``
    may give it its own ``template``, ``title`` or ``audience``."""
    KINDS[key] = replace(KINDS[key], due=due, waiting_for="", **changes)


def attach_renderer(key: str, render: Renderer, *, in_inbox: bool = True) -> None:
    """Render a kind registered elsewhere (e.g. an event kind) from the current records."""
    KINDS[key] = replace(KINDS[key], render=render, render_in_inbox=in_inbox)


class NoticeGone(LookupError):
    """The record a notice is about no longer exists: there is nothing left to say."""


def contexts_for(
    kind: Kind, rows: Sequence[Benachrichtigung], *, inbox: bool = False
) -> dict[int, dict[str, Any]]:
    """What each row says now: its stored references plus the rendered text (rows whose record
    is gone are left out when the kind renders)."""
    if kind.render is None or (inbox and not kind.render_in_inbox):
        return {row.pk: dict(row.context) for row in rows}
    rendered = kind.render(rows)
    return {row.pk: {**row.context, **rendered[row.pk]} for row in rows if row.pk in rendered}


def context_for(row: Benachrichtigung) -> dict[str, Any]:
    """What one row says now; ``NoticeGone`` when its record was deleted."""
    contexts = contexts_for(get(row.kind), [row])
    if row.pk not in contexts:
        raise NoticeGone(f"{row.subject_type} {row.subject_id} no longer exists")
    return contexts[row.pk]


def get(key: str) -> Kind:
    return KINDS[key]


def periodic_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.due is not None]


def switchable_kinds(audiences: Iterable[str]) -> list[Kind]:
    wanted = set(audiences)
    return [k for k in KINDS.values() if not k.critical and k.audience in wanted]
