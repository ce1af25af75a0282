"""The staff area answers a volunteer, a person without a role or a researcher with 403 and an
explanation in German, never with an empty page; staff and coordinators get in."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, get_resolver, reverse

from tests.factories import make_user
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db

# matching's pages for facility staff live in the same area (/begleitung/einrichtung/...)
MATCHING_STAFF_PAGES = {"staff_list", "wunsch", "staff_confirm"}
_SAMPLE_ARGUMENT = {"int": 1, "slug": "einrichtung", "str": "x"}


def _staff_urls() -> list[str]:
    urls = []
    for namespace, wanted in (("einrichtungen", None), ("matching", MATCHING_STAFF_PAGES)):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern)
            if wanted is not None and pattern.name not in wanted:
                continue
            converters = pattern.pattern.converters  # type: ignore[attr-defined]
            kwargs = {
                name: _SAMPLE_ARGUMENT[type(conv).__name__.removesuffix("Converter").lower()]
                for name, conv in converters.items()
            }
            urls.append(reverse(f"{namespace}:{pattern.name}", kwargs=kwargs))
    return urls


STAFF_URLS = _staff_urls()


def test_the_list_covers_the_whole_area():
    assert len(STAFF_URLS) == 19  # with a family's parent and child pages
    assert reverse("einrichtungen:start") in STAFF_URLS
    assert reverse("matching:staff_list") in STAFF_URLS


@pytest.mark.parametrize("who", ["volunteer", "charlie", "researcher"])
def test_everyone_but_staff_and_coordinators_is_told_no(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in STAFF_URLS:
        responses = [client.get(url), client.post(url, {"vorname": "X"})]
        # a method the page does not take is refused first (405); the other one is the test
        answered = [r for r in responses if r.status_code != 405]
        assert len(answered) >= 1, url
        for response in answered:
            assert response.status_code == 403, url
            page = response.content.decode()
            assert "Dieser Bereich ist für die Fachkräfte der Einrichtungen" in page, url
            assert reverse("start") in page  # the way back
            assert "no-store" in response["Cache-Control"]


@pytest.fixture
def researcher(db: Any) -> Any:
    return make_user(Role.FORSCHUNG, email="rita@example.org")


@pytest.mark.parametrize("who", ["staff_a", "alice"])
def test_staff_and_coordinators_get_in(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("einrichtungen:start")).status_code == 200
    assert client.get(reverse("matching:staff_list")).status_code == 200


def test_anonymous_goes_to_the_login(client):
    for url in STAFF_URLS:
        for response in (client.get(url), client.post(url)):
            if response.status_code != 405:
                assert response.status_code == 302, url
                assert response["Location"].startswith(reverse("account_login"))
