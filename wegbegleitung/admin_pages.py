"""Pages of higher apps on the admin site (the reports, the import): added to the site's URLs
without replacing what another app added, each view behind the admin's login and the app's own
permission check, rendered with the admin's context."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver

View = Callable[..., HttpResponse]
Wrap = Callable[[View], View]


def add_admin_pages(
    site: AdminSite,
    allowed: Callable[[Any], bool],
    routes: Callable[[Wrap], Sequence[URLPattern | URLResolver]],
) -> None:
    """Put ``routes(wrap)`` in front of the site's URLs; ``wrap(view)`` makes a view an admin
    view that answers 403 unless ``allowed(request.user)``, and gives it ``request.admin_site``."""
    original_urls = site.get_urls

    def get_urls() -> list[URLPattern | URLResolver]:
        def wrap(view: View) -> View:
            def guarded(request: HttpRequest, **kwargs: Any) -> HttpResponse:
                if not allowed(request.user):
                    raise PermissionDenied
                request.admin_site = site  # type: ignore[attr-defined]
                return view(request, **kwargs)

            return site.admin_view(guarded)

        return [*routes(wrap), *original_urls()]

    site.get_urls = get_urls  # type: ignore[method-assign]


def admin_page_context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    """The admin's own context (navigation, user links) for a page added by ``add_admin_pages``."""
    site: AdminSite = request.admin_site  # type: ignore[attr-defined]
    return {**site.each_context(request), "title": title, **extra}
