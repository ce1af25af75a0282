"""Property-based input tests: post arbitrary data through a real page and watch what happens.

How a page is attacked: the page is fetched as a browser would (GET), its form read from the
HTML (every named input, select and textarea with the value a browser would send), and then each
visible field either keeps that value, gets a valid value the test supplies, or gets hostile
input: control characters, NUL bytes, huge strings, absurd dates (year 1, 9999, 30 February),
negative and enormous numbers, values of the wrong type. Hidden fields (ids, management forms)
keep their values, so the page's own machinery is exercised and not simply bypassed.

The properties: the server never answers 5xx (the test client re-raises any exception), and
when it refuses the input (no redirect, or an error message after one) no row of any domain
table changed. The audit trail is left out of the comparison: opening a record is audited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

APPS = ("wegbegleitung", "einrichtungen", "schutzkonzept", "matching", "auth")
NOT_COMPARED = {"wegbegleitung.auditevent", "auth.permission"}

# --- hostile values ---------------------------------------------------------------------------

_ODD_STRINGS = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\u202e", "\ufeff", "💥", "0", "-1", "-32769", "32768",
    "99999999999999999999999", "1e309", "NaN", "inf", "-inf", "0.0000001", "1,5", "true", "null",
    "[]", "{}", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd",
    "0001-01-01", "9999-12-31", "10000-01-01", "2024-02-30", "2023-13-01", "31.12.9999",
    "1.1.0001", "0000-00-00", "-2024-01-01", "2024-1-1", "01/02/03",
]  # fmt: skip

control_text = st.text(st.characters(max_codepoint=0x1F), max_size=20)
nul_text = st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=10), st.text(max_size=10))
huge_text = st.sampled_from([5001, 10001, 50001, 200_000]).map(lambda n: "x" * n)
numbers = st.integers(min_value=-(10**20), max_value=10**20).map(str)
any_date = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)


def near_today(days: int = 800) -> st.SearchStrategy[str]:
    today = timezone.localdate()
    return st.integers(min_value=-days, max_value=days).map(
        lambda d: (today + timedelta(days=d)).isoformat()
    )


hostile = st.one_of(
    st.sampled_from(_ODD_STRINGS),
    st.text(max_size=40),
    control_text,
    nul_text,
    huge_text,
    numbers,
    any_date,
)


# --- reading a form as a browser would --------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, date, number, ...
    value: Any
    options: list[str] = field(default_factory=list)
    multiple: bool = False


class _FormReader(HTMLParser):
    """The named controls of each <form method=post>, with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Field]] = []
        self.fields: dict[str, Field] = {}
        self._in_form = False
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.fields = {}
            self.forms.append(self.fields)
        if not self._in_form:
            return
        name = a.get("name", "")
        if tag == "input" and name and "__prefix__" not in name:
            self._input(name, a)
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = self.fields.setdefault(
                name, Field(name, "select", [], multiple="multiple" in a)
            )
        elif tag == "option" and self._select is not None:
            self._option(a)
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = self.fields.setdefault(name, Field(name, "textarea", ""))

    def _input(self, name: str, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if kind in ("submit", "button", "image", "reset", "file"):
            return
        if kind in ("checkbox", "radio"):
            f = self.fields.setdefault(name, Field(name, kind, []))
            f.options.append(a.get("value", "on"))
            if "checked" in a:
                f.value.append(a.get("value", "on"))
            return
        self.fields[name] = Field(name, kind, a.get("value", ""))

    def _option(self, a: dict[str, str]) -> None:
        assert self._select is not None
        value = a.get("value", "")
        self._select.options.append(value)
        if "selected" in a:
            self._select.value.append(value)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select is not None:
            if not self._select.value and self._select.options and not self._select.multiple:
                self._select.value = [self._select.options[0]]
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def read_form(html: str) -> dict[str, Field]:
    """The page's main form: the one with the most controls (not the logout button's)."""
    reader = _FormReader()
    reader.feed(html)
    return max(reader.forms, key=len, default={})


def browser_data(fields: Mapping[str, Field]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields.values():
        if f.kind in ("checkbox", "radio") or (f.kind == "select" and f.multiple):
            if f.value:
                data[f.name] = list(f.value)
        elif f.kind == "select":
            data[f.name] = f.value[0] if f.value else ""
        else:
            data[f.name] = f.value
    return data


_DATEISH = re.compile(r"(datum|_on$|_am$|_at(_0)?$|date|ueberpruefung|seit|-0-held_on)")


def _hostile_for(f: Field) -> st.SearchStrategy[Any]:
    if f.kind in ("checkbox",) or (f.kind == "select" and f.multiple):
        choices = st.lists(st.one_of(st.sampled_from(f.options or [""]), hostile), max_size=3)
        return st.one_of(choices, hostile)
    if f.kind in ("select", "radio"):
        return st.one_of(st.sampled_from(f.options or [""]), hostile)
    if f.kind == "date" or _DATEISH.search(f.name):
        return st.one_of(any_date, near_today(), hostile)
    if f.kind == "number":
        return st.one_of(numbers, st.integers(-5, 2000).map(str), hostile)
    return hostile


def form_strategy(
    fields: Mapping[str, Field], valid: Mapping[str, Any] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Per visible field: the browser's value, a valid value (``valid``), or hostile input."""
    base = browser_data(fields)
    valid = dict(valid or {})
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for name, f in fields.items():
        if f.kind == "hidden" or name == "csrfmiddlewaretoken":
            continue
        keep = [st.just(base[name])] if name in base else [st.just(None)]
        if name in valid:
            keep.append(st.just(valid[name]))
        parts[name] = st.one_of(*keep, _hostile_for(f))

    def merge(chosen: dict[str, Any]) -> dict[str, Any]:
        data = {**base, **valid}
        for name, value in chosen.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return data

    return st.fixed_dictionaries(parts).map(merge)


# --- the properties ---------------------------------------------------------------------------


def dump() -> dict[str, list[dict[str, Any]]]:
    """Every row of every domain table (the state a refused input must leave untouched)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            key = model._meta.label_lower
            if model._meta.proxy or key in NOT_COMPARED:
                continue
            rows[key] = list(model._default_manager.order_by("pk").values())
    return rows


def refused(response: Any) -> bool:
    if response.status_code not in (301, 302, 303):
        return True
    return any(m.level >= ERROR for m in get_messages(response.wsgi_request))


def post_and_check(
    client: Client, url: str, data: dict[str, Any], accepted: Callable[[Any], bool] | None = None
) -> Any:
    """Post ``data``; never a server error, and a refusal changes nothing stored.

    ``accepted`` tells a page that answers success without a redirect (a thank-you page).
    """
    before = dump()
    response = client.post(url, data)  # an exception in the view propagates: a 500
    assert response.status_code < 500, (url, response.status_code)
    if accepted is not None and accepted(response):
        return response
    if refused(response):
        after = dump()
        changed = [k for k in before if before[k] != after[k]]
        assert not changed, f"refused input at {url} changed {changed}"
    return response


def fields_of(client: Client, url: str) -> dict[str, Field]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    fields = read_form(response.content.decode())
    assert fields, f"no form found at {url}"
    return fields


@dataclass
class Page:
    """A form page as a logged-in user sees it, read once before the examples run."""

    client: Client
    url: str
    fields: dict[str, Field]

    @classmethod
    def open(cls, client: Client, url: str) -> Page:
        return cls(client, url, fields_of(client, url))

    def fuzz(
        self,
        data: Any,
        valid: Mapping[str, Any] | None = None,
        accepted: Callable[[Any], bool] | None = None,
    ) -> Any:
        payload = data.draw(form_strategy(self.fields, valid), label="posted")
        return post_and_check(self.client, self.url, payload, accepted)
