"""Hostile input on every admin form: every ModelAdmin in ``admin.site._registry``, its add page
where adding is allowed and the change page of a record where changing is allowed, posted by a
superuser (who sees every choice) on the demo data.

Property (tests/input_fuzz.py): never a server error, and a refused input changes nothing stored.
Also: a NUL byte in the admin's search box or filters is no server error.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory, add_totp
from tests.input_fuzz import FUZZ, Field, Page, fields_of

pytestmark = pytest.mark.django_db


def admin_form_urls(user: Any) -> list[str]:
    """The add page and one change page of every registered ModelAdmin the user may post to."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls: list[str] = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None and model_admin.has_change_permission(request, obj):
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return urls


@pytest.fixture
def superuser(client: Any) -> Any:
    call_command("demo", stdout=StringIO())
    user = UserFactory(is_staff=True, is_superuser=True, email="root@example.org")
    add_totp(user)
    client.force_login(user)
    return user


EXPECTED = [
    "/einrichtungen/jugendliche/", "/einrichtungen/einrichtung/add/",
    "/schutzkonzept/fuehrungszeugnis/add/", "/schutzkonzept/schutzschulung/add/",
    "/schutzkonzept/verhaltenskodex/add/", "/wegbegleitung/supervision/add/",
    "/wegbegleitung/schulungstermin/add/", "/wegbegleitung/wegbegleiter/",
    "/matching/kapazitaet/add/", "/matching/gewichtung/", "/matching/wunsch/add/",
]  # fmt: skip


@pytest.fixture
def admin_pages(client: Any, superuser: Any) -> dict[str, dict[str, Field]]:
    pages = {url: fields_of(client, url) for url in admin_form_urls(superuser)}
    # a guard for the fuzz: the enumeration reaches the forms coordinators type into
    missing = [part for part in EXPECTED if not any(part in url for url in pages)]
    assert not missing, missing
    return pages


@settings(FUZZ, max_examples=45)
@given(data=st.data())
def test_admin_forms(client: Any, admin_pages: dict[str, dict[str, Field]], data: Any) -> None:
    url = data.draw(st.sampled_from(sorted(admin_pages)), label="page")
    Page(client, url, admin_pages[url]).fuzz(data)


def test_nul_in_admin_search_and_filters_is_no_server_error(client: Any, superuser: Any) -> None:
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for query in ({"q": "a\x00b"}, {"status": "\x00"}, {"o": "\x00"}, {"p": "\x00"}):
            response = client.get(url, query)
            assert response.status_code < 500, (url, query)


def test_a_participant_of_another_region_is_refused_on_the_form(
    client: Any, region_a: Any, region_b: Any
) -> None:
    """A superuser sees every region's volunteers; on main choosing one of another region for a
    training session failed after the session was saved: a server error."""
    from tests.schutzkonzept.factories import make_wegbegleiter
    from wegbegleitung.models import Schulungstermin

    other = make_wegbegleiter(region_b, email="wien@example.org")
    root = UserFactory(is_staff=True, is_superuser=True, email="root@example.org")
    add_totp(root)
    client.force_login(root)
    url = reverse("admin:wegbegleitung_schulungstermin_add")
    fields = fields_of(client, url)
    data = {name: f.value for name, f in fields.items() if f.kind == "hidden"}
    participant = next(name for name in fields if name.endswith("-0-wegbegleiter"))
    data.update({
        "title": "Grundschulung", "region": str(region_a.pk), "hours": "6",
        "starts_at_0": "2026-01-10", "starts_at_1": "10:00", participant: str(other.pk),
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "gehört zu einer anderen Region" in response.content.decode()
    assert not Schulungstermin.objects.exists()
