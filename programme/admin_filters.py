"""The programme in admin lists of requests and matches: a list filter and a column.

Both appear only while the association runs more than one programme; with one programme every
row would say the same. The programmes are read once per request (``programme.selectors``), and
the column's name comes from a join, so a list asks the database as often with any number of rows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from programme.selectors import PARAMETER, chosen, programme_for, several


class ProgrammFilter(admin.SimpleListFilter):
    """Rows of one programme; ``lookup`` is the path to the programme's id."""

    title = _("programme")
    parameter_name = PARAMETER
    lookup = "programm_id"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        programmes = programme_for(request)
        if not several(programmes):
            return []  # no filter shown: with one programme it has one choice
        return [(str(p.pk), p.name) for p in programmes]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        programm = chosen(programme_for(request), self.value())
        if programm is None:
            return queryset
        return queryset.filter(**{self.lookup: programm.pk})


class ProgrammColumnMixin:
    """Adds the column "programme" to ``list_display`` while there are several programmes.

    The admin's queryset must select the programme (``list_select_related`` or
    ``select_related("programm")``) so the column costs no query per row.
    """

    def get_list_display(self, request: HttpRequest) -> Any:
        shown = list(super().get_list_display(request))  # type: ignore[misc]
        if several(programme_for(request)):
            shown.append("programm")
        return shown
