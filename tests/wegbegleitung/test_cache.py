"""With REDIS_URL set, the cache (allauth's rate limits, used one-time codes) is shared Redis."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache

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
