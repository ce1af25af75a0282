"""Query strings without NUL characters.

PostgreSQL cannot hold a NUL character in text, so a search or filter value containing one
(``?q=%00``) makes the database refuse the query and the page fail with a server error. Forms
refuse NUL in their fields with a message (Django's CharField); a query string is no form, so
here NUL characters are dropped from every GET parameter before any view reads it: a search for
"a\\x00b" is a search for "ab".
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict


class StripNulFromQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.GET.urlencode() or "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = _without_nul(request.GET)  # type: ignore[assignment]  # read-only, as Django's
        return self.get_response(request)


def _without_nul(query: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in query.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean
