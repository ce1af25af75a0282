"""Every PDF keeps its stylesheet under production static settings.

In production ``{% static %}`` names the hashed copy that ``collectstatic`` wrote
(``schutzkonzept/pdf.1a2b3c.css``); WeasyPrint's fetcher must find it there, or the letters,
the code of conduct and the agreement come out unstyled. The style is checked where a reader
sees it: the font from the stylesheet (``pdffonts``; unstyled, WeasyPrint sets DejaVu Serif)
and the page counter in the footer of ``@page`` (unstyled, there is none).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from matching.models import Vereinbarung
from schutzkonzept.models import Antragsbestaetigung
from schutzkonzept.pdf import private_path
from schutzkonzept.services.certificates import antragsbestaetigung_create
from schutzkonzept.services.conduct import verhaltenskodex_sign
from tests.conftest import need, pdf_text
from tests.factories import RegionFactory
from tests.matching.factories import confirm_all, propose, to_agreement
from tests.schutzkonzept.factories import VerhaltenskodexFactory, make_wegbegleiter
from wegbegleitung.models import Country

# what wegbegleitung/settings.py uses when DJANGO_DEBUG is off
PRODUCTION_STATICFILES = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any) -> Path:
    """A real ``collectstatic`` with the production storage (hashed names and a manifest)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=_storages()):
        call_command("collectstatic", "--no-input", verbosity=0)
    return root


def _storages() -> dict[str, Any]:
    from django.conf import settings

    return {**settings.STORAGES, "staticfiles": PRODUCTION_STATICFILES}


@pytest.fixture
def production_static(collected: Path, settings: Any) -> None:
    settings.DEBUG = False
    settings.STATIC_ROOT = collected
    settings.STORAGES = _storages()
    settings.WHITENOISE_USE_FINDERS = False


def _poppler(tool: str, *args: str) -> str:
    executable = shutil.which(tool)
    need(executable is not None, f"{tool} is not installed (Debian: poppler-utils)")
    return subprocess.run(
        [str(executable), *args], capture_output=True, check=True, text=True
    ).stdout


def assert_styled(path: Path) -> None:
    fonts = _poppler("pdffonts", str(path))
    assert "DejaVu-Sans" in fonts or "DejaVuSans" in fonts, fonts  # body { font-family: … }
    text = " ".join(pdf_text(path).split())
    # @page { @bottom-center { content: counter(page) " / " counter(pages) } }
    assert re.search(r"\b1 ?/ ?[12]\b", text), text[-80:]


@pytest.mark.parametrize("country", [Country.DE, Country.AT, Country.CH])
def test_the_confirmation_letters_keep_their_style(
    country: str, db: Any, production_static: None, django_capture_on_commit_callbacks: Any
) -> None:
    region = RegionFactory(name=f"Region {country}", country=country)
    wegbegleiter = make_wegbegleiter(region, email="lena@example.org", first_name="Lena")
    with django_capture_on_commit_callbacks(execute=True):
        antragsbestaetigung_create(acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter)
    assert_styled(private_path(Antragsbestaetigung.objects.get().pdf))


def test_the_signed_code_of_conduct_keeps_its_style(
    region_a: Any, production_static: None, django_capture_on_commit_callbacks: Any
) -> None:
    wegbegleiter = make_wegbegleiter(
        region_a, email="wiebke@example.org", first_name="Wiebke", last_name="Wagner"
    )
    with django_capture_on_commit_callbacks(execute=True):
        unterzeichnung = verhaltenskodex_sign(
            acting_user=wegbegleiter.user,
            wegbegleiter=wegbegleiter,
            kodex=VerhaltenskodexFactory(),
            typed_name="Wiebke Wagner",
            confirmed=True,
        )
    unterzeichnung.refresh_from_db()
    assert_styled(private_path(unterzeichnung.pdf))


def test_the_agreement_keeps_its_style(
    alice: Any,
    staff_a: Any,
    anfrage_a: Any,
    mentor_a: Any,
    production_static: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_all(alice, staff_a, begleitung)
    assert_styled(private_path(Vereinbarung.objects.get().pdf))


def test_the_stylesheet_the_documents_name_is_the_hashed_copy(production_static: None) -> None:
    """The premise of this file: production names a file that only collectstatic made."""
    from django.templatetags.static import static

    url = static("schutzkonzept/pdf.css")
    assert url != "/static/schutzkonzept/pdf.css" and url.endswith(".css")
