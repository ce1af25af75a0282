"""Every admin changelist as an export source, scoped and filtered exactly like the list.

The source of a changelist rebuilds the admin's own ``ChangeList`` for the user and the query
string of the page (filters, search, ordering), so region scoping (``RegionScopedAdmin``), list
filters and search are the list's own code, not a copy. The columns are the ``list_display``
columns with their headers; a value is what the list shows (choice labels, related objects as
text, Ja/Nein), with dates and numbers kept native for the writers.

Sources are named ``admin.<app_label>.<model_name>`` and registered lazily, the first time the
registry is asked (the admin registers its classes in ``admin.autodiscover``, after our
``AppConfig.ready``); this works the same in the web process and in the Celery worker.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import label_for_field, lookup_field
from django.contrib.admin.views.main import ALL_VAR, ERROR_FLAG, PAGE_VAR
from django.db import models
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import capfirst

from wegbegleitung.exports.registry import Tabelle, register_source
from wegbegleitung.models import User

CHUNK_SIZE = 2000
# query keys of the changelist page that are not about which rows it lists
_PAGE_ONLY = {PAGE_VAR, ALL_VAR, ERROR_FLAG, IS_POPUP_VAR, TO_FIELD_VAR, "format"}
_SKIPPED_COLUMNS = {"action_checkbox"}


def source_name(opts: Any) -> str:
    return f"admin.{opts.app_label}.{opts.model_name}"


def register_admin_sources(site: admin.AdminSite | None = None) -> None:
    """One source per ModelAdmin of the site (called once, lazily, by the registry)."""
    site = site or admin.site
    for model, model_admin in site._registry.items():
        register_source(
            source_name(model._meta),
            label=model._meta.verbose_name_plural or model.__name__,
            build=_builder(model_admin),
            allowed=_checker(model_admin),
        )


def changelist_request(model_admin: Any, user: User, params: QueryDict) -> HttpRequest:
    """A GET request for the changelist as ``user`` with the list's own query parameters."""
    request = HttpRequest()
    request.method = "GET"
    request.user = user
    opts = model_admin.model._meta
    request.path = request.path_info = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changelist"
    )
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in _PAGE_ONLY:
            query.setlist(key, values)
    request.GET = query  # type: ignore[assignment]  # a mutable copy, as the admin reads it
    request.wb_whole_list = True  # type: ignore[attr-defined]  # see ``reads_whole_list``
    return request


def reads_whole_list(request: HttpRequest) -> bool:
    """Whether the changelist is read whole for a download rather than shown as a page: work a
    list needs for every row (not only the page's hundred) is done only then."""
    return bool(getattr(request, "wb_whole_list", False))


def _checker(model_admin: Any) -> Any:
    def allowed(user: User) -> bool:
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return False
        return bool(
            model_admin.has_view_permission(changelist_request(model_admin, user, QueryDict()))
        )

    return allowed


def _builder(model_admin: Any) -> Any:
    def build(user: User, params: QueryDict) -> Tabelle:
        return changelist_table(model_admin, changelist_request(model_admin, user, params))

    return build


def changelist_table(model_admin: Any, request: HttpRequest) -> Tabelle:
    """The changelist of ``request`` as a table: all its rows (not one page), in its order."""
    changelist = model_admin.get_changelist_instance(request)
    names = [n for n in changelist.list_display if n not in _SKIPPED_COLUMNS]
    columns = [_header(name, model_admin) for name in names]
    return Tabelle(
        title=str(capfirst(model_admin.model._meta.verbose_name_plural)),
        columns=columns,
        rows=_rows(changelist.queryset, names, model_admin),
        count=changelist.result_count,
    )


def _header(name: Any, model_admin: Any) -> str:
    label = label_for_field(name, model_admin.model, model_admin)
    return html.unescape(strip_tags(str(label))).strip()


def _rows(queryset: Any, names: Sequence[Any], model_admin: Any) -> Iterator[list[Any]]:
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [cell_value(obj, name, model_admin) for name in names]


def cell_value(obj: models.Model, name: Any, model_admin: Any) -> Any:
    """What the list shows for ``name`` of ``obj``, as a plain value (see module doc)."""
    try:
        field, _attr, value = lookup_field(name, obj, model_admin)
    except (AttributeError, models.ObjectDoesNotExist):
        return None
    if field is not None:
        return _field_value(field, value)
    return plain(value)


def _field_value(field: Any, value: Any) -> Any:
    if getattr(field, "flatchoices", None) and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ManyToManyField) and value is not None:
        return ", ".join(str(item) for item in value.all())
    return plain(value)


def plain(value: Any) -> Any:
    """A displayed value as a cell: numbers, dates and booleans stay native (the writers format
    them), HTML becomes its text, a related object its ``str``."""
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    text = html.unescape(strip_tags(str(value))).strip()
    return text or None
