"""With REDIS_URL set, the cache (allauth's rate limits, used one-time codes) is shared Redis."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache, caches

from tests.conftest import need


@pytest.mark.real_cache
def test_cache_is_redis_and_shared_between_processes():
    need(settings.REDIS_URL is not None, "REDIS_URL is not set")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    import redis

    key = f"probe-{uuid.uuid4().hex}"
    cache.set(key, "seen", 30)
    # another client (another process would see the same) finds the value under the prefixed key
    client = redis.Redis.from_url(settings.REDIS_URL)
    assert any(client.scan_iter(match=f"*{key}*"))
    cache.delete(key)


@pytest.mark.real_cache
def test_the_cache_reuses_its_redis_client():
    """One ``redis.Redis`` per connection pool, not a new one for every cache call."""
    need(settings.REDIS_URL is not None, "REDIS_URL is not set")
    backend = caches["default"]
    client = backend._cache.get_client()
    key = f"probe-{uuid.uuid4().hex}"
    backend.set(key, "seen", 30)
    assert backend.get_many([key]) == {key: "seen"}
    assert backend._cache.get_client() is client
    assert backend._cache.get_client(key, write=True) is client  # one server: one pool
    backend.delete(key)
