"""Flood protection for the form without login: a limit per client address.

- Each address (kept only as a salted hash: the address itself is personal data we do not need)
  may send ``WB_CONCERN_LIMIT_PER_ADDRESS`` attempts an hour; more are refused with the page that
  gives the phone numbers. Only that address's attempts count towards its limit.
- The form as a whole is never closed: above ``WB_CONCERN_LIMIT_TOTAL`` reports an hour they are
  still stored and the leads get one summary (``schutzkonzept.flood``, counted in the database,
  so refused attempts count for nothing there).
- With Redis down the cache acts as an empty one (``wegbegleitung.cache``) and this limit is not
  enforced: an outage must never refuse a real young person's report. The leads stay protected
  from a flood by the summary, which does not depend on Redis.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from wegbegleitung.request_types import client_ip

_WINDOW = 60 * 60


def _bucket() -> int:
    return int(time.time() // _WINDOW)


def _address_key(request: HttpRequest) -> str:
    address = client_ip(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"schutz:meldung:addr:{digest}:{_bucket()}"


def _count(key: str) -> int:
    cache.add(key, 0, timeout=_WINDOW + 60)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr, or the cache is unreachable
        cache.set(key, 1, timeout=_WINDOW + 60)
        return 1


def allow_anonymous_report(request: HttpRequest) -> bool:
    """Count this address's attempt; False when the address is over its hourly limit."""
    return _count(_address_key(request)) <= settings.WB_CONCERN_LIMIT_PER_ADDRESS
