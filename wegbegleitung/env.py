"""Small, strict readers for settings that come from the environment.

Every reader rejects a malformed value with ImproperlyConfigured naming the variable, so a
deployment with a typo stops at start-up instead of running with a silent default.
A value may also come from a file: ``NAME_FILE=/run/secrets/name`` (Docker secrets).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {raw!r}")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {raw!r}") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {value}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class DatabaseUrl:
    engine: str
    name: str
    user: str
    password: str
    host: str
    port: str


def parse_database_url(name: str, raw: str) -> DatabaseUrl:
    """postgres://user:password@host:port/dbname or sqlite:///relative/or//absolute/path."""
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: not a valid URL ({exc})") from exc
    if parts.scheme == "sqlite":
        path = unquote(parts.path)[1:]
        if not path:
            raise ImproperlyConfigured(f"{name}: sqlite URL needs a file path")
        return DatabaseUrl("django.db.backends.sqlite3", path, "", "", "", "")
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"{name}: scheme must be postgres://, postgresql:// or sqlite://, got {raw!r}"
        )
    db_name = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not db_name or "/" in db_name:
        raise ImproperlyConfigured(
            f"{name}: expected postgres://user:password@host:port/database, got {raw!r}"
        )
    return DatabaseUrl(
        "django.db.backends.postgresql",
        db_name,
        unquote(parts.username or ""),
        unquote(parts.password or ""),
        parts.hostname,
        str(port or ""),
    )


def parse_redis_url(name: str, raw: str) -> str:
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: not a valid URL ({exc})") from exc
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name}: expected redis://host:port/db, got {raw!r}")
    return raw
