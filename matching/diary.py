"""The mentor's diary in the portal, one page at a time (issue 13: a page costs the same with
twenty entries or five thousand).

Newest first; a page is the entries before a cursor (the date and id of the last entry shown), so
"show older" reaches every entry and an entry written meanwhile never shifts a page. The cursor
belongs to one match; the mentor's other matches show their newest page. Every query is scoped to
the mentor's own matches: a cursor never reaches into someone else's diary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from matching.lists import begleitungen_of_mentor
from matching.models import Begleitung, Treffen
from wegbegleitung.models import User

PAGE_SIZE = 20


@dataclass(frozen=True)
class Cursor:
    """Where a page of one match's diary starts: the entries older than (datum, pk)."""

    begleitung_id: int
    datum: date
    pk: int

    def as_param(self) -> str:
        return f"{self.begleitung_id}.{self.datum.isoformat()}.{self.pk}"

    @classmethod
    def parse(cls, value: str | None) -> Cursor | None:
        """The cursor of a "show older" link; anything malformed means the newest page."""
        try:
            begleitung_id, day, pk = (value or "").split(".")
            return cls(int(begleitung_id), date.fromisoformat(day), int(pk))
        except ValueError:
            return None


def _older_than(cursor: Cursor) -> Q:
    return Q(datum__lt=cursor.datum) | Q(datum=cursor.datum, pk__lt=cursor.pk)


def diary_prefetch(cursor: Cursor | None) -> Prefetch[str, QuerySet[Treffen], str]:
    """One query for one page of each match's diary (one entry more: is there an older one?)."""
    rows = Treffen.objects.order_by("-datum", "-id")
    if cursor is not None:
        rows = rows.filter(~Q(begleitung_id=cursor.begleitung_id) | _older_than(cursor))
    return Prefetch("treffen", queryset=rows[: PAGE_SIZE + 1], to_attr="diary_rows")


def diary_counts(begleitungen: list[Begleitung]) -> dict[int, int]:
    """How many entries each match's diary has, in one query."""
    counts = (
        Treffen.objects.filter(begleitung__in=[b.pk for b in begleitungen])
        .values("begleitung")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["begleitung"]: row["n"] for row in counts}


@dataclass(frozen=True)
class DiaryPage:
    entries: list[Treffen]
    total: int
    older: Cursor | None  # the cursor of the next older page, if there is one
    paged: bool  # this is not the newest page (offer the way back)


def diary_page(begleitung: Begleitung, *, total: int, cursor: Cursor | None) -> DiaryPage:
    rows: list[Treffen] = getattr(begleitung, "diary_rows", [])
    entries = rows[:PAGE_SIZE]
    older = None
    if len(rows) > PAGE_SIZE:
        last = entries[-1]
        older = Cursor(begleitung.pk, last.datum, last.pk)
    paged = cursor is not None and cursor.begleitung_id == begleitung.pk
    return DiaryPage(entries=entries, total=total, older=older, paged=paged)


def mentor_matches(*, user: User, cursor: Cursor | None) -> list[Begleitung]:
    """The volunteer's own open matches (newest first) with one page of each diary."""
    return begleitungen_of_mentor(user=user, diary=diary_prefetch(cursor))
