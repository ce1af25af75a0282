"""The tabular sources a user can download (CSV, XLSX), registered by the apps that own them.

The lowest layer knows no list of its own: the admin's changelists, the due lists of matching and
the tables of the reports register a *source* here. A source builds a :class:`Tabelle` for a user
and the query parameters of the page it came from (the same filters the page applied), scoped
exactly like that page. The export machinery (writers, background jobs, audit) only ever reads
sources through this registry, so an app above can add one without this layer importing it.

Cell values are plain Python values: ``str``, ``int``, ``float``, ``Decimal``, ``date``,
``datetime``, ``bool`` or ``None``; labels and choice values are already the German display text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import QueryDict
    from django.utils.functional import Promise

    from wegbegleitung.models import User


@dataclass
class Tabelle:
    """One table: a title (used for the file name), column headers and the rows."""

    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]
    count: int | None = None  # the number of rows when known in advance (decides direct or job)


@dataclass(frozen=True)
class Source:
    name: str
    label: str | Promise
    build: Callable[[User, QueryDict], Tabelle]
    allowed: Callable[[User], bool]


_SOURCES: dict[str, Source] = {}
# Callables that register a family of sources the first time the registry is read, for sources
# that can only be known once every app is loaded (the admin's changelists).
_PROVIDERS: list[Callable[[], None]] = []


def register_source(
    name: str,
    *,
    label: str | Promise,
    build: Callable[[User, QueryDict], Tabelle],
    allowed: Callable[[User], bool],
) -> Source:
    """Register (or replace, on a second ``ready()``) the source called ``name``."""
    source = Source(name=name, label=label, build=build, allowed=allowed)
    _SOURCES[name] = source
    return source


def register_provider(provider: Callable[[], None]) -> None:
    """Run ``provider`` (which calls ``register_source``) before the registry is next read."""
    _PROVIDERS.append(provider)


def _run_providers() -> None:
    from django.apps import apps

    if not apps.ready:  # asked during another app's ready(): the admin is not loaded yet
        return
    while _PROVIDERS:
        _PROVIDERS.pop(0)()


def get_source(name: str) -> Source | None:
    _run_providers()
    return _SOURCES.get(name)


def all_sources() -> dict[str, Source]:
    _run_providers()
    return dict(_SOURCES)
