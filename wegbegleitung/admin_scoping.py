"""Region scoping for admin pages: coordinators see and change only their regions' records."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest

from wegbegleitung.permissions import region_ids_for


class CountedOnce(QuerySet[Any]):
    """Counts once: the page and its "N total" ask the same question of the same rows."""

    counted: int | None = None

    def count(self) -> int:
        if self.counted is None:
            self.counted = super().count()
        return self.counted


@functools.cache
def _counted_once(queryset_class: type[QuerySet[Any]]) -> type[QuerySet[Any]]:
    """The list's own queryset class (it may have its own date hierarchy), counting once."""
    if issubclass(queryset_class, CountedOnce):
        return queryset_class
    return type(f"CountedOnce{queryset_class.__name__}", (CountedOnce, queryset_class), {})


class CountOnceChangeList(ChangeList):
    """Without a filter or a search the list's rows are all the reader may see, so the total
    next to the page's count is that count, not a second count of the same rows (issue 13)."""

    def get_results(self, request: HttpRequest) -> None:
        if _rows_asked(self.queryset) == _rows_asked(self.root_queryset):
            qs = self.queryset
            counting = _counted_once(type(qs))  # type: ignore[arg-type]
            self.queryset = counting(model=qs.model, query=qs.query, using=qs.db)
            self.root_queryset = self.queryset
        super().get_results(request)


def _rows_asked(queryset: QuerySet[Any]) -> str:
    """The SQL of which rows, without their order and the related rows read along."""
    return str(queryset.order_by().select_related(None).query)


class RelatedInScopeFilter(admin.RelatedOnlyFieldListFilter):
    """The choices of ``RelatedOnlyFieldListFilter`` (the related records the list's rows point
    to), asked with one ``EXISTS`` per related record instead of ``SELECT DISTINCT`` over every
    row of the list: regions and facilities are few, the rows many (issue 13)."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        rows = model_admin.get_queryset(request).filter(**{self.field_path: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to=Q(Exists(rows)), ordering=ordering
        )


def _in_scope_filter(spec: Any) -> Any:
    if isinstance(spec, tuple) and spec[1] is admin.RelatedOnlyFieldListFilter:
        return (spec[0], RelatedInScopeFilter)
    return spec


class RegionScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """``region_lookup`` is the path from the model to its region, e.g. ``einrichtung__region``."""

    region_lookup = "region"

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return CountOnceChangeList

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [_in_scope_filter(spec) for spec in super().get_list_filter(request)]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.region_lookup}__in": region_ids_for(request.user)})

    def _in_scope(self, request: HttpRequest, obj: models.Model | None) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        region_id = self._region_id_of(obj)
        return region_id is not None and region_id in region_ids_for(request.user)

    def _region_id_of(self, obj: models.Model) -> int | None:
        value: Any = obj
        for part in self.region_lookup.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return int(value.pk)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """Choices for a region (or a facility) are limited to the user's regions."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if request.user.is_superuser or field is None or field.queryset is None:
            return field
        region_ids = region_ids_for(request.user)
        related = db_field.related_model
        if related._meta.label == "wegbegleitung.Region":
            field.queryset = field.queryset.filter(pk__in=region_ids)
        elif any(f.name == "region" for f in related._meta.get_fields()):
            field.queryset = field.queryset.filter(region__in=region_ids)
        return field
