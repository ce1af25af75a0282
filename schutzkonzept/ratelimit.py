"""Flood protection for the form without login, on the shared cache (Redis in production).

Two counters per hour: one per client address (kept only as a salted hash: the address itself is
personal data we do not need) and one for the whole form, so a flood from many addresses cannot
bury the reports of real young people under thousands of fake ones.
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


def _total_key() -> str:
    return f"schutz:meldung:total:{_bucket()}"


def _count(key: str) -> int:
    cache.add(key, 0, timeout=_WINDOW + 60)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_WINDOW + 60)
        return 1


def allow_anonymous_report(request: HttpRequest) -> bool:
    """Count this attempt; False when the address or the form as a whole is over its limit."""
    per_address = _count(_address_key(request))
    total = _count(_total_key())
    return (
        per_address <= settings.WB_CONCERN_LIMIT_PER_ADDRESS
        and total <= settings.WB_CONCERN_LIMIT_TOTAL
    )
