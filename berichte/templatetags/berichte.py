"""Formatting of report cells: German numbers, German dates, a dash for "nothing to count"."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.formats import number_format

from berichte.permissions import may_see_reports

register = template.Library()


@register.filter
def zelle(value: Any) -> str:
    if value is None:
        return "–"  # nothing to count (an empty share, a median of nobody)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return str(number_format(value, 1))
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


@register.filter(name="may_see_reports")
def may_see_reports_filter(user: Any) -> bool:
    """For the links to the reports (the workspace's pages): only those who may open them."""
    return may_see_reports(user)
