"""Admin lists over tables of a million rows (the audit trail, the notification log; issue 13).

What Django's changelist asks the database and what it costs there at national size:

- the number of rows: ``COUNT(*)`` reads the whole table. Unfiltered, a big table's count is
  taken from PostgreSQL's statistics instead and the page says "about N"; filtered, it is
  counted exactly (the filters have indexes). A list scoped to what its reader may see (a
  coordinator's trail: her regions' people) but not filtered by her is a share of the whole
  table: the share is found in a fixed sample of about ten thousand rows (``TABLESAMPLE``) and
  the page says "about N" too, instead of counting a hundred thousand rows one by one. The second count, of the whole table next to a
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
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Max, Min, Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

# below this many rows (by the statistics) counting is cheap and exact
ESTIMATE_FROM_ROWS = 100_000

# a scoped list's share of the table is found in a sample of about this many rows
SAMPLE_ROWS = 10_000
# fewer hits in the sample than this and the share is too rough: the rows are counted instead
SAMPLE_HITS_MIN = 100

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


def _sampled_count(queryset: QuerySet[Any]) -> int | None:
    """The rows of a scoped queryset, estimated: the table's rows (statistics) times the share
    of a fixed block sample that the scope keeps. None when the table is small or the sample
    too thin to say; the caller counts then."""
    if connection.vendor != "postgresql":
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    inner, params = _column_sql(queryset, "pk")
    head, found, tail = inner.partition(f" FROM {table}")
    if not found:
        return None
    # the sample's size follows the statistics' row count, read in the same query
    reltuples = f"(SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass)"  # noqa: S608
    percent = f"least(100, greatest(0.1, {SAMPLE_ROWS * 100}.0 / greatest({reltuples}, 1)))"
    sample = f"{table} TABLESAMPLE SYSTEM ({percent}) REPEATABLE (13)"
    sql = f"""
        SELECT {reltuples}::bigint,
               (SELECT count(*) FROM ({head} FROM {sample}{tail}) s),
               (SELECT count(*) FROM {sample})
    """  # noqa: S608 (the ORM's SQL and the model's table; values go as params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        total, hits, seen = cursor.fetchone()
    if total is None or total < ESTIMATE_FROM_ROWS or hits < SAMPLE_HITS_MIN or not seen:
        return None
    share = round(total * hits / seen)
    return int(float(f"{share:.2g}"))  # two figures: the sample says no more


class BigListQuerySet(QuerySet[Any]):
    """The changelist's queryset: estimated count when unfiltered, skip-scan date hierarchy."""

    estimated = False  # the last count() was the statistics' estimate
    scope_conditions = 0  # conditions of the reader's scope, not of her filters (big_list)

    def _clone(self) -> Any:  # every filter, order or slice: the scope stays known
        clone = super()._clone()  # type: ignore[misc]
        clone.scope_conditions = self.scope_conditions
        return clone

    def _only_scoped(self) -> bool:
        where = self.query.where
        return (
            self.scope_conditions > 0
            and where.connector == "AND"
            and not where.negated
            and len(where.children) == self.scope_conditions
        )

    def count(self) -> int:
        if self._result_cache is None and _unfiltered(self):
            estimate = estimated_rows(self.model)
            if estimate is not None and estimate >= ESTIMATE_FROM_ROWS:
                self.estimated = True
                return estimate
        if self._result_cache is None and self._only_scoped():
            estimate = _sampled_count(self)
            if estimate is not None:
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


def big_list(queryset: QuerySet[Any]) -> BigListQuerySet:
    """The queryset as a big list; its conditions so far are the reader's scope, so without
    further filters its count is estimated too."""
    big = BigListQuerySet(model=queryset.model, query=queryset.query, using=queryset.db)
    big.scope_conditions = len(queryset.query.where.children)
    return big


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
        return big_list(super().get_queryset(request))  # type: ignore[misc]

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return BigChangeList


class IndexedDatesQuerySet(QuerySet[Any]):
    """A list's date hierarchy on an indexed date column when the list is a join (a
    coordinator's rows reach their region through other tables; issue 13).

    Django asks ``MIN``/``MAX`` of the column and then ``SELECT DISTINCT date_trunc(...)``:
    over a join both read every joined row. Here the first and last dates and each next year,
    month or day are one ``ORDER BY … LIMIT 1`` each, which PostgreSQL answers by walking the
    column's index and checking the join for the rows it meets. Same values, same filters.
    """

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        field = _edge_field(kwargs) if not args else None
        if field is None or connection.vendor != "postgresql":
            return super().aggregate(*args, **kwargs)
        edges = _edges(self, field)
        return {name: edges[type(agg) is Max] for name, agg in kwargs.items()}

    def dates(  # type: ignore[override]
        self,
        field_name: str,
        kind: Literal["year", "month", "week", "day"],
        order: Literal["ASC", "DESC"] = "ASC",
    ) -> list[datetime.date]:
        if kind not in STEP or connection.vendor != "postgresql":
            return list(super().dates(field_name, kind, order))
        try:
            inner, params = _column_sql(self, field_name)
        except EmptyResultSet:  # e.g. .none(): no rows, no dates
            return []
        after = " AND x.v >= (steps.p + %s::interval)::date"
        sql = f"""
            WITH RECURSIVE steps(p) AS (
                SELECT date_trunc(%s, {_first(inner)}::timestamp)::date
              UNION ALL
                SELECT date_trunc(%s, {_first(inner, after)}::timestamp)::date
                FROM steps WHERE steps.p IS NOT NULL
            )
            SELECT p FROM steps WHERE p IS NOT NULL ORDER BY p {"DESC" if order == "DESC" else "ASC"}
        """  # noqa: S608 (inner is the ORM's own SQL with placeholders; values go as params)
        with connection.cursor() as cursor:
            cursor.execute(sql, (kind, *params, kind, *params, STEP[kind]))
            return [row[0] for row in cursor.fetchall()]


def _edge_field(aggregates: dict[str, Any]) -> str | None:
    """The one plain column that every aggregate asked is the Min or Max of, else None."""
    names: set[str] = set()
    for agg in aggregates.values():
        if type(agg) not in (Min, Max) or agg.filter is not None:
            return None
        source = agg.get_source_expressions()[0]
        if not isinstance(source, F):
            return None
        names.add(str(source.name))  # type: ignore[attr-defined]
    return names.pop() if len(names) == 1 else None


def _first(inner: str, condition: str = "", way: str = "ASC") -> str:
    """The first value of ``inner``'s one column in that order: an index walk, not an aggregate."""
    return f"(SELECT x.v FROM ({inner}) x(v) WHERE x.v IS NOT NULL{condition} ORDER BY x.v {way} LIMIT 1)"  # noqa: S608


def _edges(queryset: QuerySet[Any], field: str) -> tuple[Any, Any]:
    try:
        inner, params = _column_sql(queryset, field)
    except EmptyResultSet:  # e.g. .none(): no rows, no first or last
        return None, None
    sql = f"SELECT {_first(inner)}, {_first(inner, way='DESC')}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *params))
        low, high = cursor.fetchone()
    return low, high


def indexed_dates(queryset: QuerySet[Any]) -> IndexedDatesQuerySet:
    """The queryset with the date hierarchy of ``IndexedDatesQuerySet``."""
    return IndexedDatesQuerySet(model=queryset.model, query=queryset.query, using=queryset.db)
