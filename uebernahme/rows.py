"""The outcome of one row of an import, shared by every kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from uebernahme.reading import Row

CREATE = "create"
SKIP = "skip"
REFUSE = "refuse"


class Refused(Exception):
    """A row that cannot be imported; the message is the German reason shown and downloaded."""


@dataclass
class RowResult:
    line: int  # the line in the file (the header is line 1)
    values: Row
    outcome: str = CREATE
    summary: str = ""  # what will be created, in words
    notes: list[str] = field(default_factory=list)
    plan: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return self.summary if self.outcome == REFUSE else ""


def cell(row: Row, column: str) -> str:
    return (row.get(column) or "").strip()


def required(row: Row, column: str) -> str:
    value = cell(row, column)
    if not value:
        raise Refused(_("The column “%(column)s” is empty.") % {"column": column})
    return value


def whole_number(row: Row, column: str, low: int, high: int) -> int:
    value = required(row, column)
    if not value.isdigit() or not low <= int(value) <= high:
        raise Refused(
            _("“%(column)s” must be a number from %(low)d to %(high)d.")
            % {"column": column, "low": low, "high": high}
        )
    return int(value)


def german_date(row: Row, column: str) -> date:
    value = required(row, column)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise Refused(_("“%(column)s” is not a date like 31.12.2025.") % {"column": column})


def messages_of(error: ValidationError) -> str:
    """A service's refusal as one sentence per problem."""
    return " ".join(str(m) for m in error.messages)
