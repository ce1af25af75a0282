"""Every URL of the site that is not explicitly public sends an anonymous visitor to the login.

The list is built from the URL configuration itself, so a new page that forgets its login check
fails here. Pages with parameters are tried with the id 1 and a dummy token.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "home",
    "become_mentor",
    "einladung_accept",
    "set_language",
    "schutzkonzept:jugend_meldung",
}
PUBLIC_PREFIXES = ("account_", "mfa_")  # allauth's own pages decide themselves


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else ""


def _concrete(route: str) -> str | None:
    if route.startswith(("admin/", "konto/", "i18n/")) or "(?P" in route or "^" in route:
        return None
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(str|slug|uuid|path):\w+>|<\w+>", "x", path)
    return "/" + path


SITE = sorted(
    {
        (path, name)
        for route, name in _walk(get_resolver().url_patterns)
        if (path := _concrete(route))
        and name not in PUBLIC
        and not name.startswith(PUBLIC_PREFIXES)
    }
)


def test_the_site_has_protected_pages():
    assert len(SITE) > 20


@pytest.mark.parametrize(("path", "name"), SITE, ids=[p for p, _ in SITE])
def test_anonymous_is_sent_to_login(client, db, path, name):
    get, post = client.get(path), client.post(path, {})
    # a page answers GET with the login; an action that only takes POST may refuse GET with 405
    assert get.status_code in {302, 405}, f"{name} GET answered {get.status_code}"
    assert post.status_code in {302, 405}, f"{name} POST answered {post.status_code}"
    assert 302 in {get.status_code, post.status_code}
    for response in (get, post):
        if response.status_code == 302:
            assert response["Location"].startswith("/konto/login/"), response["Location"]
