"""Admin lists over tables of a million rows (the audit trail, the notification log; issue 13).

What Django's changelist asks the database and what it costs there at national size:

- the number of rows: ``COUNT(*)`` reads the whole table. Unfiltered, a big table's count is
  taken from PostgreSQL's statistics instead and the page says "about N"; filtered, it is
  counted exactly (the filters have indexes). The second count, of the whole table next to a
  filtered one, is not made (``show_full_result_count = False``: "show all" instead).
- the date hierarchy and a filter's choices: ``SELECT DISTINCT`` over the whole table. Here
  each distinct value is found by one index step from the previous one ("skip scan", a recursive
  query), so ten years cost ten index lookups, not a million rows.

Fifty rows a page instead of Django's hundred: once the queries are index lookups, rendering
the rows is most of the page's time. The filters, the search and the scoping stay those of the
admin: the helpers run on the changelist's own queryset.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.conf import settings
from django.contrib.admin.views.main import ChangeList
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

# below this many rows (by the statistics) counting is cheap and exact
ESTIMATE_FROM_ROWS = 100_000

STEP = {"year": "1 year", "month": "1 month", "day": "1 day"}


def estimated_rows(model: type[Model]) -> int | None:
    """PostgreSQL's estimate of the table's rows, or None when it has none (never analysed)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


def _unfiltered(queryset: QuerySet[Any]) -> bool:
    return not queryset.query.where


def _column_sql(queryset: QuerySet[Any], field_name: str) -> tuple[str, tuple[Any, ...]]:
    """The SQL of the queryset's rows, one column, with its filters (no ordering)."""
    sql, params = queryset.order_by().values_list(field_name).query.sql_with_params()
    return sql, tuple(params)


class BigListQuerySet(QuerySet[Any]):
    """The changelist's queryset: estimated count when unfiltered, skip-scan date hierarchy."""

    estimated = False  # the last count() was the statistics' estimate

    def count(self) -> int:
        if _unfiltered(self) and self._result_cache is None:
            estimate = estimated_rows(self.model)
            if estimate is not None and estimate >= ESTIMATE_FROM_ROWS:
                self.estimated = True
                return estimate
        return super().count()

    def datetimes(  # type: ignore[override]
        self,
        field_name: str,
        kind: Literal["year", "month", "week", "day", "hour", "minute", "second"],
        order: Literal["ASC", "DESC"] = "ASC",
        tzinfo: Any = None,
    ) -> list[datetime.datetime]:
        if kind not in STEP or connection.vendor != "postgresql":
            return list(super().datetimes(field_name, kind, order, tzinfo=tzinfo))
        zone = str(tzinfo or timezone.get_current_timezone())
        inner, params = _column_sql(self, field_name)
        sql = f"""
            WITH RECURSIVE steps(p) AS (
                SELECT date_trunc(%s, (SELECT min(x.v) FROM ({inner}) x(v)) AT TIME ZONE %s)
              UNION ALL
                SELECT date_trunc(%s, (SELECT min(x.v) FROM ({inner}) x(v)
                    WHERE x.v >= (steps.p + %s::interval) AT TIME ZONE %s) AT TIME ZONE %s)
                FROM steps WHERE steps.p IS NOT NULL
            )
            SELECT p FROM steps WHERE p IS NOT NULL ORDER BY p {"DESC" if order == "DESC" else "ASC"}
        """  # noqa: S608 (inner is the ORM's own SQL with placeholders; values go as params)
        values = (kind, *params, zone, kind, *params, STEP[kind], zone, zone)
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        local = timezone.get_current_timezone() if tzinfo is None else tzinfo
        return [timezone.make_aware(row[0], local) if settings.USE_TZ else row[0] for row in rows]


def distinct_values(queryset: QuerySet[Any], field_name: str) -> list[Any]:
    """The distinct values of an indexed column, by one index step per value."""
    if connection.vendor != "postgresql":
        return list(queryset.order_by().values_list(field_name, flat=True).distinct())
    inner, params = _column_sql(queryset, field_name)
    sql = f"""
        WITH RECURSIVE steps(v) AS (
            SELECT (SELECT min(x.v) FROM ({inner}) x(v))
          UNION ALL
            SELECT (SELECT min(x.v) FROM ({inner}) x(v) WHERE x.v > steps.v)
            FROM steps WHERE steps.v IS NOT NULL
        )
        SELECT v FROM steps WHERE v IS NOT NULL
    """  # noqa: S608 (as above)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *params))
        return [row[0] for row in cursor.fetchall()]


class BigChangeList(ChangeList):
    """Knows whether the count it shows is the statistics' estimate ("about N")."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)  # the paginator counts self.queryset
        self.result_count_estimated = getattr(self.queryset, "estimated", False)


class BigListAdminMixin:
    """For a ModelAdmin over a table that grows by the million (see the module docstring)."""

    show_full_result_count = False
    # rendering a row costs more than finding it: fifty a page halves the page's own work
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        return BigListQuerySet(model=qs.model, query=qs.query, using=qs.db)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return BigChangeList
