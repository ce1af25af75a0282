"""The Redis cache, failing soft: when Redis cannot be reached it acts as an empty cache.

What the cache holds here is short-lived help, never a record: allauth's rate limits and its
locks, the used one-time codes, the young people's form's per-address counter. With Redis down,
Django's own backend raises and every login becomes a server error. This backend instead behaves
like a cache that forgets at once: reads miss, writes are dropped, ``add`` succeeds, ``incr``
finds no key (``ValueError``, as for any missing key), and a warning is logged (at most once a
minute per process). What that means for each use is written in the README ("When Redis is
down"): rate limits are not enforced during the outage (fail open), which we chose over refusing
logins and young people's reports.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY_SECONDS = 60.0
T = TypeVar("T")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, but one ``redis.Redis`` per connection pool instead of a new one for
    every cache call: building one (its table of response callbacks) took longer than the round
    trip to Redis itself. A ``redis.Redis`` on a pool is safe to share between threads: each
    command takes a connection of the pool for its time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[Any, Any] = {}  # by connection pool

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own get_client() in the same two steps (the stubs leave out its private names)
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(pool)
        if client is None:
            redis_class = self._client  # type: ignore[attr-defined]
            client = self._clients[pool] = redis_class(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _soft(self, call: Callable[[], T], fallback: T) -> T:
        try:
            return call()
        except UNREACHABLE as exc:
            self._warn(exc)
            return fallback

    def _warn(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - FailSoftRedisCache._last_warning >= WARN_EVERY_SECONDS:
            FailSoftRedisCache._last_warning = now
            logger.warning("cache unreachable, acting as an empty cache: %r", exc)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._soft(
            lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version), True
        )

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._soft(
            lambda: super(FailSoftRedisCache, self).get(key, default, version), default
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._soft(
            lambda: super(FailSoftRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).delete(key, version), False)

    def get_many(self, keys: Iterable[Any], version: Any = None) -> dict[Any, Any]:
        return self._soft(lambda: super(FailSoftRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).has_key(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        try:
            return int(super().incr(key, delta, version))
        except UNREACHABLE as exc:
            self._warn(exc)
            raise ValueError(f"Key '{key}' not found (cache unreachable)") from exc

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        return self._soft(
            lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys: Iterable[Any], version: Any = None) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).clear(), None)
