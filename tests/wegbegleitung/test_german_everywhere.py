"""Every admin, portal and staff page renders in German: no English UI text, no internal codes.

Walks the site on the demo data as a superuser (the whole admin: index, each changelist and each
of its filters once, add and change forms, custom admin views), a coordinator, facility staff and
volunteers in several states (every page linked from their start, breadth-first).
"""

from __future__ import annotations

import re
from collections import deque
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

from wegbegleitung.demo import DEMO_TOTP_SECRET, DOMAIN
from wegbegleitung.english_text import du_words, english_words, internal_codes, visible_text
from wegbegleitung.models import User
from wegbegleitung.models.application import slot_label

_HREF = re.compile(r'href="([^"#]*)"')
# Pages that act on GET or leave the site's German UI: never followed.
_SKIP_URL_NAMES = {"account_logout", "set_language", "logout", "javascript-catalog"}
_SORTING = re.compile(r"(^|&)(o|_facets|_changelist_filters|_popup|_to_field)=")
_SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx", ".ics", ".png", ".jpg", ".svg")


def _url_key(url: str) -> str:
    """One page per view and set of query keys: a filter applied once, one object per model."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return url
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return f"{match.route}|{match.url_name}|{','.join(keys)}"


def _followable(url: str) -> bool:
    parts = urlsplit(url)
    if _SORTING.search(parts.query):
        return False
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    if parts.path.startswith(("/static/", "/media/")) or parts.path.endswith(_SKIP_SUFFIXES):
        return False
    if "/delete/" in parts.path or parts.path.endswith("/logout/"):
        return False
    try:
        return resolve(parts.path).url_name not in _SKIP_URL_NAMES
    except Resolver404:
        return False


def _crawl(client: Client, starts: list[str], *, limit: int) -> dict[str, list[str]]:
    queue: deque[str] = deque(starts)
    seen: set[str] = set()
    findings: dict[str, list[str]] = {}
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        key = _url_key(url)
        if key in seen:
            continue
        seen.add(key)
        response = client.get(url)
        visited += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        words = english_words(html) + internal_codes(html)
        # the young people's form and their own pages (/jung/) say "du" on purpose
        if "sag-es-uns" not in url and not urlsplit(url).path.startswith("/jung/"):
            words += du_words(html)
        if words:
            findings[url] = words
        base, query = urlsplit(url).path, urlsplit(url).query
        if query:  # a filtered list: its links only combine filters or sort, seen already
            continue
        for href in _HREF.findall(html):
            href = href.replace("&amp;", "&")
            if href.startswith("?"):
                href = base + href
            if _followable(href):
                queue.append(href)
    return findings


def _admin_starts() -> list[str]:
    """Every registered model's changelist and add form, and the admin's own custom views."""
    starts = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        starts.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        starts.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        obj = model._default_manager.order_by("pk").first()
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if not name:
                continue
            for args in ([], [obj.pk] if obj else None):
                if args is None:
                    continue
                try:
                    starts.append(reverse(f"admin:{name}", args=args))
                    break
                except NoReverseMatch:
                    continue
    return starts


def _client_for(email: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(User.objects.get(email=email))
    return client


@pytest.fixture
def demo(db: Any) -> None:
    call_command("demo", stdout=StringIO())


def _superuser() -> Client:
    user = User.objects.create_superuser(email="root@example.org", password="x-" * 8)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": DEMO_TOTP_SECRET}
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    return client


def _report(findings: dict[str, list[str]]) -> str:
    return "\n".join(f"{url}: {words[:5]}" for url, words in sorted(findings.items()))


def test_the_whole_admin_is_german(demo: None) -> None:
    findings = _crawl(_superuser(), _admin_starts(), limit=900)
    assert not findings, "English UI text in the admin:\n" + _report(findings)


@pytest.mark.parametrize(
    "local",
    ["koordination", "kinderschutz", "einrichtung", "wegbegleiterin", "begleiter", "bewerberin",
     "jonas", "forschung"],
)  # fmt: skip
def test_every_page_a_person_reaches_is_german(demo: None, local: str) -> None:
    client = _client_for(f"{local}@{DOMAIN}")
    starts = [reverse("home"), reverse("start"), reverse("account_email"),
              reverse("account_change_password"), reverse("mfa_index")]  # fmt: skip
    findings = _crawl(client, starts, limit=150)
    assert not findings, f"English UI text for {local}:\n" + _report(findings)


_PUBLIC = ["home", "become_mentor", "account_login", "account_signup", "account_reset_password",
           "account_reset_password_done", "account_email_verification_sent"]  # fmt: skip


def test_public_pages_are_german(db: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    findings = _crawl(client, [reverse(name) for name in _PUBLIC], limit=60)
    assert not findings, "English UI text on public pages:\n" + _report(findings)


@pytest.mark.parametrize("name", _PUBLIC)
def test_public_pages_for_volunteers_say_sie(db: Any, client: Client, name: str) -> None:
    # The young people's form (schutz/sag-es-uns) says "du" on purpose; these pages speak to adults.
    assert du_words(client.get(reverse(name)).content.decode()) == []


def test_the_check_sees_the_admin_search_button_and_ignores_scripts() -> None:
    html = '<input type="submit" value="Search"><script>var Save = 1;</script><p>Suchen</p>'
    assert english_words(html) == ["Search Suchen"]
    assert visible_text(html) == "Search Suchen"


def test_the_admin_time_zone_note_and_calendar_are_german(db: Any) -> None:
    text = _superuser().get(reverse("admin:jsi18n")).content.decode()
    assert "Hinweis: Bitte Uhrzeiten in der Zeitzone" in text and "Stunden voraus" in text
    assert '"Heute (%(date)s)"' in text  # the catalogue maps the English key to this


def test_the_two_factor_button_says_anmelden() -> None:
    with translation.override("de"):
        assert translation.gettext("Sign In") == "Anmelden"
        assert translation.gettext("Change Email") == "E-Mail-Adresse ändern"


def test_audit_actions_and_notification_kinds_read_as_german_labels(demo: None) -> None:
    client = _superuser()
    audit = client.get(reverse("admin:wegbegleitung_auditevent_changelist")).content.decode()
    assert "Einrichtung: angelegt" in audit and "einrichtung.create" not in visible_text(audit)
    kinds = client.get(reverse("admin:wegbegleitung_benachrichtigung_changelist"))
    assert internal_codes(kinds.content.decode()) == []


def test_shared_meeting_times_read_as_weekday_and_time_of_day() -> None:
    with translation.override("de"):
        assert slot_label("mo-nachmittag") == "Montag Nachmittag"
    assert internal_codes("<p>1 von 1: mo-nachmittag</p>") == ["mo-nachmittag"]
    assert internal_codes("<p>wegbegleiter.exit_request</p>") == ["wegbegleiter.exit_request"]
    assert internal_codes("<p>koordination@demo.wegbegleitung.org</p>") == []


def test_the_public_page_and_concerns_list_use_the_agreed_words(db: Any) -> None:
    with translation.override("de"):
        assert translation.gettext("Concerns") == "Meldungen"
    assert du_words("<p>Wenn du magst</p>") and not du_words("<p>Wenn Sie mögen</p>")


def test_check_translations_knows_which_django_strings_lack_german() -> None:
    from wegbegleitung.management.commands.check_translations import _upstream_gaps

    gaps = _upstream_gaps([])  # without our catalogues: Django 6.1's German has these holes
    assert any("'Run'" in gap for gap in gaps)
    assert any("'- Select an option -'" in gap for gap in gaps)
    assert any("Note: Enter times in the" in gap for gap in gaps)
    call_command("check_translations", stdout=StringIO())  # with ours: none left
