"""Small, strict readers for settings that come from the environment.

Every reader rejects a malformed value with ImproperlyConfigured naming the variable, so a
deployment with a typo stops at start-up instead of running with a silent default.
Every variable may also come from a file: ``NAME_FILE=/run/secrets/name`` (Docker secrets).
Messages never show a password inside a URL. ``exit_on_configuration_error`` turns such an error
into one line on stderr for the entry points (manage.py, wsgi, asgi, celery).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    """The variable's value, from ``NAME_FILE`` when that is set (then it wins), else ``NAME``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            # the file's name is safe to show; its content (or the OS's message) is not needed
            raise ImproperlyConfigured(
                f"{name}_FILE: cannot read {file_name} ({exc.strerror})"
            ) from None
    return os.environ.get(name)


def envstr(name: str, default: str | None = None) -> str | None:
    raw = _raw(name)
    return default if raw is None else raw


def envbool(name: str, default: bool) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {_shown(raw)}")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {_shown(raw)}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {value}")
    return value


def envfloat(name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a number, got {_shown(raw)}") from None
    if not value >= minimum:  # also refuses nan
        raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {raw.strip()}")
    return value


def _shown(raw: str) -> str:
    """A wrong value as it may appear in the message: short, and never a URL's password."""
    value = redact_url(raw.strip())
    return repr(value if len(value) <= 40 else value[:40] + "…")


def redact_url(raw: str) -> str:
    """``scheme://user:secret@host`` becomes ``scheme://user:***@host`` (messages and logs)."""
    scheme, sep, rest = raw.partition("://")
    netloc, slash, path = rest.partition("/")
    userinfo, at, host = netloc.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return raw
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}{slash}{path}"


def envlist(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
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
    except ValueError:
        # neither the URL nor the parser's message is shown: either may hold a password
        raise ImproperlyConfigured(f"{name}: not a valid URL (host or port malformed)") from None
    if parts.scheme == "sqlite":
        path = unquote(parts.path)[1:]
        if not path:
            raise ImproperlyConfigured(f"{name}: sqlite URL needs a file path")
        return DatabaseUrl("django.db.backends.sqlite3", path, "", "", "", "")
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"{name}: scheme must be postgres://, postgresql:// or sqlite://, "
            f"got {redact_url(raw)!r}"
        )
    db_name = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not db_name or "/" in db_name:
        raise ImproperlyConfigured(
            f"{name}: expected postgres://user:password@host:port/database, got {redact_url(raw)!r}"
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
    except ValueError:
        # neither the URL nor the parser's message is shown: either may hold a password
        raise ImproperlyConfigured(f"{name}: not a valid URL (host or port malformed)") from None
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name}: expected redis://host:port/db, got {redact_url(raw)!r}"
        )
    return raw


@contextmanager
def exit_on_configuration_error() -> Iterator[None]:
    """A configuration error ends the process with one line naming the variable, no traceback.

    Exit status 3: gunicorn then stops ("worker failed to boot") instead of restarting workers.
    """
    try:
        yield
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.stderr.flush()
        raise SystemExit(3) from None


def load_settings() -> None:
    """Read the settings now, so that a configuration error surfaces before anything else."""
    from django.conf import settings

    with exit_on_configuration_error():
        settings.INSTALLED_APPS  # noqa: B018 - reading one setting loads them all
