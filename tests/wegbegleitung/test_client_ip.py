"""Rate limits count the real client behind the configured number of proxies, and no spoofing."""

from django.test import RequestFactory

from wegbegleitung.request_types import client_ip


def test_without_proxy_forwarded_header_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # the client forged the first entry; the proxy appended the address it really saw
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(request) == "203.0.113.7"


def test_missing_header_behind_proxy_falls_back_to_the_peer(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"
