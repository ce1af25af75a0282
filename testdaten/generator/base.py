"""What every step of the generator shares: the random source, the calendar, bulk inserts."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from testdaten.sizes import Sizes

BATCH = 5000
# Ten years back, a little less: fields with "at most ten years ago" validators stay valid.
HORIZON_DAYS = 3530


@dataclass
class Context:
    sizes: Sizes
    rng: random.Random
    today: date
    domain: str  # of every generated email address
    out: Callable[[str], None]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def horizon(self) -> date:
        return self.today - timedelta(days=HORIZON_DAYS)

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))


_TZ = ZoneInfo(settings.TIME_ZONE)


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment of a local day (aware, converted to UTC once: fast for millions of rows)."""
    return datetime.combine(day, time(hour, minute), tzinfo=_TZ).astimezone(UTC)


def bulk[T: models.Model](
    model: type[T], rows: Iterable[T], ctx: Context, *, batch: int = BATCH
) -> list[T]:
    """Insert in batches and return the rows with their ids (PostgreSQL returns them)."""
    done: list[T] = []
    iterator = iter(rows)
    while chunk := list(islice(iterator, batch)):
        done.extend(model._default_manager.bulk_create(chunk, batch_size=batch))
    key = model._meta.label
    ctx.counts[key] = ctx.counts.get(key, 0) + len(done)
    return done


def stream[T: models.Model](
    model: type[T], rows: Iterable[T], ctx: Context, *, batch: int = BATCH
) -> Iterator[T]:
    """Like ``bulk`` but hands back each inserted batch's rows instead of keeping them all."""
    iterator = iter(rows)
    key = model._meta.label
    while chunk := list(islice(iterator, batch)):
        inserted = model._default_manager.bulk_create(chunk, batch_size=batch)
        ctx.counts[key] = ctx.counts.get(key, 0) + len(inserted)
        yield from inserted


def split(total: int, weights: list[float]) -> list[int]:
    """``total`` in integer parts proportional to ``weights`` (largest remainder; sums exactly)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def choice(rng: random.Random, weighted: dict[Any, float]) -> Any:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def copy[T: models.Model](
    model: type[T], rows: Iterable[T], ctx: Context, *, batch: int = 20000
) -> Iterator[T]:
    """Like ``stream``, by PostgreSQL's COPY: several times faster for millions of rows.

    The rows are the model's instances; each field converts its value as ``save()`` would
    (``get_db_prep_save``), and the ids come from the table's own sequence, reserved a batch at
    a time, so the rows are the same as ``bulk_create`` would write. Other databases fall back to
    ``stream``.
    """
    if connection.vendor != "postgresql":
        yield from stream(model, rows, ctx)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    key = meta.label
    iterator = iter(rows)
    db = connections[DEFAULT_DB_ALIAS]  # the object itself: the proxy costs a lookup per value
    # Plain values (text, numbers, booleans, dates, aware datetimes, foreign-key ids) reach
    # PostgreSQL as they are, which is what their fields' get_db_prep_save returns for them;
    # the others (JSON, decimals) go through the field. Twice as fast for millions of rows.
    plain = [isinstance(f, PLAIN_FIELDS) and not isinstance(f, models.JSONField) for f in fields]
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, batch)):
            for obj, pk in zip(chunk, _reserve_ids(cursor, meta.db_table, len(chunk)), strict=True):
                obj.pk = pk
            with cursor.cursor.copy(sql) as out:
                for obj in chunk:
                    out.write_row(
                        [
                            getattr(obj, f.attname)
                            if is_plain
                            else f.get_db_prep_save(getattr(obj, f.attname), db)
                            for f, is_plain in zip(fields, plain, strict=True)
                        ]
                    )
            ctx.counts[key] = ctx.counts.get(key, 0) + len(chunk)
            yield from chunk


PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,  # also the ids and the positive and small variants
    models.BooleanField,
    models.DateField,  # also DateTimeField: the generator writes aware datetimes only
    models.ForeignKey,
)


def _reserve_ids(cursor: Any, table: str, n: int) -> range:
    """``n`` consecutive ids nobody else gets: the sequence moved past them in one step."""
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
        " nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
        [table, table, n],
    )
    last = cursor.fetchone()[0]
    return range(last - n + 1, last + 1)
