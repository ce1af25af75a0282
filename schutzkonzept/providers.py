"""What the safeguarding app needs to know from the matching app, which sits above it.

The retention rules of § 72a(5) SGB VIII (``schutzkonzept.retention``) start their clocks at the
volunteer's matches: has one started since the inspection, when did the last one end, is one
open. schutzkonzept may not import matching, so matching answers through this seam from
``MatchingConfig.ready()``:

    from schutzkonzept import providers
    providers.register_match_history(my_function)

``match_history(wegbegleiter_ids) -> dict[int, MatchHistory]`` answers for all of them at once;
a volunteer missing from the answer never had a match. Until matching registers, nobody has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from schutzkonzept.retention import MatchHistory

MatchHistoryProvider = Callable[[list[int]], dict[int, MatchHistory]]


def _no_matches(wegbegleiter_ids: list[int]) -> dict[int, MatchHistory]:
    return {}


_provider: list[MatchHistoryProvider] = [_no_matches]


def register_match_history(function: MatchHistoryProvider) -> None:
    _provider[0] = function


@contextmanager
def override_match_history(function: MatchHistoryProvider) -> Iterator[None]:
    """Use ``function`` for a while (tests), then restore what was registered before."""
    before = _provider[0]
    _provider[0] = function
    try:
        yield
    finally:
        _provider[0] = before


def match_history(wegbegleiter_ids: Iterable[int]) -> dict[int, MatchHistory]:
    return dict(_provider[0](list(wegbegleiter_ids)))
