"""Each report table is an export source (``berichte.<table>``) of the exports registry.

``build(user, params)`` recomputes the table for the page's query (region, programme, von, bis)
with the page's own scoping: the user's regions, or the one asked for if it is among them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from berichte import tabellen
from berichte.forms import filter_form
from berichte.permissions import may_see_reports
from berichte.selectors import bericht_for, report_regions, scope_for
from berichte.typen import Bericht
from wegbegleitung.exports.registry import Tabelle, register_source

if TYPE_CHECKING:
    from django.http import QueryDict

    from wegbegleitung.models import User

LABELS = {
    "kennzahlen": _("Reports: key figures"),
    "monate": _("Reports: per month"),
    "abschluesse": _("Reports: closures by reason"),
    "abschlussarten": _("Reports: closures by kind"),
    "bewerbung": _("Reports: applicants per stage"),
}


def bericht_from_params(user: User, params: QueryDict) -> Bericht:
    form = filter_form(params, regions=report_regions(user))
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    region = form.cleaned_data["region"]
    return bericht_for(
        user=user,
        region_ids=scope_for(user, region.pk if region else None),
        von=form.cleaned_data["von"],
        bis=form.cleaned_data["bis"],
        programm=form.cleaned_data.get("programm"),
    )


def _builder(table: Callable[[Bericht], Tabelle]) -> Callable[[User, QueryDict], Tabelle]:
    def build(user: User, params: QueryDict) -> Tabelle:
        if not may_see_reports(user):
            raise PermissionDenied  # the export view answers 403
        return table(bericht_from_params(user, params))

    return build


def register() -> None:
    for name, table in tabellen.TABELLEN.items():
        register_source(
            f"berichte.{name}", label=LABELS[name], build=_builder(table), allowed=may_see_reports
        )
