"""PDF documents with WeasyPrint, stored privately.

WeasyPrint may load only the project's own static files: a template (or a text someone entered)
that names a remote URL, a ``file://`` path or anything else is not fetched. Files are written
below ``settings.PRIVATE_FILES_ROOT`` and only ever streamed by views that check permission.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# Relative URLs in the documents resolve against this origin; it names no real host (.invalid),
# and the fetcher answers it from the collected static files or the finders, never the network.
STATIC_BASE_URL = "https://static.wegbegleitung.invalid/"
_STATIC_PREFIX = "/" + settings.STATIC_URL.strip("/") + "/"


class FetchRefused(ValueError):
    """WeasyPrint asked for something outside the project's static files."""


def static_path_for(url: str) -> Path | None:
    """The static file a document URL points to, or None when it is anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != STATIC_BASE_URL:
        return None
    path = unquote(parts.path)
    if not path.startswith(_STATIC_PREFIX):
        return None
    relative = path[len(_STATIC_PREFIX) :]
    if not relative or posixpath.normpath(relative) != relative or relative.startswith(".."):
        return None
    return _in_sources(relative) or _collected(relative)


def _collected(relative: str) -> Path | None:
    """The file ``collectstatic`` wrote: in production ``{% static %}`` names the hashed copy
    (``pdf.3f2a….css``), which exists only there, never in the apps' static folders."""
    try:
        found = Path(staticfiles_storage.path(relative))
    except (NotImplementedError, SuspiciousFileOperation):
        return None
    return found if found.is_file() else None


def _in_sources(relative: str) -> Path | None:
    """The apps' static folders (development: ``{% static %}`` names the plain file; a stale
    copy a former ``collectstatic`` left in STATIC_ROOT must not win over the source)."""
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def make_url_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=["https", "data"], timeout=1)
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = static_path_for(url)
            if found is None:
                self.refused.append(url)
                logger.warning("PDF rendering: refused to fetch %s", url[:200])
                raise FetchRefused(url)
            self.served.append(url)
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=found.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher()


def render_pdf(template: str, context: dict[str, Any], *, fetcher: Any = None) -> bytes:
    """Render ``template`` to PDF bytes, in German (the documents go to German-speaking offices)."""
    from weasyprint import HTML

    organisation = {
        "name": settings.WB_ORGANISATION_NAME,
        "address": settings.WB_ORGANISATION_ADDRESS,
    }
    with translation.override("de"):
        html = render_to_string(template, {"organisation": organisation, **context})
    document = HTML(
        string=html, base_url=STATIC_BASE_URL, url_fetcher=fetcher or make_url_fetcher()
    )
    pdf: bytes = document.write_pdf()
    return pdf


def store_private(kind: str, content: bytes) -> str:
    """Write ``content`` below PRIVATE_FILES_ROOT; returns the relative path to keep."""
    relative = f"schutzkonzept/{kind}/{uuid.uuid4().hex}.pdf"
    target = private_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return relative


def private_path(relative: str) -> Path:
    root = Path(settings.PRIVATE_FILES_ROOT).resolve()
    target = (root / relative).resolve()
    if root not in target.parents:
        raise ValueError("private file path leaves PRIVATE_FILES_ROOT")
    return target
